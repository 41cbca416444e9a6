import { pathIds, subtreeRange, type Scope } from '@lianxin/auth';
import type { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';
import { requireScope, type SubgraphContext } from './context';

/**
 * How rows relate to the hierarchy, as qualified column expressions (`m.orgPath`).
 * `path`: the org path(s) a row lives under (a transfer lives under two: visible from
 * either side). `member`: the member the row belongs to. `orgId`: the org the row is,
 * for members reading their own org and its ancestors. A scope the rows cannot be
 * filtered by yields no rows.
 */
export interface ScopeColumns {
  path?: string | string[];
  member?: string;
  orgId?: string;
  /**
   * For rules handed down the tree (surveys, programmes, policies): the org that owns the
   * row. Staff also see rows owned by an ancestor of their org: a district sees the city's
   * survey. Only for reading what applies to you; writes check the owner's scope.
   */
  inherited?: string;
}

/**
 * The only way services read scoped tables. Starts a query builder with the caller's
 * scope predicate already applied and fails closed:
 * - no verified scope on the context -> throws;
 * - a scope this entity has no column for -> `1 = 0`;
 * - `.where()` is re-pointed to `.andWhere()` so later code cannot replace the
 *   predicate, and `.orWhere()` throws (it would OR around the scope).
 */
export function scoped<T extends ObjectLiteral>(
  ctx: Pick<SubgraphContext, 'scope'>,
  repo: Repository<T>,
  alias: string,
  columns: ScopeColumns,
): SelectQueryBuilder<T> {
  return restrict(repo.createQueryBuilder(alias), requireScope(ctx), columns);
}

export function restrict<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  scope: Scope,
  columns: ScopeColumns,
): SelectQueryBuilder<T> {
  const { sql, params } = scopePredicate(scope, columns);
  qb.where(sql, params);
  qb.where = qb.andWhere.bind(qb) as typeof qb.where;
  qb.orWhere = () => {
    throw new Error('orWhere() on a scoped query would bypass the scope; wrap the alternatives in Brackets');
  };
  return qb;
}

/**
 * The scope as one SQL predicate with named parameters (`:name`, `:...name` for lists): what
 * scoped() applies to a query builder and runRaw() (raw.ts) puts in a raw statement. Fails
 * closed: a scope the columns cannot filter by is `1 = 0`.
 */
export function scopePredicate(scope: Scope, columns: ScopeColumns): { sql: string; params: Record<string, unknown> } {
  switch (scope.kind) {
    case 'all':
      return { sql: '1 = 1', params: {} };
    case 'subtree': {
      const paths = columns.path === undefined ? [] : ([] as string[]).concat(columns.path);
      if (paths.length === 0) return { sql: '1 = 0', params: {} };
      const { from, to } = subtreeRange(scope.path);
      const ranges = paths.map((c) => `(${c} >= :__scopeFrom AND ${c} < :__scopeTo)`);
      if (columns.inherited) ranges.push(`${columns.inherited} IN (:...__scopeAncestors)`);
      return { sql: `(${ranges.join(' OR ')})`, params: { __scopeFrom: from, __scopeTo: to, ...(columns.inherited ? { __scopeAncestors: pathIds(scope.path) } : {}) } };
    }
    case 'self':
      if (columns.member) return { sql: `${columns.member} = :__scopeMember`, params: { __scopeMember: scope.memberId } };
      if (columns.orgId && scope.orgPath) return { sql: `${columns.orgId} IN (:...__scopeOrgs)`, params: { __scopeOrgs: pathIds(scope.orgPath) } };
      return { sql: '1 = 0', params: {} };
    default:
      return { sql: '1 = 0', params: {} };
  }
}

/** Whether a row at `path` (or owned by `memberId`) is visible to the scope, for rows already in hand. */
export function inScope(scope: Scope, row: { path?: string | null; memberId?: string | null }): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'subtree':
      return !!row.path && row.path.startsWith(scope.path);
    case 'self':
      if (row.memberId !== undefined) return !!row.memberId && row.memberId === scope.memberId;
      return !!row.path && !!scope.orgPath && scope.orgPath.startsWith(row.path);
    default:
      return false;
  }
}

/**
 * Escapes LIKE wildcards for use with `ESCAPE '!'`. A backslash escape would need
 * different quoting on MariaDB and SQLite; '!' reads the same on both.
 */
export const escapeLike = (text: string): string => text.replace(/[!%_]/g, (c) => `!${c}`);
