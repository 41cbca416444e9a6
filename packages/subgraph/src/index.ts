import 'reflect-metadata';

export * from './access';
export * from './build';
export * from './bulk-insert';
export * from './config';
export * from './connection';
export * from './context';
export * from './data';
export * from './db';
export * from './errors';
export * from './input-guard';
export * from './loaders';
export * from './log';
export * from './org-directory';
export * from './paging';
export * from './scoped';
export * from './schedule';
export * from './server';
