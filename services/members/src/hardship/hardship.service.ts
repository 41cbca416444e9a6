import { addDays, chinaDate, HardshipTier } from '@lianxin/members-client';
import { newId } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, notFound, requireScope, underOrg, type Page, type PageArgs, type SubgraphContext, badCursor, calendarDay, DAY_PATTERN, pageOf } from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import { MemberRow } from '../member/member.entity';
import { announceMemberChange } from '../member/member.feed';
import { MEMBER_SCOPE } from '../member/member.loader';
import { visibleMember } from '../member/member.service';
import { visibleOrg } from '../org/org.service';
import { HardshipEventRow, HardshipFileRow } from './hardship.entity';
import { HardshipAction, HardshipFileKind, HardshipFileState } from './hardship.enums';

/*
 * The hardship register (困难职工档案): 建档, the yearly review, a change of tier, 解困, a
 * return into hardship, a temporary file made regular. Every step is a versioned change of
 * the file, an event in its history and, in the same transaction, the member row's mirror of
 * the current tier (what eligibility reads). Only staff of the member's union and above, and
 * admins, reach any of it: the resolver admits those roles, MEMBER_SCOPE the rows.
 */

/** A review is due a year after the last one. */
const nextReview = (day: string): string => `${Number(day.slice(0, 4)) + 1}${day.slice(4)}`.replace(/-02-29$/, '-02-28');

function text(field: string, value: string | null | undefined, max: number): string {
  const t = value?.trim() ?? '';
  if (!t) throw badInput(field, 'write it down: it goes into the file\'s history');
  if (t.length > max) throw badInput(field, `keep it to ${max} characters`);
  return t;
}

function day(field: string, value: string | null | undefined, today: string): string {
  if (value == null) return today;
  calendarDay(field, value);
  if (value > today) throw badInput(field, `${value} has not come yet (today is ${today}); record what has happened`);
  return value;
}

const tierOf = (field: string, tier: string): HardshipTier => {
  if (!(Object.values(HardshipTier) as string[]).includes(tier)) throw badInput(field, `must be one of ${Object.values(HardshipTier).join(', ')}`);
  return tier as HardshipTier;
};

/** A file the caller may see (through its member's scope), read in the writer's transaction: unseen is NOT_FOUND. */
async function visibleFile(ctx: SubgraphContext, em: EntityManager, id: string): Promise<HardshipFileRow> {
  const file = await ctx.db.readThrough(HardshipFileRow, 'h', { entity: MemberRow, alias: 'm', on: 'm.id = h.memberId' }, MEMBER_SCOPE, em).andWhere('h.id = :id', { id }).getOne();
  if (!file) throw notFound('hardship file', id);
  return file;
}

interface Step {
  action: HardshipAction;
  patch: Partial<HardshipFileRow>;
  note: string;
}

/** Applies one step: versioned update of the file, its event, the member's mirror. */
async function apply(ctx: SubgraphContext, em: EntityManager, file: HardshipFileRow, expectedVersion: number, step: Step, now: Date): Promise<HardshipFileRow> {
  if (expectedVersion !== file.version) throw conflict('hardship file');
  const next: HardshipFileRow = { ...file, ...step.patch, version: file.version + 1 };
  const done = await em
    .createQueryBuilder()
    .update(HardshipFileRow)
    .set({ ...step.patch, version: next.version })
    .where('id = :id AND version = :v', { id: file.id, v: file.version })
    .execute();
  if (done.affected !== 1) throw conflict('hardship file');
  await em.insert(HardshipEventRow, event(ctx, file.id, step.action, next.tier, step.note, now));
  await mirror(em, next);
  return next;
}

const event = (ctx: SubgraphContext, fileId: string, action: HardshipAction, tier: HardshipTier, note: string, at: Date): HardshipEventRow =>
  Object.assign(new HardshipEventRow(), { id: newId(at.getTime()), fileId, action, tier, note, actorSub: ctx.caller.sub, actorOrgId: ctx.caller.orgId ?? null, at: new Date(Math.floor(at.getTime() / 1000) * 1000) });

/** The member row carries the register's current state: the tier while open, nothing after 解困. */
async function mirror(em: EntityManager, file: HardshipFileRow): Promise<void> {
  const open = file.state === HardshipFileState.OPEN;
  await em.update(MemberRow, { id: file.memberId }, { hardshipTier: open ? file.tier : null, hardshipReviewedOn: open ? file.reviewedOn : null });
  await announceMemberChange(em, [file.memberId]);
}

/**
 * The file of a member already marked with a tier when the data was made (demo data, test
 * fixtures): open and regular since the last review, with its first event.
 */
export function fileOfMarkedMember(member: Pick<MemberRow, 'id' | 'hardshipTier' | 'hardshipReviewedOn'>, openedAt: Date): { file: HardshipFileRow; event: HardshipEventRow } {
  const reviewedOn = member.hardshipReviewedOn ?? chinaDate(openedAt);
  const file = Object.assign(new HardshipFileRow(), {
    id: newId(openedAt.getTime()), memberId: member.id, kind: HardshipFileKind.REGULAR, state: HardshipFileState.OPEN, tier: member.hardshipTier!,
    openedOn: reviewedOn, reason: '家庭收入低于当地困难职工认定标准', evidence: '收入证明、社区走访记录', reviewedOn, nextReviewOn: nextReview(reviewedOn), exitedOn: null, version: 1,
  });
  const first = Object.assign(new HardshipEventRow(), {
    id: newId(openedAt.getTime()), fileId: file.id, action: HardshipAction.OPEN, tier: file.tier, note: `${file.reason}（${file.evidence}）`,
    actorSub: 'seed', actorOrgId: null, at: new Date(Math.floor(openedAt.getTime() / 1000) * 1000),
  });
  return { file, event: first };
}

export interface OpenHardshipFileInput {
  memberId: string;
  tier: HardshipTier;
  kind: HardshipFileKind;
  reason: string;
  evidence: string;
  openedOn?: string | null;
}

/** 建档: a member's first file. A member already on file returns to hardship instead. */
export async function openHardshipFile(ctx: SubgraphContext, input: OpenHardshipFileInput, now = new Date()): Promise<HardshipFileRow> {
  const today = chinaDate(now);
  const tier = tierOf('tier', input.tier);
  const reason = text('reason', input.reason, 500);
  const evidence = text('evidence', input.evidence, 1000);
  const openedOn = day('openedOn', input.openedOn, today);
  if (!Object.values(HardshipFileKind).includes(input.kind)) throw badInput('kind', `must be one of ${Object.values(HardshipFileKind).join(', ')}`);
  return ctx.db.transaction(async (em) => {
    const member = await visibleMember(ctx, input.memberId, em);
    if (await em.getRepository(HardshipFileRow).exists({ where: { memberId: member.id } })) {
      throw new DomainError(ErrorCode.DUPLICATE, `${member.name} already has a hardship file; review it, change its tier, or return them into hardship from it.`, { field: 'memberId' });
    }
    const file = Object.assign(new HardshipFileRow(), {
      id: newId(now.getTime()), memberId: member.id, kind: input.kind, state: HardshipFileState.OPEN, tier, openedOn, reason, evidence,
      reviewedOn: openedOn, nextReviewOn: nextReview(openedOn), exitedOn: null, version: 1,
    });
    await em.insert(HardshipFileRow, file);
    await em.insert(HardshipEventRow, event(ctx, file.id, HardshipAction.OPEN, tier, `${reason}（${evidence}）`, now));
    await mirror(em, file);
    return file;
  });
}

const requireOpen = (file: HardshipFileRow, doing: string): void => {
  if (file.state !== HardshipFileState.OPEN) throw new DomainError(ErrorCode.INVALID_STATE, `This worker has left hardship (解困 on ${file.exitedOn}); return them into hardship before you ${doing}.`, { state: file.state });
};

/** The yearly review: optionally a new tier; the next review falls a year after this one. */
export function reviewHardshipFile(ctx: SubgraphContext, id: string, version: number, input: { note: string; tier?: HardshipTier | null; reviewedOn?: string | null }, now = new Date()) {
  const note = text('note', input.note, 1000);
  const reviewedOn = day('reviewedOn', input.reviewedOn, chinaDate(now));
  const tier = input.tier ? tierOf('tier', input.tier) : undefined;
  return ctx.db.transaction(async (em) => {
    const file = await visibleFile(ctx, em, id);
    requireOpen(file, 'review the file');
    if (reviewedOn < file.reviewedOn) throw badInput('reviewedOn', `is before the last review (${file.reviewedOn})`);
    return apply(ctx, em, file, version, { action: HardshipAction.REVIEW, patch: { reviewedOn, nextReviewOn: nextReview(reviewedOn), ...(tier ? { tier } : {}) }, note }, now);
  });
}

export function changeHardshipTier(ctx: SubgraphContext, id: string, version: number, tier: HardshipTier, reason: string, now = new Date()) {
  const to = tierOf('tier', tier);
  const note = text('reason', reason, 1000);
  return ctx.db.transaction(async (em) => {
    const file = await visibleFile(ctx, em, id);
    requireOpen(file, 'change the tier');
    if (file.tier === to) throw badInput('tier', `the file is already ${to}`);
    return apply(ctx, em, file, version, { action: HardshipAction.CHANGE_TIER, patch: { tier: to }, note }, now);
  });
}

/** 解困: out of hardship, with the reason. The file and its history stay. */
export function exitHardship(ctx: SubgraphContext, id: string, version: number, reason: string, now = new Date()) {
  const note = text('reason', reason, 1000);
  return ctx.db.transaction(async (em) => {
    const file = await visibleFile(ctx, em, id);
    requireOpen(file, 'record 解困 again');
    return apply(ctx, em, file, version, { action: HardshipAction.EXIT, patch: { state: HardshipFileState.EXITED, exitedOn: chinaDate(now) }, note }, now);
  });
}

/** Back into hardship from an exited file, at a tier; the review year starts again today. */
export function returnToHardship(ctx: SubgraphContext, id: string, version: number, tier: HardshipTier, reason: string, now = new Date()) {
  const to = tierOf('tier', tier);
  const note = text('reason', reason, 1000);
  const today = chinaDate(now);
  return ctx.db.transaction(async (em) => {
    const file = await visibleFile(ctx, em, id);
    if (file.state !== HardshipFileState.EXITED) throw new DomainError(ErrorCode.INVALID_STATE, 'This worker is in hardship now; review the file or change its tier instead.', { state: file.state });
    return apply(ctx, em, file, version, { action: HardshipAction.RETURN, patch: { state: HardshipFileState.OPEN, tier: to, exitedOn: null, reviewedOn: today, nextReviewOn: nextReview(today) }, note }, now);
  });
}

/** A temporary hardship that lasts becomes a regular file. */
export function makeHardshipFileRegular(ctx: SubgraphContext, id: string, version: number, reason: string, now = new Date()) {
  const note = text('reason', reason, 1000);
  return ctx.db.transaction(async (em) => {
    const file = await visibleFile(ctx, em, id);
    requireOpen(file, 'make the file regular');
    if (file.kind !== HardshipFileKind.TEMPORARY) throw new DomainError(ErrorCode.INVALID_STATE, 'This file is regular already.', { kind: file.kind });
    return apply(ctx, em, file, version, { action: HardshipAction.MAKE_REGULAR, patch: { kind: HardshipFileKind.REGULAR }, note }, now);
  });
}

const encode = (f: Pick<HardshipFileRow, 'nextReviewOn' | 'id'>): string => Buffer.from(`${f.nextReviewOn}|${f.id}`).toString('base64url');
function decode(after: string): { day: string; id: string } {
  const [d, id] = Buffer.from(after, 'base64url').toString().split('|');
  if (!d || !id || !DAY_PATTERN.test(d)) throw badCursor();
  return { day: d, id };
}

/**
 * Open files under an org whose yearly review falls on or before `dueBy` (default: 30 days
 * from today), soonest first: the review list a union works through.
 */
export async function hardshipReviewsDue(ctx: SubgraphContext, args: PageArgs & { orgId?: string | null; dueBy?: string | null }, now = new Date()): Promise<Page<HardshipFileRow>> {
  const scope = requireScope(ctx);
  const dueBy = args.dueBy ?? addDays(chinaDate(now), 30);
  calendarDay('dueBy', dueBy);
  const qb = ctx.db
    .readThrough(HardshipFileRow, 'h', { entity: MemberRow, alias: 'm', on: 'm.id = h.memberId' }, MEMBER_SCOPE)
    .andWhere('h.state = :open AND h.nextReviewOn <= :dueBy', { open: HardshipFileState.OPEN, dueBy });
  const orgId = args.orgId ?? (scope.kind === 'subtree' ? scope.orgId : undefined);
  if (orgId) {
    underOrg(qb, 'm', (await visibleOrg(ctx, orgId)).path);
  }
  if (args.after) {
    const c = decode(args.after);
    qb.andWhere('(h.nextReviewOn > :cd OR (h.nextReviewOn = :cd AND h.id > :cid))', { cd: c.day, cid: c.id });
  }
  const rows = await qb.orderBy('h.nextReviewOn').addOrderBy('h.id').limit(args.first + 1).getMany();
  return pageOf(rows, args.first, encode);
}
