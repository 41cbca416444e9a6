export * from './app';
export * from './schema';
export * from './entities';
export { migrations } from './migrations';
