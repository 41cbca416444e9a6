export const figuresResolvers = [] as const;
