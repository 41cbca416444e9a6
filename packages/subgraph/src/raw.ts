import { getMetadataArgsStorage, type DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DateUtils } from 'typeorm/util/DateUtils';
import { requireScope, type SubgraphContext } from './context';
import { unscoped } from './data';
import { engineOfDataSource, observerOf, sqlStats } from './db';
import { scopePredicate, type ScopeColumns } from './scoped';

/**
 * Raw statements: the few hot reads where a query builder's cost (building the SQL, hydrating
 * entities, one round trip per table) is most of the request. Each one is defined once, at
 * module load, with what it may touch and how it is kept in scope, and runs as a prepared
 * mysql2 statement (parsed by the server once per connection) or a plain query on the
 * embedded engine.
 *
 * Scope stays in one place: a statement that reads a scoped table either says which columns
 * scope it (`scope`), and its SQL carries the marker `/*scope*\/` where runRaw() puts the
 * caller's predicate, built by the same scopePredicate() that scoped() uses (a join of two
 * scoped tables lists both column sets and carries one marker for each, in that order, so
 * each table is kept in scope by its own columns); or it names
 * why it needs none (`unscoped`), the same greppable way out as unscoped(). Every definition
 * is kept in a registry, so a test can list them all and check each one (see
 * rawStatements()).
 */
export type RawAccess = { scope: ScopeColumns | readonly ScopeColumns[] } | { unscoped: string };

/** The column sets of a scoped statement, one per marker, in the order the markers stand in its SQL. */
const scopesOf = (access: { scope: ScopeColumns | readonly ScopeColumns[] }): readonly ScopeColumns[] => (Array.isArray(access.scope) ? access.scope : [access.scope as ScopeColumns]);

export interface RawStatement {
  readonly name: string;
  readonly sql: string;
  /** Every table the SQL reads, for the registry's checks. */
  readonly tables: readonly string[];
  readonly access: RawAccess;
}

export const SCOPE_MARKER = '/*scope*/';

const registry = new Map<string, RawStatement>();

export function defineRaw(def: RawStatement): RawStatement {
  if (registry.has(def.name)) throw new Error(`raw statement ${def.name} is defined twice`);
  const marks = def.sql.split(SCOPE_MARKER).length - 1;
  if ('scope' in def.access) {
    const want = scopesOf(def.access).length;
    if (want === 0) throw new Error(`raw statement ${def.name} is scoped but names no scope columns`);
    if (marks !== want) throw new Error(`raw statement ${def.name} is scoped, so its SQL must hold ${SCOPE_MARKER} exactly ${want === 1 ? 'once' : `${want} times, once for each set of scope columns`} (found ${marks})`);
  } else {
    if (marks !== 0) throw new Error(`raw statement ${def.name} is unscoped but its SQL holds ${SCOPE_MARKER}`);
    if (!def.access.unscoped.trim()) throw new Error(`raw statement ${def.name}: an unscoped statement must say why`);
  }
  if (/:\w/.test(def.sql.replaceAll(SCOPE_MARKER, ''))) throw new Error(`raw statement ${def.name}: use ? placeholders, not named ones`);
  const frozen = Object.freeze({ ...def, tables: Object.freeze([...def.tables]) });
  registry.set(def.name, frozen);
  return frozen;
}

/** Every raw statement defined in this process, for the tests that check them. */
export function rawStatements(): RawStatement[] {
  return [...registry.values()];
}

/** `:name` and `:...name` parameters (as scopePredicate() writes them) as `?` placeholders, in order. */
function positional(sql: string, params: Record<string, unknown>): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const text = sql.replace(/:(\.\.\.)?(\w+)/g, (_, spread: string | undefined, name: string) => {
    if (!(name in params)) throw new Error(`scope parameter ${name} missing`);
    const v = params[name];
    if (spread) {
      const list = v as unknown[];
      // An empty IN () is a syntax error; no value can match NULL through IN.
      if (list.length === 0) return 'NULL';
      values.push(...list);
      return list.map(() => '?').join(', ');
    }
    values.push(v);
    return '?';
  });
  return { sql: text, values };
}

interface MysqlPool {
  execute(sql: string, values: unknown[], cb: (err: Error | null, rows: unknown) => void): void;
}

/**
 * Runs a defined statement with its `?` parameters. The caller's scope (for a scoped
 * statement) comes from the context and fails closed: no verified scope throws, a scope the
 * statement has no column for matches nothing.
 */
export async function runRaw<T>(ctx: Pick<SubgraphContext, 'scope' | 'db'>, statement: RawStatement, params: readonly unknown[]): Promise<T[]> {
  if (registry.get(statement.name) !== statement) throw new Error(`raw statement ${statement.name} was not made by defineRaw()`);
  let sql = statement.sql;
  let values: unknown[] = [...params];
  if ('scope' in statement.access) {
    // Each marker in turn: its predicate's placeholders come after the ones written before it.
    const scope = requireScope(ctx);
    const parts = sql.split(SCOPE_MARKER);
    const out: unknown[] = [];
    let used = 0;
    sql = parts[0];
    scopesOf(statement.access).forEach((columns, i) => {
      const before = (parts[i].match(/\?/g) ?? []).length;
      out.push(...values.slice(used, used + before));
      used += before;
      const predicate = positional(...Object.values(scopePredicate(scope, columns)) as [string, Record<string, unknown>]);
      out.push(...predicate.values);
      sql += predicate.sql + parts[i + 1];
    });
    values = [...out, ...values.slice(used)];
  }
  if (values.some(Array.isArray)) ({ sql, values } = expandLists(sql, values));
  // The scope is in the SQL by now; the source is only how it reaches the server.
  return execute<T>(unscoped(ctx, `raw statement ${statement.name}, scoped as its definition says`), sql, values);
}

/**
 * A list parameter (`o.id IN (?)` given an array) becomes one placeholder per value. The
 * list is padded to the next power of two by repeating its last value (the same answer from
 * IN), so a loader's batches of 1 to 500 keys make at most ten statements for the server to
 * prepare on each connection, not one per length. An empty list is NULL, which nothing is IN.
 */
function expandLists(sql: string, values: readonly unknown[]): { sql: string; values: unknown[] } {
  const out: unknown[] = [];
  let i = 0;
  const text = sql.replace(/\?/g, () => {
    const v = values[i++];
    if (!Array.isArray(v)) {
      out.push(v);
      return '?';
    }
    if (v.length === 0) return 'NULL';
    let size = 1;
    while (size < v.length) size *= 2;
    for (let k = 0; k < size; k++) out.push(v[Math.min(k, v.length - 1)]);
    return new Array<string>(size).fill('?').join(', ');
  });
  return { sql: text, values: out };
}

interface Hydration {
  /** `as is`: a text column without a transformer, which the driver would hand back unchanged. */
  columns: { key: string; property: string; column: ColumnMetadata; asIs: boolean }[];
}

const TEXT_TYPES: readonly unknown[] = ['varchar', 'char', 'text', String];

const hydrations = new WeakMap<DataSource, Map<EntityTarget, Hydration>>();
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity target
type EntityTarget = Function;

function hydrationOf(ds: DataSource, entity: EntityTarget): Hydration {
  let byEntity = hydrations.get(ds);
  if (!byEntity) hydrations.set(ds, (byEntity = new Map()));
  let plan = byEntity.get(entity);
  if (!plan) {
    const meta = ds.getMetadata(entity);
    plan = {
      columns: meta.columns.filter((c) => !c.embeddedMetadata && !c.relationMetadata).map((c) => ({ key: c.databaseName, property: c.propertyName, column: c, asIs: !c.transformer && TEXT_TYPES.includes(c.type) })),
    };
    byEntity.set(entity, plan);
  }
  return plan;
}

/**
 * The select list of every column an entity class maps (`c.id, c.number, c.member_id, …`, or
 * `o.id AS o_id, …` with a prefix), from its decorators, for a raw statement that should read
 * whole rows as a query builder's getMany() does without restating forty column names.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own entity target
export function entityColumns(entity: Function, alias: string, prefix = ''): string {
  const columns = getMetadataArgsStorage().filterColumns(entity);
  if (columns.length === 0) throw new Error(`${entity.name} maps no columns: is it an entity?`);
  return columns.map((c) => {
    const name = c.options.name ?? c.propertyName;
    return prefix ? `${alias}.${name} AS ${prefix}${name}` : `${alias}.${name}`;
  }).join(', ');
}

/**
 * runRaw() whose rows are entities: see hydrateRaw().
 */
export async function runRawEntities<T extends object>(ctx: Pick<SubgraphContext, 'scope' | 'db'>, statement: RawStatement, entity: new () => T, params: readonly unknown[]): Promise<T[]> {
  return hydrateRaw(ctx, entity, await runRaw<Record<string, unknown>>(ctx, statement, params));
}

/**
 * Rows of a raw statement as entities: each column the statement selects (by its column
 * name, `m.org_path` as `org_path`, or `prefix` + the name for a joined table's columns) is
 * converted the way TypeORM hydrates it (the driver's own prepareHydratedValue, transformers
 * included) and set on a new instance, so services get the same objects as from a query
 * builder, without its alias mapping and per-row bookkeeping. A row whose primary key is
 * NULL (nothing matched a LEFT JOIN) gives null.
 */
export function hydrateRaw<T extends object>(ctx: Pick<SubgraphContext, 'db'>, entity: new () => T, rows: readonly Record<string, unknown>[]): T[];
export function hydrateRaw<T extends object>(ctx: Pick<SubgraphContext, 'db'>, entity: new () => T, rows: readonly Record<string, unknown>[], prefix: string): (T | null)[];
export function hydrateRaw<T extends object>(ctx: Pick<SubgraphContext, 'db'>, entity: new () => T, rows: readonly Record<string, unknown>[], prefix = ''): (T | null)[] {
  const out = new Array<T | null>(rows.length);
  if (rows.length === 0) return out;
  const ds = unscoped(ctx, 'column metadata only, to hydrate rows as the entities do');
  const { columns } = hydrationOf(ds, entity);
  const driver = ds.driver;
  const present = columns.filter((c) => prefix + c.key in rows[0]).map((c) => ({ ...c, key: prefix + c.key }));
  const keys = present.filter((c) => c.column.isPrimary).map((c) => c.key);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (prefix && keys.some((k) => row[k] === null || row[k] === undefined)) {
      out[r] = null;
      continue;
    }
    const e = new entity() as Record<string, unknown>;
    for (const c of present) e[c.property] = c.asIs ? row[c.key] : driver.prepareHydratedValue(row[c.key], c.column);
    out[r] = e as T;
  }
  return out;
}

async function execute<T>(ds: DataSource, sql: string, values: unknown[]): Promise<T[]> {
  // The embedded engine goes through TypeORM's runner, which counts and observes it already.
  if (engineOfDataSource(ds) !== 'mysql') {
    // As TypeORM's SQLite driver binds them (the engine has no booleans or dates); mysql2 binds both itself.
    const bound = values.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof Date ? DateUtils.mixedDateToUtcDatetimeString(v) : v));
    return (await ds.query(sql, bound)) as T[];
  }
  sqlStats.statements++;
  const end = observerOf(ds)?.(sql);
  try {
    const pool = (ds.driver as unknown as { pool: MysqlPool }).pool;
    const rows = await new Promise<T[]>((resolve, reject) => pool.execute(sql, values, (err, r) => (err ? reject(err) : resolve(r as T[]))));
    end?.(false);
    return rows;
  } catch (err) {
    end?.(true);
    throw err;
  }
}
