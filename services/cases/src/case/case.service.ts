import { handlerAt, visibleOrg } from '@lianxin/members-client';
import { newId, pathIds } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, idempotent, isUniqueViolation, type OnceWriter, unscoped, notFound, requireOrgs, requireScope, scoped, type OrgInfo, type SubgraphContext, withContentionRetry, wholeSeconds, decodeIdCursor, encodeIdCursor, type Page, lean, runRaw, hydrateRaw } from '@lianxin/subgraph';
import { Brackets, type EntityManager } from 'typeorm';
import { CaseRow, CaseScopeRow, CaseSequenceRow } from '../casefile/case.entity';
import { CaseAction, CaseState, CLOCK_RUNNING, CloseReason, HIGHER_SIGN_OFF, Rating, type CaseChannel, type CaseKind, type DeclineReason, OutreachKind, type ReturnReason, type Urgency } from '../casefile/case.enums';
import { authorise, RULES } from './case.rules';
import { actorOf, applyChange, insertCase, newCaseRow, type Actor, type Change } from './case.writer';
import { CASE_SCOPE, caseById, caseQuery } from '../casefile/case.loader';
import { CASE_LIST_ROWS } from '../casefile/case.statements';
import type { CaseFilter, RaiseCaseInput } from './case.types';
import { workerContact } from './worker.service';
import { workerPii } from '../casefile/worker.pii';
import { effectiveDeadline } from '../deadline/deadline.service';
import { addDays, chinaYear, dayStart } from '@lianxin/members-client';

const HOUR = 3600_000;

/** Path of the ancestor `orgId` of a node at `path` (it must be on the path). */
export function ancestorPath(path: string, orgId: string): string {
  const ids = pathIds(path);
  const i = ids.indexOf(orgId);
  if (i < 0) throw new Error(`${orgId} is not on ${path}`);
  return `/${ids.slice(0, i + 1).join('/')}/`;
}

/** The parent of the org at `path`, or null at the root. */
export function parentOf(path: string): { orgId: string; path: string } | null {
  const ids = pathIds(path);
  if (ids.length < 2) return null;
  return { orgId: ids[ids.length - 2], path: `/${ids.slice(0, -1).join('/')}/` };
}

/**
 * Next `<org code>-<year>-<sequence>` for an org. The sequence row is locked by the
 * UPDATE until the raise commits, so two raises at one org never get the same number;
 * the unique index on case_file.number is the backstop.
 */
async function nextNumber(em: EntityManager, org: OrgInfo, year: number): Promise<string> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const bumped = await em
      .createQueryBuilder()
      .update(CaseSequenceRow)
      .set({ lastValue: () => 'last_value + 1' })
      .where('org_id = :org AND year = :year', { org: org.id, year })
      .execute();
    if (bumped.affected === 1) {
      const row = await em.findOneOrFail(CaseSequenceRow, { where: { orgId: org.id, year } });
      return `${org.code}-${year}-${String(row.lastValue).padStart(6, '0')}`;
    }
    try {
      await em.insert(CaseSequenceRow, { orgId: org.id, year, lastValue: 1, orgPath: org.path });
      return `${org.code}-${year}-000001`;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw conflict('case number sequence');
}

/**
 * Registers a case (挂号). Members raise at their own org or one above it, optionally
 * anonymously; staff raise at an org in their scope, optionally on a member's behalf.
 */
/**
 * With an idempotencyKey, a retry gets the case the first call registered. Read past the scope:
 * the key is the caller's own, and an anonymous case is not the member's to read later, yet
 * this answer was theirs. The worker's phone counts only as its keyed hash.
 */
export async function raiseCase(ctx: SubgraphContext, input: RaiseCaseInput, now = new Date(), idempotencyKey?: string | null): Promise<CaseRow> {
  const request = { ...input, worker: input.worker ? { name: input.worker.name, phone: workerPii.hash(input.worker.phone) } : null };
  const replay = (id: string) => unscoped(ctx, 'a retry gets back the case its own first call registered').getRepository(CaseRow).findOneBy({ id });
  return idempotent(ctx, { operation: 'raiseCase', key: idempotencyKey, request }, replay, (once) => raiseOnce(ctx, input, once, now));
}

async function raiseOnce(ctx: SubgraphContext, input: RaiseCaseInput, once: OnceWriter, now: Date): Promise<CaseRow> {
  const caller = ctx.caller;
  let org: OrgInfo;
  let memberId: string | null = null;
  let worker: { name: string; phone: string } | null = null;
  let actor: Actor = actorOf(caller);
  if (caller.role === 'member') {
    if (input.memberId) throw badInput('memberId', 'members raise cases for themselves; leave it out');
    if (input.worker) throw badInput('worker', 'members raise cases for themselves; leave it out');
    // At their own union, or straight at one above it: the 12351 hotline, the county's website.
    if (input.orgId && !(caller.orgPath && pathIds(caller.orgPath).includes(input.orgId))) {
      throw badInput('orgId', 'members raise cases at their own union or at a union above it (the 12351 hotline, the county website); leave orgId out for your own');
    }
    const target = input.orgId ?? caller.orgId;
    const own = target && (await requireOrgs(ctx).org(target));
    if (!own) throw new DomainError(ErrorCode.FORBIDDEN, 'Your membership has no org to raise a case at; ask your union.');
    org = own;
    if (input.anonymous) actor = { sub: 'anonymous', role: 'member', orgId: null };
    else memberId = caller.memberId!;
  } else {
    if (input.anonymous) throw badInput('anonymous', 'only a member can raise a case anonymously; staff record the member or leave memberId out');
    const orgId = input.orgId ?? caller.orgId;
    if (!orgId) throw badInput('orgId', 'say which org the case was raised at');
    if (input.memberId && input.worker) throw badInput('worker', 'a case is for a member (memberId) or for a worker who is not one (worker), not both');
    worker = input.worker ? workerContact(input.worker) : null;
    org = await visibleOrg(ctx, orgId, 'orgId');
    if (input.memberId) {
      const home = await requireOrgs(ctx).memberOrg(input.memberId);
      if (!home || !home.path.startsWith(org.path)) throw badInput('memberId', `no member ${input.memberId} belongs under ${org.name}`);
      memberId = input.memberId;
    }
  }
  const description = input.description.trim();
  if (description.length < 5) throw badInput('description', 'describe the request in at least 5 characters');

  return withContentionRetry(() =>
    once.transaction(
      (em) => registerCase(em, { org, kind: input.kind, channel: input.channel, urgency: input.urgency, description, memberId, worker, actor, onBehalf: caller.role !== 'member' }, now),
      (c) => c.id,
    ),
  );
}

/** A case to register, checked already: where, what, for whom, by whom, and where it came from. */
export interface Registration {
  org: OrgInfo;
  kind: CaseKind;
  channel: CaseChannel;
  urgency: Urgency;
  description: string;
  memberId: string | null;
  worker?: { name: string; phone: string } | null;
  actor: Actor;
  /** Staff recording it for a worker (not the member raising it themselves). */
  onBehalf: boolean;
  /** The outreach record it came from (a chair visit's diary entry…), kept on the case and in its RAISE event. */
  source?: { kind: OutreachKind; id: string } | null;
  /** The case's id; a seed replaying history gives the id of the moment it replays, which the monotonic default would not. */
  id?: string;
}

/**
 * 挂号 inside the caller's transaction: the number, the deadline that applies at the org,
 * the row, its RAISE event, its visibility rows and its tally. raiseCase() and every
 * outreach channel that raises cases from its own records (a chair visit's problems) go
 * through here, so a case is born one way whatever brought it in.
 */
export async function registerCase(em: EntityManager, r: Registration, now: Date): Promise<CaseRow> {
  const deadline = await effectiveDeadline(em, r.org.path, r.kind, r.urgency);
  const c = newCaseRow({
    id: r.id ?? newId(now.getTime()),
    number: await nextNumber(em, r.org, chinaYear(now)),
    kind: r.kind,
    channel: r.channel,
    urgency: r.urgency,
    description: r.description,
    memberId: r.memberId,
    worker: r.worker ?? null,
    raisedBy: r.actor,
    org: r.org,
    raisedAt: now,
    deadline,
    source: r.source ?? null,
  });
  return insertCase(em, c, r.actor, now, null, {
    channel: r.channel, kind: r.kind, urgency: r.urgency, onBehalf: r.onBehalf || undefined, nonMember: r.worker ? true : undefined,
    sourceKind: r.source?.kind, sourceId: r.source?.id,
  });
}

type Build = (c: CaseRow, em: EntityManager, now: Date) => Change | Promise<Change>;

/**
 * Every transition: in one transaction, read the case through the caller's scope (unseen
 * is NOT_FOUND), check the expected version, check the rule table, build the change and
 * apply it with the versioned update. Deadlocks are retried; a lost race is CONFLICT.
 */
export async function transition(ctx: SubgraphContext, id: string, expectedVersion: number | null | undefined, action: keyof typeof RULES, build: Build, when = new Date()): Promise<CaseRow> {
  // Whole seconds, as a MariaDB DATETIME keeps them: what a mutation answers is what the next read returns.
  const now = wholeSeconds(when);
  return withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const current = await scoped(ctx, em.getRepository(CaseRow), 'c', CASE_SCOPE).andWhere('c.id = :id', { id }).getOne();
      if (!current) throw notFound('case', id);
      // GraphQL sends an explicit `version: null` as null: like an absent one, it asks for no version check.
      if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== current.version) throw conflict(`case ${current.number}`);
      authorise(ctx.caller, action, current.state, current);
      const change = await build(current, em, now);
      return applyChange(em, current, { ...change, action: change.action ?? action }, actorOf(ctx.caller), now);
    }),
  );
}

const note = (text: string | undefined | null): string | null => (text?.trim() ? text.trim() : null);

/** Who accepts a case: a person of the handling union's staff directory and, where it has them, their 部室. */
export interface AcceptBy {
  staffId: string;
  departmentId?: string | null;
}

/**
 * 接单. The department and person are checked against the handling org's directory in members
 * (after the rule table: a caller who may not accept learns nothing of the directory), and
 * the case keeps their names as they read now, so its history needs no join.
 */
export const acceptCase = (ctx: SubgraphContext, id: string, version: number | null | undefined, by: AcceptBy, text?: string) =>
  transition(ctx, id, version, CaseAction.ACCEPT, async (c) => {
    // 部室接单: at the menu's own union an order is taken by a department, never by a person alone (a union it was sent on to may have none).
    if (c.sourceKind === OutreachKind.MENU_ITEM && c.handlingOrgId === c.raisedOrgId && !by.departmentId) throw badInput('departmentId', 'a service menu order is taken by a 部室 (部室接单); name the department of the union handling it (Org.departments)');
    const h = await handlerAt(ctx, c.handlingOrgId, by.staffId, by.departmentId);
    return {
      action: CaseAction.ACCEPT,
      to: CaseState.ACCEPTED,
      patch: { responsible: h.display.slice(0, 100), responsibleStaffId: h.staffId, responsibleDepartmentId: h.departmentId, acceptDueAt: null, transferredFromOrgId: null },
      note: note(text),
      detail: { responsible: h.display, staffId: h.staffId, ...(h.departmentId ? { departmentId: h.departmentId } : {}) },
    };
  });

/** 转办: down to a street or enterprise union inside the handling org's subtree. */
export const transferCase = (ctx: SubgraphContext, id: string, version: number | null | undefined, toOrgId: string, text?: string) =>
  transition(ctx, id, version, CaseAction.TRANSFER, async (c, em, now) => {
    const target = await requireOrgs(ctx).org(toOrgId);
    if (!target || !target.path.startsWith(c.handlingPath) || target.id === c.handlingOrgId) {
      throw badInput('toOrgId', 'a case can only be transferred down, to an org under the one handling it');
    }
    if (target.level !== 'STREET' && target.level !== 'ENTERPRISE') throw badInput('toOrgId', `transfer to a street or enterprise union, not a ${target.level.toLowerCase()}`);
    const deadline = await effectiveDeadline(em, target.path, c.kind, c.urgency);
    return {
      action: CaseAction.TRANSFER,
      to: CaseState.TRANSFERRED,
      patch: { handlingOrgId: target.id, handlingPath: target.path, transferredFromOrgId: c.handlingOrgId, acceptDueAt: new Date(now.getTime() + deadline.acceptHours * HOUR) },
      note: note(text),
      detail: { fromOrgId: c.handlingOrgId, toOrgId: target.id },
    };
  });

/** 退回: the receiver hands a transfer back to the org that sent it, with a reason code. */
export const returnCase = (ctx: SubgraphContext, id: string, version: number | null | undefined, reason: ReturnReason, text?: string) =>
  transition(ctx, id, version, CaseAction.RETURN, (c) => {
    const senderId = c.transferredFromOrgId ?? parentOf(c.handlingPath)?.orgId;
    if (!senderId) throw new DomainError(ErrorCode.INVALID_STATE, 'This case has no sender to return it to.');
    return {
      action: CaseAction.RETURN,
      to: CaseState.REGISTERED,
      patch: { handlingOrgId: senderId, handlingPath: ancestorPath(c.handlingPath, senderId), transferredFromOrgId: null, acceptDueAt: null },
      note: note(text),
      detail: { reason, toOrgId: senderId },
    };
  });

export const recordProgress = (ctx: SubgraphContext, id: string, version: number | null | undefined, text: string) =>
  transition(ctx, id, version, CaseAction.PROGRESS, () => ({ action: CaseAction.PROGRESS, to: CaseState.IN_PROGRESS, note: requireNote(text) }));

/** The clock stops while the handler waits on the worker. */
export const awaitWorker = (ctx: SubgraphContext, id: string, version: number | null | undefined, text: string) =>
  transition(ctx, id, version, CaseAction.AWAIT_WORKER, (_c, _em, now) => ({
    action: CaseAction.AWAIT_WORKER,
    to: CaseState.WAITING_ON_WORKER,
    patch: { pausedAt: now },
    note: requireNote(text),
  }));

/** The clock resumes: the deadline moves by exactly the time spent waiting. */
export const workerResponded = (ctx: SubgraphContext, id: string, version: number | null | undefined, text: string) =>
  transition(ctx, id, version, CaseAction.WORKER_RESPONDED, (c, _em, now) => {
    const paused = c.pausedAt ? Math.max(0, now.getTime() - wholeSeconds(c.pausedAt).getTime()) : 0;
    return {
      action: CaseAction.WORKER_RESPONDED,
      to: CaseState.IN_PROGRESS,
      patch: { pausedAt: null, dueAt: new Date(c.dueAt.getTime() + paused) },
      note: requireNote(text),
      detail: { pausedSeconds: paused / 1000 },
    };
  });

export const resolveCase = (ctx: SubgraphContext, id: string, version: number | null | undefined, resolution: string) =>
  transition(ctx, id, version, CaseAction.RESOLVE, (c, _em, now) => {
    const text = requireNote(resolution, 'resolution');
    if (text.length > 1000) throw badInput('resolution', 'keep the resolution to 1000 characters; put detail in progress notes');
    return resolution_(c, now, text);
  });

export function resolution_(c: CaseRow, now: Date, resolution: string): Change {
  return { action: CaseAction.RESOLVE, to: CaseState.RESOLVED, patch: { resolution, resolvedAt: now, onTime: now.getTime() <= c.dueAt.getTime() }, note: resolution };
}

export const signOffCase = (ctx: SubgraphContext, id: string, version: number | null | undefined, text?: string) =>
  transition(ctx, id, version, CaseAction.SIGN_OFF, (_c, _em, now) => ({ action: CaseAction.SIGN_OFF, to: CaseState.SIGNED_OFF, patch: { signedOffAt: now }, note: note(text) }));

/**
 * 满意/基本满意 closes the case. 不满意 reopens it under supervision with a fresh
 * deadline (the old one has passed by definition of the worker still waiting).
 */
export const rateCase = (ctx: SubgraphContext, id: string, version: number | null | undefined, rating: Rating, comment?: string) =>
  transition(ctx, id, version, CaseAction.RATE, (c, em, now) => ratingChange(c, em, now, CaseAction.RATE, CloseReason.RATED, rating, comment));

/** What a rating does, whoever gives it (the member, or staff on a callback). */
export async function ratingChange(c: CaseRow, em: EntityManager, now: Date, action: CaseAction, closeReason: CloseReason, rating: Rating, comment?: string | null): Promise<Change> {
  const ratingComment = note(comment);
  if (ratingComment && ratingComment.length > 500) throw badInput('comment', 'keep the comment to 500 characters');
  if (rating !== Rating.UNSATISFIED) {
    return { action, to: CaseState.CLOSED, patch: { rating, ratingComment, closedAt: now, closeReason }, note: ratingComment, detail: { rating } };
  }
  const deadline = await effectiveDeadline(em, c.handlingPath, c.kind, c.urgency);
  return {
    action,
    to: CaseState.IN_PROGRESS,
    patch: {
      rating, ratingComment, supervised: true, reopenCount: c.reopenCount + 1, resolvedAt: null, onTime: null, signedOffAt: null,
      dueAt: new Date(now.getTime() + deadline.resolveHours * HOUR), deadlineEscalated: false,
    },
    note: ratingComment,
    detail: { rating, reopened: true },
  };
}

export const declineCase = (ctx: SubgraphContext, id: string, version: number | null | undefined, reason: DeclineReason, text: string) =>
  transition(ctx, id, version, CaseAction.DECLINE, (_c, _em, now) => ({
    action: CaseAction.DECLINE,
    to: CaseState.DECLINED,
    patch: { declineReason: reason, closedAt: now },
    note: requireNote(text, 'note'),
    detail: { reason },
  }));

/** 督办 by a higher level: marks the case and records why; the handler stays. */
export const superviseCase = (ctx: SubgraphContext, id: string, version: number | null | undefined, text: string) =>
  transition(ctx, id, version, CaseAction.SUPERVISE, () => ({ action: CaseAction.SUPERVISE, patch: { supervised: true }, note: requireNote(text) }));

export function requireNote(text: string | undefined | null, field = 'note'): string {
  const t = note(text);
  if (!t) throw badInput(field, 'write what was done or why; it goes into the ledger');
  if (t.length > 2000) throw badInput(field, 'keep it to 2000 characters');
  return t;
}

/* ---------- reads ---------- */


/**
 * A page of cases under an org, newest first. Staff page through the visibility rows
 * (case_scope) of one org: one index range, however many cases the subtree holds; then
 * the page's cases in one batched read. Two statements whatever the page size; one with
 * SUBGRAPH_LEAN, where CASE_LIST_ROWS brings the rows with the ids.
 */
export async function listCases(ctx: SubgraphContext, filter: CaseFilter, first: number, after?: string | null, now = new Date()): Promise<Page<CaseRow>> {
  const scope = requireScope(ctx);
  const cursor = after === undefined || after === null ? undefined : decodeIdCursor(after);
  let ids: string[];
  const orgId = filter.orgId ?? (scope.kind === 'subtree' ? scope.orgId : undefined);
  if ((filter.handledHere || filter.needsMyAction) && !orgId) {
    throw badInput(filter.handledHere ? 'filter.handledHere' : 'filter.needsMyAction', 'is about one org: name it with filter.orgId');
  }
  if (orgId && lean.on && !(filter.handledHere || filter.needsMyAction || readsCaseRow(filter))) {
    // The ids and the rows in one statement; primed, the load below reads nothing more.
    const listed = await caseListRows(ctx, orgId, filter, first, cursor, now);
    const loader = caseById(ctx);
    listed.ids.forEach((id, i) => loader.prime(id, listed.cases[i]));
    ids = listed.ids;
  } else if (orgId) {
    const qb = ctx.db.read(CaseScopeRow, 's', { path: 's.orgPath' }).select('s.caseId', 'id').andWhere('s.orgId = :orgId', { orgId });
    applyFilter(qb, 's', filter, now);
    // case_scope carries what most lists filter on; the rest is read from the case itself.
    if (filter.handledHere || filter.needsMyAction || readsCaseRow(filter)) qb.innerJoin(CaseRow, 'c', 'c.id = s.caseId');
    applyCaseFilter(qb, filter);
    if (filter.handledHere) qb.andWhere('c.handlingOrgId = :orgId', { orgId });
    if (filter.needsMyAction) applyNeedsAction(qb, orgId);
    if (cursor) qb.andWhere('s.caseId < :cursor', { cursor });
    const rows = await qb.orderBy('s.caseId', 'DESC').limit(first + 1).getRawMany<{ id: string }>();
    ids = rows.map((r) => r.id);
  } else {
    // Admins without an org, and members (their own cases): straight from case_file.
    const qb = caseQuery(ctx).select('c.id', 'id');
    applyFilter(qb, 'c', filter, now);
    applyCaseFilter(qb, filter);
    if (cursor) qb.andWhere('c.id < :cursor', { cursor });
    const rows = await qb.orderBy('c.id', 'DESC').limit(first + 1).getRawMany<{ id: string }>();
    ids = rows.map((r) => r.id);
  }
  const pageIds = ids.slice(0, first);
  const loader = caseById(ctx);
  const cases = (await loader.loadMany(pageIds)).filter((c): c is CaseRow => !!c && !(c instanceof Error));
  return {
    edges: cases.map((node) => ({ cursor: encodeIdCursor(node.id), node })),
    pageInfo: { hasNextPage: ids.length > first, endCursor: pageIds.length ? encodeIdCursor(pageIds[pageIds.length - 1]) : null },
  };
}

/**
 * The org's list from case_scope, with the cases' rows, as one raw statement (CASE_LIST_ROWS):
 * the page's ids as the query builder would list them, and each one's row as caseById would
 * load it (null where the caller may not read the case).
 */
async function caseListRows(ctx: SubgraphContext, orgId: string, f: CaseFilter, first: number, cursor: string | undefined, now: Date): Promise<{ ids: string[]; cases: (CaseRow | null)[] }> {
  const opt = (v: unknown) => [v ?? null, v ?? null];
  const supervised = f.supervised === undefined || f.supervised === null ? null : f.supervised;
  const rows = await runRaw<Record<string, unknown>>(ctx, CASE_LIST_ROWS, [
    orgId,
    ...opt(f.state),
    ...opt(f.kind),
    ...opt(supervised),
    f.overdue === true ? 1 : null, [...CLOCK_RUNNING], now,
    f.overdue === false ? 1 : null, [...CLOCK_RUNNING], now,
    ...opt(cursor),
    first + 1,
  ]);
  return { ids: rows.map((r) => r.page_id as string), cases: hydrateRaw(ctx, CaseRow, rows, 'c_') };
}

function applyFilter(qb: { andWhere(where: string | Brackets, params?: object): unknown }, alias: string, f: CaseFilter, now: Date): void {
  if (f.state) qb.andWhere(`${alias}.state = :state`, { state: f.state });
  if (f.kind) qb.andWhere(`${alias}.kind = :kind`, { kind: f.kind });
  if (f.supervised !== undefined && f.supervised !== null) qb.andWhere(`${alias}.supervised = :supervised`, { supervised: f.supervised });
  if (f.overdue === true) qb.andWhere(`${alias}.state IN (:...running) AND ${alias}.dueAt < :now`, { running: CLOCK_RUNNING, now });
  if (f.overdue === false) {
    qb.andWhere(new Brackets((b) => b.where(`${alias}.state NOT IN (:...running)`, { running: CLOCK_RUNNING }).orWhere(`${alias}.dueAt >= :now`, { now })));
  }
}

const readsCaseRow = (f: CaseFilter): boolean => !!(f.channel || f.urgency || f.raisedFrom || f.raisedTo);

/** Filters on columns only case_file holds (alias c). */
function applyCaseFilter(qb: { andWhere(where: string, params?: object): unknown }, f: CaseFilter): void {
  if (f.channel) qb.andWhere('c.channel = :channel', { channel: f.channel });
  if (f.urgency) qb.andWhere('c.urgency = :urgency', { urgency: f.urgency });
  if (f.raisedFrom) qb.andWhere('c.raisedAt >= :raisedFrom', { raisedFrom: dayStart(f.raisedFrom) });
  if (f.raisedTo) qb.andWhere('c.raisedAt < :raisedBefore', { raisedBefore: dayStart(addDays(f.raisedTo, 1)) });
}

/** States in which the handling org has the next move (accept, progress or resolve, sign off). */
const HANDLER_MOVES = [CaseState.REGISTERED, CaseState.TRANSFERRED, CaseState.ACCEPTED, CaseState.IN_PROGRESS];

/**
 * Waiting on the org, by the rules in case.rules.ts: it handles the case (or it was
 * escalated there) and the case is where the handler moves next, or it is resolved and
 * signed off here; or the case is below it, resolved, of a kind a higher level signs off.
 */
function applyNeedsAction(qb: { andWhere(where: Brackets, params?: object): unknown }, orgId: string): void {
  qb.andWhere(
    new Brackets((b) =>
      b
        .where(
          new Brackets((mine) =>
            mine
              .where('(c.handlingOrgId = :needsOrg OR c.escalatedToOrgId = :needsOrg)', { needsOrg: orgId })
              .andWhere(new Brackets((st) => st.where('s.state IN (:...handlerMoves)', { handlerMoves: HANDLER_MOVES }).orWhere('(s.state = :resolved AND s.kind NOT IN (:...higherKinds))'))),
          ),
        )
        .orWhere('(s.state = :resolved AND s.kind IN (:...higherKinds) AND c.handlingOrgId <> :needsOrg)', { resolved: CaseState.RESOLVED, higherKinds: HIGHER_SIGN_OFF, needsOrg: orgId }),
    ),
  );
}

/** Open, clock running and past the deadline. */
export const isOverdue = (c: Pick<CaseRow, 'state' | 'dueAt'>, now = new Date()): boolean =>
  CLOCK_RUNNING.includes(c.state) && c.dueAt.getTime() < now.getTime();

