import { subtreeRange } from '@lianxin/auth';
import type { PageArgs } from './connection';
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

/**
 * The one way to build a page: `rows` are up to `first + 1` items in list order, already
 * past the `after` cursor; the extra row only says that another page follows.
 */
export function pageOf<T>(rows: readonly T[], first: number, cursorOf: (row: T) => string): Page<T> {
  const page = rows.slice(0, first);
  return {
    edges: page.map((node) => ({ cursor: cursorOf(node), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursorOf(page[page.length - 1]) : null },
  };
}

/** What a malformed `after` is: the caller's mistake, never an internal error. */
export const badCursor = () => badInput('after', 'is not a cursor from a previous page; pass pageInfo.endCursor unchanged');

const SEPARATOR = '|';
const encodeCursor = (row: PathKeyed): string => Buffer.from(`${row.orgPath}${SEPARATOR}${row.id}`).toString('base64url');

function decodeCursor(cursor: string): { path: string; id: string } {
  const [path, id] = Buffer.from(cursor, 'base64url').toString().split(SEPARATOR);
  if (!path?.startsWith('/') || !id) throw badCursor();
  return { path, id };
}

/** Narrows a scoped query to the subtree under `path` (an index range on `<alias>.orgPath`). */
export function underOrg<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, alias: string, path: string): void {
  const { from, to } = subtreeRange(path);
  qb.andWhere(`${alias}.orgPath >= :nf AND ${alias}.orgPath < :nt`, { nf: from, nt: to });
}

/**
 * Where a (org_path, id) page starts, for a raw statement that pages like pathKeysetPage():
 * rows after `(path, id)`. Without a cursor both are '', which every path sorts after.
 */
export function pathKeysetStart(after: string | null | undefined): { path: string; id: string } {
  return after ? decodeCursor(after) : { path: '', id: '' };
}

/** A page of (org_path, id) rows read past pathKeysetStart(): the same cursors pathKeysetPage() gives. */
export const pathKeysetPageOf = <T extends PathKeyed>(rows: readonly T[], first: number): Page<T> => pageOf(rows, first, encodeCursor);

/**
 * One page, keyset-paginated on (org_path, id): with an index on those columns it is one
 * range scan however deep the page, no OFFSET and no sort. `first` is as PageArgs checked it.
 */
export async function pathKeysetPage<T extends ObjectLiteral & PathKeyed>(qb: SelectQueryBuilder<T>, alias: string, { first, after }: PageArgs): Promise<Page<T>> {
  if (after) {
    const c = decodeCursor(after);
    qb.andWhere(`(${alias}.orgPath > :cp OR (${alias}.orgPath = :cp AND ${alias}.id > :cid))`, { cp: c.path, cid: c.id });
  }
  const rows = await qb.orderBy(`${alias}.orgPath`).addOrderBy(`${alias}.id`).limit(first + 1).getMany();
  return pageOf(rows, first, encodeCursor);
}

/** Rows paged newest first by their ULID alone (cases, redemptions): the cursor is the id. */
const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const encodeIdCursor = (id: string): string => Buffer.from(id).toString('base64url');

export function decodeIdCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!ULID.test(id)) throw badCursor();
  return id;
}

/** `after` as an id, or undefined when absent. */
export const afterId = (after: string | null | undefined): string | undefined => (after === undefined || after === null ? undefined : decodeIdCursor(after));

/** Rows paged by an org path alone (the org tree): the cursor is the path. */
export const encodePathCursor = (path: string): string => Buffer.from(path).toString('base64url');

export function decodePathCursor(cursor: string): string {
  const path = Buffer.from(cursor, 'base64url').toString();
  if (!/^(\/[0-9A-HJKMNP-TV-Z]{26})+\/$/.test(path)) throw badCursor();
  return path;
}

/**
 * Rows paged newest first by a timestamp, ties broken by id (transfers by when they were
 * requested): the cursor holds both.
 */
export const encodeTimeIdCursor = (at: Date, id: string): string => Buffer.from(`${at.getTime()}${SEPARATOR}${id}`).toString('base64url');

export function decodeTimeIdCursor(cursor: string): { at: Date; id: string } {
  const [ms, id, extra] = Buffer.from(cursor, 'base64url').toString().split(SEPARATOR);
  if (extra !== undefined || !/^\d{1,15}$/.test(ms ?? '') || !ULID.test(id ?? '')) throw badCursor();
  return { at: new Date(Number(ms)), id };
}
