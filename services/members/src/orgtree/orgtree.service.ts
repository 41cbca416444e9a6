import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { childPath, newId, subtreeRange } from '@lianxin/auth';
import { ORG_CHANGE_TARGETS, OrgChangeAction, orgChangeTopic, type OrgChange } from '@lianxin/members-client';
import { enqueue } from '@lianxin/outbox';
import { DirectoryChangeKind, recordChange } from '../changes/changes.feed';
import { handOverStaff } from '../staff/staff.service';
import { afterId, badInput, cityOf, moveChildren, conflict, DomainError, encodeIdCursor, ErrorCode, notFound, pageOf, rewritePathPrefix, wholeSeconds, withContentionRetry, type Page, type SubgraphContext } from '@lianxin/subgraph';
import { OrgRow, type OrgKind } from '../org/org.entity';
import { ORG_SCOPE } from '../org/org.loader';
import { MemberRow } from '../member/member.entity';
import { ApplicationStatus, JoinApplicationRow, TransferRow, TransferStatus } from '../membership/membership.entity';
import { OrgHistoryRow, OrgPlaceRow } from './orgtree.entity';
import { OrgHistoryAction, Ownership, PostService } from './orgtree.enums';
import { assertClose, assertKind, assertMayChange, assertMerge, assertMove, assertOpen, childLevel, nextCode, unionName } from './orgtree.rules';
import type { OrgTreePeers } from './orgtree.peers';

/** Join codes avoid 0/O and 1/I so they survive being read aloud or typed from a poster (as the seed makes them). */
const JOIN_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const JOIN_CODE_LENGTH = 8;

/** Every copy of an org path members keeps: a move rewrites them all in its transaction. */
const PATH_COPIES: readonly [table: string, column: string][] = [
  ['org', 'path'],
  ['member', 'org_path'],
  ['join_application', 'org_path'],
  ['member_status_event', 'org_path'],
  ['member_transfer', 'from_path'],
  ['member_transfer', 'to_path'],
  ['join_drive', 'org_path'],
  ['join_drive_target', 'org_path'],
  ['join_drive_join', 'org_path'],
];

const peersOf = (ctx: SubgraphContext): OrgTreePeers | undefined => ctx.services?.orgTreePeers as OrgTreePeers | undefined;

/** An org the caller can see, read in the writer's transaction; unseen and missing are one NOT_FOUND naming the field. */
async function seen(ctx: SubgraphContext, em: EntityManager, id: string, field: string): Promise<OrgRow> {
  const org = await ctx.db.read(OrgRow, 'o', ORG_SCOPE, em).andWhere('o.id = :id', { id }).getOne();
  if (!org) throw new DomainError(ErrorCode.NOT_FOUND, `${field}: ${notFound('org', id).message}`, { field });
  return org;
}

/** An org the caller may change: seen, and (for staff) strictly below their own org. */
async function changeable(ctx: SubgraphContext, em: EntityManager, id: string, field: string): Promise<OrgRow> {
  const org = await seen(ctx, em, id, field);
  assertMayChange(ctx.caller, org);
  return org;
}

/**
 * The first statement of every tree writer: takes the row locks of the orgs it will read
 * and rely on (the org, its new parent or survivor), in id order, before anything is read.
 * A concurrent change to one of them then either committed before (and is read as it is
 * now) or waits for this one; on MariaDB the transaction's snapshot starts at its first
 * read, after the locks. Without it, a child founded or moved under an org that is moving
 * at the same moment would keep the parent's old path. (SQLite runs writers one at a time.)
 */
async function lockOrgs(em: EntityManager, ids: string[]): Promise<void> {
  // Setting a column to itself changes nothing but still takes the row's write lock on InnoDB.
  for (const id of [...new Set(ids)].sort()) await em.createQueryBuilder().update(OrgRow).set({ version: () => 'version' } as never).where('id = :id', { id }).execute();
}

/** A tree writer: one transaction, taken again whole when MariaDB picks it as a deadlock victim. */
const writer = <T>(ctx: SubgraphContext, lock: string[], work: (em: EntityManager) => Promise<T>): Promise<T> =>
  withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      await lockOrgs(em, lock);
      return work(em);
    }),
  );

/** `UPDATE org … WHERE id = ? AND version = ?`: of two concurrent changes to one org, one wins. */
async function updateOrg(em: EntityManager, org: OrgRow, set: Partial<OrgRow>): Promise<OrgRow> {
  const version = (org.version ?? 1) + 1;
  const r = await em.createQueryBuilder().update(OrgRow).set({ ...set, version } as never).where('id = :id AND version = :v', { id: org.id, v: org.version ?? 1 }).execute();
  if (r.affected !== 1) throw conflict(`org ${org.code}`);
  return Object.assign(new OrgRow(), org, set, { version });
}

const snapshot = (o: Partial<OrgRow>) => JSON.stringify(o);

async function record(ctx: SubgraphContext, em: EntityManager, orgId: string, action: OrgHistoryAction, before: object | null, after: object | null, at: Date): Promise<OrgHistoryRow> {
  const row = Object.assign(new OrgHistoryRow(), {
    id: newId(at.getTime()), orgId, action, actorSub: ctx.caller.sub, actorRole: ctx.caller.role, actorOrgId: ctx.caller.orgId ?? null, at: wholeSeconds(at),
    before: before && snapshot(before), after: after && snapshot(after),
  });
  await em.insert(OrgHistoryRow, row);
  return row;
}

/**
 * `org.changed` for every subgraph that copies paths, in the same transaction as the change;
 * and an entry in members' change feed: ORG where paths or members moved (every gateway drops
 * the scopes it cached, cases and benefits their org directory), ORG_NAME for a rename (cases
 * and benefits drop that org's name, in every replica, within a poll).
 */
async function announce(em: EntityManager, change: OrgChange): Promise<void> {
  for (const target of ORG_CHANGE_TARGETS) {
    await enqueue(em, { topic: orgChangeTopic(target), key: `${change.eventId}:${target}`, payload: change }, change.at);
  }
  await recordChange(em, change.action === OrgChangeAction.RENAME ? DirectoryChangeKind.ORG_NAME : DirectoryChangeKind.ORG, change.orgId, change.at);
}

const changeOf = (ctx: SubgraphContext, event: OrgHistoryRow, action: OrgChangeAction, org: OrgRow, fromPath: string, toPath: string, survivor: OrgRow | null = null): OrgChange => ({
  eventId: event.id, action, orgId: org.id, fromPath, toPath, survivorId: survivor?.id ?? null, survivorPath: survivor?.path ?? null,
  at: event.at, actorSub: ctx.caller.sub, actorRole: ctx.caller.role, actorOrgId: ctx.caller.orgId ?? null,
});

async function freeJoinCode(em: EntityManager): Promise<string> {
  for (;;) {
    const code = Array.from({ length: JOIN_CODE_LENGTH }, () => JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)]).join('');
    if (!(await em.getRepository(OrgRow).exists({ where: { joinCode: code } }))) return code;
  }
}

export interface FoundOrg {
  parentId: string;
  name: string;
  kind: OrgKind;
}

/** 建会: a child union under an org the caller can see. */
export async function foundOrg(ctx: SubgraphContext, input: FoundOrg): Promise<OrgRow> {
  const name = unionName(input.name, input.kind);
  const now = new Date();
  return writer(ctx, [input.parentId], async (em) => {
    const parent = await seen(ctx, em, input.parentId, 'parentId');
    assertOpen(parent, 'parentId');
    const level = childLevel(parent);
    assertKind(level, input.kind);
    // Codes are unique across the tree (a moved org keeps its code), so every code under the parent's prefix counts.
    const taken = await em.getRepository(OrgRow).createQueryBuilder('o').select('o.code', 'code').where('o.code LIKE :prefix', { prefix: `${parent.code}-%` }).getRawMany<{ code: string }>();
    const id = newId(now.getTime());
    const org = Object.assign(new OrgRow(), {
      id, parentId: parent.id, level, kind: input.kind, code: nextCode(parent.code, level, taken.map((t) => t.code)), name,
      path: childPath(parent.path, id), joinCode: await freeJoinCode(em), createdAt: wholeSeconds(now), closedAt: null, mergedIntoId: null, version: 1,
    });
    await em.insert(OrgRow, org);
    await record(ctx, em, org.id, OrgHistoryAction.FOUND, null, { parentId: parent.id, level, kind: org.kind, code: org.code, name }, now);
    return org;
  });
}

/** 更名. The code stays: it is printed on posters and in case numbers. */
export async function renameOrg(ctx: SubgraphContext, id: string, newName: string): Promise<OrgRow> {
  const now = new Date();
  return writer(ctx, [id], async (em) => {
    const org = await changeable(ctx, em, id, 'id');
    assertOpen(org, 'id');
    const name = unionName(newName, org.kind);
    if (org.name === name) throw badInput('name', '新名称和现在的名称相同 (that is its name already).');
    const next = await updateOrg(em, org, { name });
    const event = await record(ctx, em, org.id, OrgHistoryAction.RENAME, { name: org.name }, { name }, now);
    // Case lists and programme pages show names from a cached directory: the event clears it.
    await announce(em, changeOf(ctx, event, OrgChangeAction.RENAME, org, org.path, org.path));
    return next;
  });
}

/**
 * 隶属关系调整: the org and everything below it move under `parentId`. Every copy of a path
 * members keeps is rewritten in this transaction; the other subgraphs follow when
 * `org.changed` reaches them.
 */
export async function moveOrg(ctx: SubgraphContext, id: string, parentId: string): Promise<OrgRow> {
  const now = new Date();
  return writer(ctx, [id, parentId], async (em) => {
    const org = await changeable(ctx, em, id, 'id');
    const parent = await seen(ctx, em, parentId, 'parentId');
    assertMove(org, parent);
    const fromPath = org.path;
    const toPath = childPath(parent.path, org.id);
    const next = await updateOrg(em, org, { parentId: parent.id });
    // Every org below changes too: a change to one of them that read it before this move must not win.
    const below = subtreeRange(fromPath);
    await em.createQueryBuilder().update(OrgRow).set({ version: () => 'version + 1' } as never).where('path > :f AND path < :t', { f: below.from, t: below.to }).execute();
    for (const [table, column] of PATH_COPIES) await rewritePathPrefix(em, table, column, fromPath, toPath);
    next.path = toPath;
    const event = await record(ctx, em, org.id, OrgHistoryAction.MOVE, { parentId: org.parentId, path: fromPath }, { parentId: parent.id, path: toPath }, now);
    await announce(em, changeOf(ctx, event, OrgChangeAction.MOVE, org, fromPath, toPath));
    return next;
  });
}

/** 合并: members, pending applications and waiting transfers go to the survivor now; open cases and shares when `org.changed` arrives. */
export async function mergeOrg(ctx: SubgraphContext, id: string, intoId: string): Promise<OrgRow> {
  const now = new Date();
  return writer(ctx, [id, intoId], async (em) => {
    const org = await changeable(ctx, em, id, 'id');
    const survivor = await changeable(ctx, em, intoId, 'intoId');
    assertMerge(org, survivor, await openChildren(em, org));
    const moved = await em.createQueryBuilder().update(MemberRow).set({ orgId: survivor.id, orgPath: survivor.path }).where('org_id = :id', { id: org.id }).execute();
    // Into another city's union: the members' children and hardship files follow them (the member rows were stamped by the update).
    if (cityOf(org.path) !== cityOf(survivor.path)) await moveChildren(em, 'member', 'SELECT id FROM member WHERE org_id = ?', [survivor.id], null);
    await em
      .createQueryBuilder()
      .update(JoinApplicationRow)
      .set({ orgId: survivor.id, orgPath: survivor.path })
      .where('org_id = :id AND status = :pending', { id: org.id, pending: ApplicationStatus.PENDING })
      .execute();
    // Transfers still waiting: the survivor answers them (incoming) and is where a returned one comes back to (outgoing).
    const waiting = { id: org.id, requested: TransferStatus.REQUESTED };
    await em.createQueryBuilder().update(TransferRow).set({ toOrgId: survivor.id, toPath: survivor.path }).where('to_org_id = :id AND status = :requested', waiting).execute();
    await em.createQueryBuilder().update(TransferRow).set({ fromOrgId: survivor.id, fromPath: survivor.path }).where('from_org_id = :id AND status = :requested', waiting).execute();
    const at = wholeSeconds(now);
    await handOverStaff(ctx, em, org, survivor, now);
    await updateOrg(em, org, { closedAt: at, mergedIntoId: survivor.id });
    const event = await record(ctx, em, org.id, OrgHistoryAction.MERGE, { closedAt: null }, { closedAt: at.toISOString(), mergedIntoId: survivor.id, members: moved.affected ?? 0 }, now);
    await record(ctx, em, survivor.id, OrgHistoryAction.ABSORB, null, { absorbedId: org.id, absorbedName: org.name, members: moved.affected ?? 0 }, now);
    await announce(em, changeOf(ctx, event, OrgChangeAction.MERGE, org, org.path, org.path, survivor));
    return survivor;
  });
}

/**
 * 撤销. With a successor it is a merge. Without one, cases is asked first for open cases
 * (a case raised between that answer and the close stays with the closed org, where the
 * level above still sees it).
 */
export async function closeOrg(ctx: SubgraphContext, id: string, successorId?: string | null): Promise<OrgRow> {
  if (successorId) {
    await mergeOrg(ctx, id, successorId);
    return (await ctx.db.read(OrgRow, 'o', ORG_SCOPE).andWhere('o.id = :id', { id }).getOne())!;
  }
  const target = await ctx.db.transaction((em) => changeable(ctx, em, id, 'id'));
  const peers = peersOf(ctx);
  const openCases = peers ? await peers.openCasesAt(target.id) : 0;
  const now = new Date();
  return writer(ctx, [id], async (em) => {
    const org = await changeable(ctx, em, id, 'id');
    const members = await em.getRepository(MemberRow).createQueryBuilder('m').where('m.orgId = :id AND m.status <> :left', { id: org.id, left: 'LEFT' }).getCount();
    assertClose(org, { openChildren: await openChildren(em, org), members, openCases });
    const at = wholeSeconds(now);
    const next = await updateOrg(em, org, { closedAt: at });
    const event = await record(ctx, em, org.id, OrgHistoryAction.CLOSE, { closedAt: null }, { closedAt: at.toISOString() }, now);
    await announce(em, changeOf(ctx, event, OrgChangeAction.CLOSE, org, org.path, org.path));
    return next;
  });
}

async function openChildren(em: EntityManager, org: OrgRow): Promise<number> {
  return em.getRepository(OrgRow).createQueryBuilder('o').where('o.parentId = :id AND o.closedAt IS NULL', { id: org.id }).getCount();
}

export interface PlaceInput {
  address?: string | null;
  headcount?: number | null;
  ownership?: Ownership | null;
  openingHours?: string | null;
  services?: PostService[] | null;
}

/** Sets what an org records about its place (all of it: what is left out is cleared). Staff of the org or above, and admins. */
export async function setOrgPlace(ctx: SubgraphContext, orgId: string, input: PlaceInput): Promise<OrgPlaceRow> {
  const now = new Date();
  const address = input.address?.trim() || null;
  if (address && address.length > 200) throw badInput('address', '地址请控制在200字以内 (at most 200 characters).');
  if (input.headcount != null && (!Number.isInteger(input.headcount) || input.headcount < 0 || input.headcount > 1_000_000)) throw badInput('headcount', '职工人数应是0到1000000之间的整数 (a whole number from 0 to 1,000,000).');
  const hours = input.openingHours?.trim() || null;
  if (hours && hours.length > 100) throw badInput('openingHours', '开放时间请控制在100字以内，例如 每天 8:00-20:00 (at most 100 characters).');
  const services = [...new Set(input.services ?? [])];
  return ctx.db.transaction(async (em) => {
    const org = await seen(ctx, em, orgId, 'orgId');
    assertOpen(org, 'orgId');
    const post = org.kind === 'UNION_POST';
    if (!post && hours) throw badInput('openingHours', '只有工会驿站登记开放时间 (only a union post has opening hours).');
    if (!post && services.length) throw badInput('services', '只有工会驿站登记服务项目 (only a union post lists services).');
    const before = await em.getRepository(OrgPlaceRow).findOne({ where: { orgId: org.id } });
    const row = Object.assign(new OrgPlaceRow(), {
      orgId: org.id, address, headcount: input.headcount ?? null, ownership: input.ownership ?? null, openingHours: hours,
      services: services.length ? (Object.values(PostService) as string[]).filter((s) => services.includes(s as PostService)).join(',') : null,
      updatedBy: ctx.caller.sub, updatedAt: wholeSeconds(now),
    });
    if (before) await em.update(OrgPlaceRow, { orgId: org.id }, row);
    else await em.insert(OrgPlaceRow, row);
    const { updatedBy: _b, updatedAt: _a, ...after } = row;
    await record(ctx, em, org.id, OrgHistoryAction.SET_PLACE, before && { ...before, updatedBy: undefined, updatedAt: undefined }, after, now);
    return row;
  });
}

/** An org's history, newest first, for staff who can see the org and admins; scoped through the org itself. */
export async function historyOf(ctx: SubgraphContext, org: OrgRow, first: number, after?: string | null): Promise<Page<OrgHistoryRow>> {
  const cursor = afterId(after);
  const qb = ctx.db.readThrough(OrgHistoryRow, 'h', { entity: OrgRow, alias: 'o', on: 'o.id = h.orgId' }, ORG_SCOPE).andWhere('h.orgId = :org', { org: org.id });
  if (cursor) qb.andWhere('h.id < :after', { after: cursor });
  const rows = await qb.orderBy('h.id', 'DESC').limit(first + 1).getMany();
  return pageOf(rows, first, (h) => encodeIdCursor(h.id));
}
