import { subtreeRange } from '@lianxin/auth';
import { badInput } from './errors';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Rows that live under an org and page in (org_path, id) order: members, applications, programmes, surveys… */
export interface PathKeyed {
  orgPath: string;
  id: string;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const emptyPage = <T>(): Page<T> => ({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });

const SEPARATOR = '|';
const encodeCursor = (row: PathKeyed): string => Buffer.from(`${row.orgPath}${SEPARATOR}${row.id}`).toString('base64url');

function decodeCursor(cursor: string): { path: string; id: string } {
  const [path, id] = Buffer.from(cursor, 'base64url').toString().split(SEPARATOR);
  if (!path?.startsWith('/') || !id) throw badInput('after', 'is not a cursor from a previous page; pass pageInfo.endCursor unchanged');
  return { path, id };
}

/** Narrows a scoped query to the subtree under `path` (an index range on `<alias>.orgPath`). */
export function underOrg<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, path: string): void {
  const { from, to } = subtreeRange(path);
  qb.andWhere(`${alias}.orgPath >= :nf AND ${alias}.orgPath < :nt`, { nf: from, nt: to });
}

/**
 * One page, keyset-paginated on (org_path, id): with an index on those columns it is one
 * range scan however deep the page, no OFFSET and no sort.
 */
export async function pathKeysetPage<T extends ObjectLiteral & PathKeyed>(qb: SelectQueryBuilder<T>, alias: string, first: number, after?: string): Promise<Page<T>> {
  if (after) {
    const c = decodeCursor(after);
    qb.andWhere(`(${alias}.orgPath > :cp OR (${alias}.orgPath = :cp AND ${alias}.id > :cid))`, { cp: c.path, cid: c.id });
  }
  const rows = await qb.orderBy(`${alias}.orgPath`).addOrderBy(`${alias}.id`).limit(first + 1).getMany();
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ cursor: encodeCursor(node), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor(page[page.length - 1]) : null },
  };
}

/** Rows paged newest first by their ULID alone (cases, redemptions): the cursor is the id. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const encodeIdCursor = (id: string): string => Buffer.from(id).toString('base64url');

export function decodeIdCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!ULID.test(id)) throw badInput('after', 'is not a cursor from a previous page; pass pageInfo.endCursor unchanged');
  return id;
}
