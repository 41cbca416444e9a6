import type { Env } from './index';

/**
 * Every subgraph, once. The gateway's URLs, `npm start`, the schema generator, the test
 * harness, the bench and the configuration check all derive what they need from this list,
 * so adding a subgraph is a line here (and its package), not an edit in every tool.
 * Order matters: members first, since the others read the org tree from it at start.
 */
const LIST = [
  { name: 'members', port: 4001, readsOrgTree: false, readsCases: false },
  { name: 'cases', port: 4002, readsOrgTree: true, readsCases: false },
  { name: 'benefits', port: 4003, readsOrgTree: true, readsCases: true },
] as const;

export type SubgraphName = (typeof LIST)[number]['name'];

export const GATEWAY_PORT = 4000;

export interface Subgraph {
  name: SubgraphName;
  /** The default port; `<NAME>_PORT` moves it. */
  port: number;
  /** It asks members (the owner of the org tree) for org paths, so it is told MEMBERS_URL. */
  readsOrgTree: boolean;
  /** It asks cases about a case (benefits, opening aid from one), so it is told CASES_URL. */
  readsCases: boolean;
  /** `<NAME>_PORT`, `<NAME>_URL` (where the gateway and the others find it), `<NAME>_DATABASE_URL`. */
  portVariable: string;
  urlVariable: string;
  databaseVariable: string;
  /** Where it answers when nothing is set; also the URL recorded in the supergraph. */
  defaultUrl: string;
  /** Its committed SDL and its built entry point, relative to the repository root. */
  sdlFile: string;
  mainFile: string;
  /** Its built `npm run migrate` entry point (scripts/migrate.mjs runs every subgraph's). */
  migrateFile: string;
  /** Its workspace package, which exports `buildServiceSubgraph`. */
  packageName: string;
}

/** A subgraph's GraphQL endpoint on a port of this machine (or `host`). */
export const graphqlUrl = (port: number, host = '127.0.0.1'): string => `http://${host}:${port}/graphql`;

export const SUBGRAPHS: readonly Subgraph[] = LIST.map(({ name, port, readsOrgTree, readsCases }) => {
  const prefix = name.toUpperCase();
  return {
    name,
    port,
    readsOrgTree,
    readsCases,
    portVariable: `${prefix}_PORT`,
    urlVariable: `${prefix}_URL`,
    databaseVariable: `${prefix}_DATABASE_URL`,
    defaultUrl: graphqlUrl(port),
    sdlFile: `services/${name}/schema.graphql`,
    mainFile: `services/${name}/dist/main.js`,
    migrateFile: `services/${name}/dist/migrate-cli.js`,
    packageName: `@lianxin/${name}`,
  };
});

export const SUBGRAPH_NAMES: readonly SubgraphName[] = SUBGRAPHS.map((s) => s.name);

export function subgraph(name: SubgraphName): Subgraph {
  const found = SUBGRAPHS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown subgraph "${name}"`);
  return found;
}

/** A record with an entry for every subgraph. */
export function perSubgraph<T>(value: (s: Subgraph) => T): Record<SubgraphName, T> {
  return Object.fromEntries(SUBGRAPHS.map((s) => [s.name, value(s)])) as Record<SubgraphName, T>;
}

/** `<NAME>_URL` for every subgraph: what the gateway is given to find them. */
export function subgraphUrlEnv(urls: Record<SubgraphName, string>): Record<string, string> {
  return Object.fromEntries(SUBGRAPHS.map((s) => [s.urlVariable, urls[s.name]]));
}

/** What a subgraph process is told at start beyond the shared settings: its port, where members is if it reads the org tree, where cases is if it reads cases. */
export function subgraphProcessEnv(s: Subgraph, port: number, membersUrl: string, casesUrl?: string): Record<string, string> {
  return {
    [s.portVariable]: String(port),
    ...(s.readsOrgTree ? { [subgraph('members').urlVariable]: membersUrl } : {}),
    ...(s.readsCases && casesUrl ? { [subgraph('cases').urlVariable]: casesUrl } : {}),
  };
}

/** The subgraphs with no database URL in `env`: they run on the embedded SQLite database. */
export function embeddedSubgraphs(env: Env): SubgraphName[] {
  return SUBGRAPHS.filter((s) => !(env[s.databaseVariable] || env.DATABASE_URL)).map((s) => s.name);
}
