export const projectResolvers = [] as const;
