export * from './caller';
export * from './org-path';
export * from './scope';
export * from './internal-token';
export * from './internal-tokens';
export * from './internal-client';
export * from './scope-anchor';
export * from './ids';
