import type { EngineName } from './engines';

export interface DatabaseOptions {
  databaseUrl?: string;
  database: string;
  dataDir: string;
}

export interface TestDatabase<D> {
  name: EngineName;
  open(): Promise<{ db: D; close(): Promise<void> }>;
}

/** One real database per engine of this run, opened by `open` (the subgraph's own opener, which migrates). */
export declare function testDatabases<D extends { destroy(): Promise<void> }>(label: string, open: (opts: DatabaseOptions) => Promise<D>): TestDatabase<D>[];
