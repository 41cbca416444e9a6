import type { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { requireScope, type SubgraphContext as Ctx } from './context';
import { restrict, scoped, type ScopeColumns } from './scoped';

/** Where the raw DataSource is kept: reachable only through unscoped(). */
const SOURCE = new WeakMap<ScopedData, DataSource>();

/**
 * What resolvers and services hold as `ctx.db`: a data handle whose every read carries the
 * caller's scope. It is not a DataSource and inherits nothing from one, so `find`,
 * `getRepository`, `query` and `createQueryBuilder` do not exist on it: a forgotten scope is
 * a compile error, not a whole table. (Twenty's workspace repository works the same way:
 * only the methods it has vetted are there.)
 *
 * - `read()` starts a query builder with the scope predicate applied (scoped(): no verified
 *   scope throws, a scope the table has no column for yields no rows, `where()` cannot
 *   replace the predicate);
 * - `transaction()` runs a writer. Writers read what they change through `read(…, em)`
 *   first, inside the transaction, and then write by the ids they found;
 * - `update()` and `delete()` change only rows the caller can see, by id;
 * - anything else goes through `unscoped(ctx, reason)`, one greppable way out.
 */
export class ScopedData {
  constructor(
    source: DataSource,
    private readonly holder: Pick<Ctx, 'scope'>,
  ) {
    SOURCE.set(this, source);
  }

  /** A scoped query builder over `entity`; inside a writer, pass its `em` to read in the transaction. */
  read<T extends ObjectLiteral>(entity: EntityTarget<T>, alias: string, columns: ScopeColumns, em?: EntityManager): SelectQueryBuilder<T> {
    return scoped(this.holder, (em ?? source(this).manager).getRepository(entity), alias, columns);
  }

  /**
   * Rows of a table that has no place in the tree of its own, scoped through the row it
   * belongs to: a case's ledger events through the case, a programme's rules through the
   * programme. `columns` name the parent's columns (its alias).
   */
  readThrough<T extends ObjectLiteral>(
    entity: EntityTarget<T>,
    alias: string,
    parent: { entity: new () => ObjectLiteral; alias: string; on: string },
    columns: ScopeColumns,
    em?: EntityManager,
  ): SelectQueryBuilder<T> {
    const qb = (em ?? source(this).manager).getRepository(entity).createQueryBuilder(alias).innerJoin(parent.entity, parent.alias, parent.on);
    return restrict(qb, requireScope(this.holder), columns);
  }

  /** Runs a writer in one transaction: all of it lands, or none. */
  transaction<R>(work: (em: EntityManager) => Promise<R>): Promise<R> {
    return source(this).transaction(work);
  }

  /**
   * Sets `values` on the rows with these ids that the caller can see, and returns how many
   * changed. Ids outside the scope are skipped, never touched.
   */
  async update<T extends ObjectLiteral>(entity: EntityTarget<T>, alias: string, columns: ScopeColumns, ids: readonly string[], values: Partial<T>, em?: EntityManager): Promise<number> {
    const visible = await this.visibleIds(entity, alias, columns, ids, em);
    if (!visible.length) return 0;
    const r = await (em ?? source(this).manager).getRepository(entity).createQueryBuilder().update().set(values as never).whereInIds(visible).execute();
    return r.affected ?? visible.length;
  }

  /** Deletes the rows with these ids that the caller can see; returns how many. */
  async delete<T extends ObjectLiteral>(entity: EntityTarget<T>, alias: string, columns: ScopeColumns, ids: readonly string[], em?: EntityManager): Promise<number> {
    const visible = await this.visibleIds(entity, alias, columns, ids, em);
    if (!visible.length) return 0;
    const r = await (em ?? source(this).manager).getRepository(entity).createQueryBuilder().delete().whereInIds(visible).execute();
    return r.affected ?? visible.length;
  }

  private async visibleIds<T extends ObjectLiteral>(entity: EntityTarget<T>, alias: string, columns: ScopeColumns, ids: readonly string[], em?: EntityManager): Promise<string[]> {
    if (!ids.length) return [];
    const rows = await this.read(entity, alias, columns, em).select(`${alias}.id`, 'id').andWhere(`${alias}.id IN (:...__ids)`, { __ids: [...ids] }).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }
}

function source(data: ScopedData): DataSource {
  const s = SOURCE.get(data);
  if (!s) throw new Error('ScopedData without a data source');
  return s;
}

/**
 * The one way past the scope, for paths that must see beyond the caller by design: the
 * system lookups the gateway makes, writers that check the scope themselves before they
 * write, and figures over rows the caller was already shown. `reason` says why, for the
 * reader and for review; grep for `unscoped(` to see every such place.
 */
export function unscoped(ctx: Pick<Ctx, 'db'>, reason: string): DataSource {
  if (!reason.trim()) throw new Error('unscoped() needs a reason');
  return source(ctx.db);
}

/**
 * The one way to make a request context: the server does it per request, and service tests
 * do it per caller. The data handle reads the scope off the context it belongs to.
 */
export function subgraphContext(parts: Omit<Ctx, 'db' | 'loaders'> & { source: DataSource; loaders?: Ctx['loaders'] }): Ctx {
  const { source: dataSource, loaders, ...rest } = parts;
  const ctx = { ...rest, loaders: loaders ?? new Map() } as Ctx;
  ctx.db = new ScopedData(dataSource, ctx);
  return ctx;
}

/**
 * A context for work that outlives its request (an export or an import running on after the
 * mutation answered): the same caller and scope, fresh loaders, so rows read page by page
 * are not all kept in one request's cache.
 */
export function detachedContext(ctx: Ctx): Ctx {
  return subgraphContext({ caller: ctx.caller, scope: ctx.scope, source: source(ctx.db), log: ctx.log, orgs: ctx.orgs, services: ctx.services });
}
