export * from './caller';
export * from './org-path';
export * from './scope';
export * from './internal-token';
export * from './ids';
