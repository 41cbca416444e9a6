import { ConfigError, type Env } from './index';
import { subgraph, type SubgraphName } from './subgraphs';

/**
 * What a process says when it cannot start: one sentence naming the variable to change,
 * never a raw Node stack trace for the failures a person can fix (a taken port, an
 * unreachable database, a bad setting).
 */

export interface StartupContext {
  /** gateway, members, cases, benefits, or a command's name. */
  name: string;
  /** The variable that moves its port, e.g. GATEWAY_PORT. */
  portVariable?: string;
  /** Subgraphs: the variable their database URL came from (see databaseVariable). */
  databaseVariable?: string;
  env?: Env;
}

/** The variable a subgraph's database URL is read from: `<SERVICE>_DATABASE_URL` when set, else DATABASE_URL. */
export function databaseVariable(service: SubgraphName, env: Env = process.env): string {
  const own = subgraph(service).databaseVariable;
  return env[own] ? own : 'DATABASE_URL';
}

/** What a subgraph's main says when it cannot start: its name, the variables that move its port and its database. */
export function subgraphStartup(service: SubgraphName, env: Env = process.env): StartupContext {
  return { name: service, portVariable: subgraph(service).portVariable, databaseVariable: databaseVariable(service, env), env };
}

/** A URL with its password replaced, fit for a message. */
export const maskUrl = (url: string): string => url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');

const DATABASE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
]);

/** Errors of @lianxin/subgraph's migrate.ts whose message already says what to do (a schema behind the code, a migration lock held too long). */
const SCHEMA_CODES = new Set(['SCHEMA_NOT_CURRENT', 'MIGRATION_LOCK_TIMEOUT']);

/** The sentence for a failure a person can fix, or undefined for anything else (a bug: print it whole). */
export function describeStartupError(err: unknown, ctx: StartupContext): string | undefined {
  if (err instanceof ConfigError) return `${ctx.name}: ${err.message}`;
  if (!(err instanceof Error)) return undefined;
  const e = err as Error & { code?: string; port?: number; address?: string; syscall?: string };
  if (e.code && SCHEMA_CODES.has(e.code)) return `${ctx.name}: ${e.message}`;
  if (e.code === 'EADDRINUSE' && ctx.portVariable) {
    return `${ctx.name}: port ${e.port ?? '?'} is in use; set ${ctx.portVariable} to another port (or stop what holds it: is Lianxin already running?)`;
  }
  if ((e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') && e.syscall === 'listen' && ctx.portVariable) {
    return `${ctx.name}: cannot listen on port ${e.port ?? '?'}${e.address ? ` at ${e.address}` : ''} (${e.code}); set ${ctx.portVariable} to a free port above 1023, or HOST to an address of this machine.`;
  }
  if (e.code && DATABASE_CODES.has(e.code) && ctx.databaseVariable) {
    const env = ctx.env ?? process.env;
    const url = env[ctx.databaseVariable];
    const where = url ? `${ctx.databaseVariable}=${maskUrl(url)}` : ctx.databaseVariable;
    // A refused connection to a host with two addresses is an AggregateError with an empty message.
    const detail = e.message ? `${e.code}: ${maskUrl(e.message)}` : e.code;
    return `${ctx.name}: cannot open the database at ${where} (${detail}); start MariaDB there, or correct ${ctx.databaseVariable}.`;
  }
  return undefined;
}

/** For main().catch: print the sentence (or the whole error, if it is a bug: its stack helps) and exit 1. */
export function exitOnStartupError(err: unknown, ctx: StartupContext): never {
  const sentence = describeStartupError(err, ctx);
  console.error(sentence ?? err);
  process.exit(1);
}

type Loaded<T extends readonly (() => unknown)[]> = { -readonly [K in keyof T]: T[K] extends () => infer R ? R : never };

/**
 * Runs every loader, even after one has failed, and throws one ConfigError holding all
 * their problems (each once): a process with several settings modules names every bad
 * variable in one go.
 */
export function loadAll<T extends readonly (() => unknown)[]>(...loaders: T): Loaded<T> {
  const problems: string[] = [];
  const results = loaders.map((load) => {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      for (const p of err.problems) if (!problems.includes(p)) problems.push(p);
      return undefined;
    }
  });
  if (problems.length) throw new ConfigError(problems);
  return results as Loaded<T>;
}
