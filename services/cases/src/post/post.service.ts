import { dayEnd, dayStart, visibleOrg } from '@lianxin/members-client';
import { newId, subtreeRange } from '@lianxin/auth';
import {
  afterId, badInput, calendarDay, conflict, DomainError, emptyPage, encodeIdCursor, ErrorCode, idempotent, inScope, isUniqueViolation, notFound, pageOf,
  pathKeysetPage, requiredText, requireOrgs, requireScope, underOrg, unscoped, wholeSeconds, withContentionRetry, type OnceWriter, type OrgInfo, type Page,
  type SubgraphContext,
} from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import { CaseRow } from '../casefile/case.entity';
import { CASE_SCOPE, caseById } from '../casefile/case.loader';
import { CaseChannel, CaseKind, CaseState, OutreachKind, Urgency } from '../casefile/case.enums';
import { registerCase } from '../case/case.service';
import { actorOf, type Actor } from '../case/case.writer';
import { UnionPostRow } from './post.entity';
import { postById, postQuery } from './post.loader';
import {
  POST_LIMITS, PostChannel, type CreateUnionPostInput, type PostCasesArgs, type PostEntryInput, type UnionPostCounts, type UnionPostFigures, type UnionPostFiguresArgs,
  type UnionPostsArgs, type UpdateUnionPostInput,
} from './post.types';

// The resolvers declare the roles; services are also called directly (seeders, tests), so they re-check everything.

const DAY_MS = 86_400_000;
/** A wish granted (已实现): its case resolved, signed off or closed. */
export const GRANTED_STATES: readonly CaseState[] = [CaseState.RESOLVED, CaseState.SIGNED_OFF, CaseState.CLOSED];
/** A suggestion answered: resolved, signed off, closed, or declined with a reason; each is an answer to the worker. */
export const ANSWERED_STATES: readonly CaseState[] = [...GRANTED_STATES, CaseState.DECLINED];

const CHANNEL: Record<PostChannel, { channel: CaseChannel; kind: CaseKind; what: string; place: string; flag: 'wishWall' | 'suggestionBook' }> = {
  [PostChannel.WISH_WALL]: { channel: CaseChannel.WISH_WALL, kind: CaseKind.MICRO_WISH, what: 'wish', place: 'wish wall', flag: 'wishWall' },
  [PostChannel.SUGGESTION_BOOK]: { channel: CaseChannel.SUGGESTION_BOOK, kind: CaseKind.SUGGESTION, what: 'suggestion', place: 'suggestion book', flag: 'suggestionBook' },
};

/** Keeping a post is union work: a member's scope would pass the org check for their own ancestors. */
function requireStaffScope(ctx: SubgraphContext): void {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Union posts are kept by union staff; ask your union.');
}

/** Only the running union's own staff (and admins) keep a post and record at it; staff above see it, and may not write. */
function requireKeeper(ctx: SubgraphContext, org: OrgInfo, field: string): void {
  if (ctx.caller.role !== 'admin' && ctx.caller.orgId !== org.id) {
    throw new DomainError(ErrorCode.FORBIDDEN, `The union posts of ${org.name} are kept by its own staff; ask them.`, { field });
  }
}

function optionalText(field: string, value: string | null | undefined, max: number): string | null {
  const text = (value ?? '').trim();
  if (text.length > max) throw badInput(field, `must be at most ${max} characters`);
  return text || null;
}

/* ---------- the posts ---------- */

/**
 * A union post of the caller's own union (admins: any union). With an idempotencyKey a retry
 * gets the post the first call made. Two posts of one union with one name is a DUPLICATE.
 */
export async function createUnionPost(ctx: SubgraphContext, input: CreateUnionPostInput, now = new Date(), idempotencyKey?: string | null): Promise<UnionPostRow> {
  requireStaffScope(ctx);
  const name = requiredText('name', input.name, POST_LIMITS.name);
  const address = requiredText('address', input.address, POST_LIMITS.address);
  const openingHours = optionalText('openingHours', input.openingHours, POST_LIMITS.openingHours);
  const org = await visibleOrg(ctx, input.orgId, 'orgId');
  requireKeeper(ctx, org, 'orgId');
  const at = wholeSeconds(now);
  const row = Object.assign(new UnionPostRow(), {
    orgId: org.id, orgPath: org.path, name, address, openingHours, wishWall: input.wishWall !== false, suggestionBook: input.suggestionBook !== false,
    createdBy: ctx.caller.sub, createdAt: at, updatedAt: at, version: 1,
  });
  const replay = (id: string) => postQuery(ctx).andWhere('p.id = :id', { id }).getOne();
  const request = { orgId: org.id, name, address, openingHours, wishWall: row.wishWall, suggestionBook: row.suggestionBook };
  const created = await idempotent(ctx, { operation: 'createUnionPost', key: idempotencyKey, request }, replay, (once) =>
    withContentionRetry(() =>
      once.transaction(async (em) => {
        const fresh = Object.assign(new UnionPostRow(), row, { id: newId(now.getTime()) });
        await insertPost(em, fresh, org);
        return fresh;
      }, (p) => p.id),
    ),
  );
  postById(ctx).clear(created.id).prime(created.id, created);
  return created;
}

async function insertPost(em: EntityManager, row: UnionPostRow, org: OrgInfo): Promise<void> {
  try {
    await em.insert(UnionPostRow, row);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new DomainError(ErrorCode.DUPLICATE, `${org.name} already runs a post named ${row.name}; give this one another name, or change that one (updateUnionPost).`, { field: 'name' });
  }
}

/** Changes a post of the caller's own union, on the version last seen; what is left out stays. */
export async function updateUnionPost(ctx: SubgraphContext, id: string, input: UpdateUnionPostInput, now = new Date()): Promise<UnionPostRow> {
  requireStaffScope(ctx);
  const patch: Partial<UnionPostRow> = {};
  if (input.name !== undefined && input.name !== null) patch.name = requiredText('name', input.name, POST_LIMITS.name);
  if (input.address !== undefined && input.address !== null) patch.address = requiredText('address', input.address, POST_LIMITS.address);
  if (input.openingHours !== undefined && input.openingHours !== null) patch.openingHours = optionalText('openingHours', input.openingHours, POST_LIMITS.openingHours);
  if (input.wishWall !== undefined && input.wishWall !== null) patch.wishWall = input.wishWall;
  if (input.suggestionBook !== undefined && input.suggestionBook !== null) patch.suggestionBook = input.suggestionBook;
  const seen = await postQuery(ctx).andWhere('p.id = :id', { id }).getOne();
  if (!seen) throw notFound('union post', id);
  const org = await requireOrgs(ctx).org(seen.orgId);
  if (!org) throw notFound('union post', id);
  requireKeeper(ctx, org, 'id');
  const updated = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const current = await postQuery(ctx, em).andWhere('p.id = :id', { id }).getOne();
      if (!current) throw notFound('union post', id);
      if (input.version !== undefined && input.version !== null && input.version !== current.version) throw conflict(`union post ${current.name}`);
      const stamp = { ...patch, updatedAt: wholeSeconds(now), version: current.version + 1 };
      try {
        const result = await em.createQueryBuilder().update(UnionPostRow).set(stamp).where('id = :id AND version = :version', { id, version: current.version }).execute();
        if (result.affected !== 1) throw conflict(`union post ${current.name}`);
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        throw new DomainError(ErrorCode.DUPLICATE, `${org.name} already runs a post named ${patch.name}; pick another name.`, { field: 'name' });
      }
      return Object.assign(new UnionPostRow(), current, stamp);
    }),
  );
  postById(ctx).clear(id).prime(id, updated);
  return updated;
}

/* ---------- wishes and suggestions ---------- */

interface Entry {
  post: UnionPostRow;
  org: OrgInfo;
  kind: CaseKind;
  urgency: Urgency;
  text: string;
  memberId: string | null;
  actor: Actor;
}

/**
 * Who may leave what at a post, checked before anything is written. Staff record at their own
 * union's posts (for a member under it, or for a worker not named); a member leaves one in their
 * own name or anonymously at a post serving their union. A post the caller cannot see is
 * NOT_FOUND; one without the wall or book asked for is BAD_USER_INPUT.
 */
async function entryOf(ctx: SubgraphContext, at: PostChannel, input: PostEntryInput): Promise<Entry> {
  const scope = requireScope(ctx);
  const role = ctx.caller.role;
  const { what, place, flag, kind } = CHANNEL[at];
  if (role !== 'member' && scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, `A ${what} is left by a member or recorded by union staff at a union post.`);
  const text = (input.text ?? '').trim();
  if (text.length < POST_LIMITS.minText || text.length > POST_LIMITS.text) {
    throw badInput('text', `write the ${what} in ${POST_LIMITS.minText} to ${POST_LIMITS.text} characters, in the worker's words`);
  }
  const post = await postById(ctx).load(input.postId);
  if (!post) throw notFound('union post', input.postId);
  const org = await requireOrgs(ctx).org(post.orgId);
  if (!org) throw notFound('union post', input.postId);
  if (role === 'member') {
    if (input.memberId) throw badInput('memberId', `members leave a ${what} for themselves; leave it out`);
  } else {
    requireKeeper(ctx, org, 'postId');
    if (input.anonymous) throw badInput('anonymous', `only a member leaves a ${what} anonymously; staff leave memberId out for a worker not named`);
  }
  if (!post[flag]) throw badInput('postId', `${post.name} has no ${place}; take the ${what} at a post with one, or put one up there first (updateUnionPost)`);
  let memberId: string | null = null;
  let actor = actorOf(ctx.caller);
  if (role === 'member') {
    if (input.anonymous) actor = { sub: 'anonymous', role: 'member', orgId: null };
    else memberId = ctx.caller.memberId!;
  } else if (input.memberId) {
    const home = await requireOrgs(ctx).memberOrg(input.memberId);
    if (!home || !home.path.startsWith(org.path)) throw badInput('memberId', `no member ${input.memberId} belongs under ${org.name}; leave it out for a worker not named`);
    memberId = input.memberId;
  }
  return { post, org, kind: input.kind ?? kind, urgency: input.urgency ?? Urgency.NORMAL, text, memberId, actor };
}

/**
 * 挂号 of a wish (心愿墙) or a suggestion (意见簿) at the union running the post, linked to the
 * post (source UNION_POST), through the one registerCase(). With an idempotencyKey a retry
 * gets the case the first call registered, read past the scope as raiseCase does: an
 * anonymous wish is not the member's to read later, yet this answer was theirs.
 */
export async function recordAtPost(ctx: SubgraphContext, at: PostChannel, input: PostEntryInput, when = new Date(), idempotencyKey?: string | null): Promise<CaseRow> {
  const now = wholeSeconds(when);
  const entry = await entryOf(ctx, at, input);
  const operation = at === PostChannel.WISH_WALL ? 'recordWish' : 'recordSuggestion';
  const replay = (id: string) => unscoped(ctx, 'a retry gets back the case its own first call registered').getRepository(CaseRow).findOneBy({ id });
  const request = { ...input, text: entry.text };
  const c = await idempotent(ctx, { operation, key: idempotencyKey, request }, replay, (once) => register(ctx, once, at, entry, now));
  caseById(ctx).clear(c.id).prime(c.id, c);
  return c;
}

function register(ctx: SubgraphContext, once: OnceWriter, at: PostChannel, e: Entry, now: Date): Promise<CaseRow> {
  const { channel, place, flag } = CHANNEL[at];
  return withContentionRetry(() =>
    once.transaction(async (em) => {
      // Read again in the transaction: a wall taken down meanwhile takes no more wishes.
      const post = await postQuery(ctx, em).andWhere('p.id = :id', { id: e.post.id }).getOne();
      if (!post) throw notFound('union post', e.post.id);
      if (!post[flag]) throw badInput('postId', `${post.name} has no ${place} any more; take it at a post with one`);
      return registerCase(em, {
        org: e.org, kind: e.kind, channel, urgency: e.urgency, description: e.text, memberId: e.memberId, actor: e.actor,
        onBehalf: ctx.caller.role !== 'member', source: { kind: OutreachKind.UNION_POST, id: post.id },
      }, now);
    }, (c) => c.id),
  );
}

/* ---------- reads ---------- */

/** An org named to narrow a read: one the caller cannot see narrows to nothing, as if it did not exist. */
async function narrowTo(ctx: SubgraphContext, orgId: string | null | undefined): Promise<OrgInfo | null | 'all'> {
  if (!orgId) return 'all';
  const org = await requireOrgs(ctx).org(orgId);
  return org && inScope(requireScope(ctx), { path: org.path }) ? org : null;
}

/** Posts the caller sees, in org-tree order: staff their subtree's, a member those serving them. */
export async function listUnionPosts(ctx: SubgraphContext, args: UnionPostsArgs): Promise<Page<UnionPostRow>> {
  requireScope(ctx);
  const org = await narrowTo(ctx, args.orgId);
  if (!org) return emptyPage();
  const qb = postQuery(ctx);
  if (org !== 'all') underOrg(qb, 'p', org.path);
  const page = await pathKeysetPage(qb, 'p', args);
  for (const { node } of page.edges) postById(ctx).prime(node.id, node);
  return page;
}

export const getUnionPost = (ctx: SubgraphContext, id: string): Promise<UnionPostRow | null> => postById(ctx).load(id);

/**
 * The wishes (or suggestions) of a post the caller sees, newest first, as the cases the
 * caller sees: staff all of them, a member only their own. A post the caller cannot see has none.
 */
export async function listPostCases(ctx: SubgraphContext, args: PostCasesArgs): Promise<Page<CaseRow>> {
  requireScope(ctx);
  const post = await postById(ctx).load(args.postId);
  if (!post) return emptyPage();
  const qb = ctx.db.read(CaseRow, 'c', CASE_SCOPE)
    .andWhere('c.sourceId = :postId AND c.sourceKind = :kind AND c.channel = :channel', { postId: post.id, kind: OutreachKind.UNION_POST, channel: CHANNEL[args.channel].channel });
  if (args.chosen === true) qb.andWhere('c.projectId IS NOT NULL');
  if (args.chosen === false) qb.andWhere('c.projectId IS NULL');
  const after = afterId(args.after);
  if (after) qb.andWhere('c.id < :after', { after });
  const rows = await qb.orderBy('c.id', 'DESC').limit(args.first + 1).getMany();
  for (const r of rows) caseById(ctx).prime(r.id, r);
  return pageOf(rows, args.first, (r) => encodeIdCursor(r.id));
}

/* ---------- figures ---------- */

type Raw = Record<string, string | number | null>;
const num = (v: string | number | null | undefined): number => Number(v ?? 0);

function period(args: UnionPostFiguresArgs): { from: string; to: string } {
  const from = calendarDay('from', args.from);
  const to = calendarDay('to', args.to);
  if (from > to) throw badInput('to', `${to} is before from (${from}); give the period's first day first`);
  if ((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1 > POST_LIMITS.periodDays) throw badInput('to', `ask for at most ${POST_LIMITS.periodDays} days at a time`);
  return { from, to };
}

/**
 * What the posts of an org's subtree collected in a period of China days: wishes collected,
 * chosen into a project, granted; suggestions collected and answered. Two statements: the
 * posts, then their cases grouped by post, channel and state. Union staff and admins only.
 */
export async function unionPostFigures(ctx: SubgraphContext, args: UnionPostFiguresArgs): Promise<UnionPostFigures | null> {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Union post figures are for union staff; ask your union.');
  const { from, to } = period(args);
  const orgId = args.orgId ?? ctx.caller.orgId;
  if (!orgId) throw badInput('orgId', 'name the org whose figures you want');
  const org = await requireOrgs(ctx).org(orgId);
  if (!org || !inScope(scope, { path: org.path })) return null;

  const { from: nf, to: nt } = subtreeRange(org.path);
  const posts = await postQuery(ctx).andWhere('p.orgPath >= :nf AND p.orgPath < :nt', { nf, nt }).orderBy('p.orgPath').addOrderBy('p.id').getMany();
  const counted = await postQuery(ctx)
    .innerJoin(CaseRow, 'c', 'c.sourceId = p.id AND c.sourceKind = :kind', { kind: OutreachKind.UNION_POST })
    .andWhere('p.orgPath >= :nf AND p.orgPath < :nt AND c.raisedAt >= :start AND c.raisedAt <= :end', { nf, nt, start: dayStart(from), end: dayEnd(to) })
    .select('p.id', 'postId').addSelect('c.channel', 'channel').addSelect('c.state', 'state').addSelect('COUNT(*)', 'n').addSelect('COUNT(c.projectId)', 'chosen')
    .groupBy('p.id').addGroupBy('c.channel').addGroupBy('c.state')
    .getRawMany<Raw>();

  const byPost = new Map<string, UnionPostCounts>(posts.map((p) => [p.id, { postId: p.id, wishes: 0, chosen: 0, granted: 0, suggestions: 0, answered: 0 }]));
  for (const r of counted) {
    const e = byPost.get(String(r.postId))!;
    const n = num(r.n);
    const state = r.state as CaseState;
    if (r.channel === CaseChannel.WISH_WALL) {
      e.wishes += n;
      e.chosen += num(r.chosen);
      if (GRANTED_STATES.includes(state)) e.granted += n;
    } else if (r.channel === CaseChannel.SUGGESTION_BOOK) {
      e.suggestions += n;
      if (ANSWERED_STATES.includes(state)) e.answered += n;
    }
  }
  const rows = [...byPost.values()];
  const sum = (k: keyof Omit<UnionPostCounts, 'postId'>) => rows.reduce((t, r) => t + r[k], 0);
  const wishes = sum('wishes');
  return {
    orgId: org.id, from, to, posts: rows.length,
    wishes, chosen: sum('chosen'), granted: sum('granted'), grantedRate: wishes ? sum('granted') / wishes : null,
    suggestions: sum('suggestions'), answered: sum('answered'),
    byPost: rows,
  };
}
