import 'reflect-metadata';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { openDatabase, serveSubgraph, type RunningService } from '@lianxin/subgraph';
import { entities } from './entities';
import { migrations } from './migrations';
import { buildMembersSubgraph, SUBGRAPH_NAME } from './schema';

export interface MembersOptions {
  port: number;
  host?: string;
  databaseUrl?: string;
  /** Database (MariaDB) or file (SQLite) name; defaults to lianxin_members / members. */
  database?: string;
  dataDir: string;
  internalSecret: string;
  log: Logger;
}

export function openMembersDatabase(opts: Pick<MembersOptions, 'databaseUrl' | 'database' | 'dataDir' | 'log'>): Promise<DataSource> {
  return openDatabase({ url: opts.databaseUrl, database: opts.database, dataDir: opts.dataDir, service: SUBGRAPH_NAME, entities, migrations, log: opts.log });
}

/** Opens (and migrates) the members database and serves the subgraph. Used by main.ts and the e2e tests. */
export async function startMembers(opts: MembersOptions, db?: DataSource): Promise<RunningService & { db: DataSource }> {
  const database = db ?? (await openMembersDatabase(opts));
  const subgraph = await buildMembersSubgraph();
  const service = await serveSubgraph({ subgraph, db: database, log: opts.log, port: opts.port, host: opts.host, internalSecret: opts.internalSecret });
  return { ...service, db: database };
}
