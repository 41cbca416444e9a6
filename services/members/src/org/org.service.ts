import { In } from 'typeorm';
import { subtreeRange, pathIds } from '@lianxin/auth';
import { badInput, decodePathCursor, encodePathCursor, escapeLike, notFound, pageOf, type Page, type SubgraphContext, unscoped } from '@lianxin/subgraph';
import { OrgLevel, OrgRow } from './org.entity';
import { orgById, orgQuery } from './org.loader';
import { ORG_CODE_PATTERN, type OrgSearchInput } from './org.types';
import { MemberRow } from '../member/member.entity';

export function assertOrgCode(code: string): string {
  const normalised = code.trim().toUpperCase();
  if (!ORG_CODE_PATTERN.test(normalised)) {
    throw badInput('code', `"${code.slice(0, 40)}" is not an org code; codes look like LJ-03-07-0042`);
  }
  return normalised;
}

/** An org the caller can see, or NOT_FOUND (the same answer for missing and out of scope). */
export async function visibleOrg(ctx: SubgraphContext, id: string): Promise<OrgRow> {
  const org = await orgById(ctx).load(id);
  if (!org) throw notFound('org', id);
  return org;
}

export async function orgByCode(ctx: SubgraphContext, code: string): Promise<OrgRow | null> {
  return orgQuery(ctx).andWhere('o.code = :code', { code: assertOrgCode(code) }).getOne();
}

export async function searchOrgs(ctx: SubgraphContext, input: OrgSearchInput): Promise<OrgRow[]> {
  const qb = orgQuery(ctx);
  if (input.under) {
    const { from, to } = subtreeRange((await visibleOrg(ctx, input.under)).path);
    qb.andWhere('o.path >= :uf AND o.path < :ut', { uf: from, ut: to });
  }
  if (input.text) {
    const text = input.text.trim();
    // Names match anywhere, codes by prefix; the text is a bound parameter with LIKE wildcards escaped.
    // Codes are ASCII (and stored so on MariaDB), so only ASCII text is compared with them.
    const escaped = escapeLike(text);
    if (/^[\x20-\x7e]+$/.test(text)) {
      qb.andWhere(`(o.name LIKE :anywhere ESCAPE '!' OR o.code LIKE :prefix ESCAPE '!')`, { anywhere: `%${escaped}%`, prefix: `${escaped.toUpperCase()}%` });
    } else {
      qb.andWhere(`o.name LIKE :anywhere ESCAPE '!'`, { anywhere: `%${escaped}%` });
    }
  }
  if (input.level) qb.andWhere('o.level = :level', { level: input.level });
  return qb.orderBy('o.path').limit(input.first).getMany();
}

/**
 * A page of the orgs below `org` that the caller can see, in tree order (by path, which is
 * unique: the cursor is the path, and the page one range scan on the path index).
 */
export async function subtreeOf(ctx: SubgraphContext, org: OrgRow, level: OrgLevel | undefined | null, first: number, after?: string | null): Promise<Page<OrgRow>> {
  const cursor = after === undefined || after === null ? undefined : decodePathCursor(after);
  const { from, to } = subtreeRange(org.path);
  const qb = orgQuery(ctx).andWhere('o.path > :sf AND o.path < :st', { sf: from, st: to });
  if (level) qb.andWhere('o.level = :level', { level });
  if (cursor) qb.andWhere('o.path > :subtreeAfter', { subtreeAfter: cursor });
  const rows = await qb.orderBy('o.path').limit(first + 1).getMany();
  return pageOf(rows, first, (o) => encodePathCursor(o.path));
}

export async function ancestorsOf(ctx: SubgraphContext, org: OrgRow): Promise<OrgRow[]> {
  const ids = pathIds(org.path).slice(0, -1);
  const rows = await orgById(ctx).loadMany(ids);
  return rows.filter((r): r is OrgRow => !!r && !(r instanceof Error));
}

/** Public QR landing. Deliberately unscoped: it reveals only the name and level of the org that printed the code. */
export async function joinTarget(ctx: SubgraphContext, joinCode: string): Promise<OrgRow | null> {
  return unscoped(ctx, 'the public QR landing: only the name and level of the org that printed the code').getRepository(OrgRow).findOne({ where: { joinCode: joinCode.trim().toUpperCase() } });
}

/**
 * For other subgraphs (system role): the directory facts about orgs they hold ids of.
 * Unscoped by design, like scopeAnchor; at most 500 ids per call.
 */
export async function directoryEntries(ctx: SubgraphContext, ids: string[], codes: string[] = []): Promise<OrgRow[]> {
  const unique = [...new Set(ids)].slice(0, 500);
  // Codes are matched as written in the tree (upper case); one that is no code finds nothing.
  const byCode = [...new Set(codes.map((c) => c.trim().toUpperCase()))].filter((c) => ORG_CODE_PATTERN.test(c)).slice(0, 500);
  const select = { id: true, parentId: true, path: true, code: true, level: true, name: true } as const;
  const repo = unscoped(ctx, 'system lookup: the org directory other subgraphs hold ids of').getRepository(OrgRow);
  const rows = [
    ...(unique.length ? await repo.find({ where: { id: In(unique) }, select }) : []),
    ...(byCode.length ? await repo.find({ where: { code: In(byCode) }, select }) : []),
  ];
  return [...new Map(rows.map((r) => [r.id, r])).values()];
}

/**
 * For the gateway only (system role): the org id and path a staff member's or a member's
 * scope is built from. Unscoped by design; the system caller has scope `all`.
 */
export async function scopeAnchor(ctx: SubgraphContext, orgId?: string, memberId?: string): Promise<{ orgId: string; path: string } | null> {
  const data = unscoped(ctx, 'system lookup: the gateway builds scopes from these anchors');
  if (memberId) {
    const m = await data.getRepository(MemberRow).findOne({ where: { id: memberId }, select: { orgId: true, orgPath: true } });
    return m ? { orgId: m.orgId, path: m.orgPath } : null;
  }
  if (orgId) {
    const o = await data.getRepository(OrgRow).findOne({ where: { id: orgId }, select: { id: true, path: true } });
    return o ? { orgId: o.id, path: o.path } : null;
  }
  return null;
}
