import { addDays, chinaDate, dayCount, visibleOrg } from '@lianxin/members-client';
import { newId, subtreeRange } from '@lianxin/auth';
import {
  badInput, calendarDay, conflict, notFound, decodeIdCursor, DomainError, encodeIdCursor, ErrorCode, emptyPage, inScope, isUniqueViolation, pageOf, pathKeysetPage,
  requiredText, requireOrgs, requireScope, underOrg, wholeSeconds, withContentionRetry, type OrgInfo, type Page, type SubgraphContext,
} from '@lianxin/subgraph';
import type { EntityManager, SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import type { CaseRow } from '../casefile/case.entity';
import { CaseRow as CaseTable } from '../casefile/case.entity';
import { CaseChannel, CaseKind, CaseState, OutreachKind, RESOLVED_STATES, Urgency } from '../casefile/case.enums';
import { caseById } from '../casefile/case.loader';
import { registerCase, type Registration } from '../case/case.service';
import { actorOf } from '../case/case.writer';
import { ChairVisitDayRow, ChairVisitRow, VisitFormat } from './visit.entity';
import { casesOfVisit, visitById, visitDayQuery, visitQuery } from './visit.loader';
import {
  VISIT_LIMITS, type ChairVisitDaysArgs, type ChairVisitFigures, type ChairVisitFiguresArgs, type ChairVisitOrgFigures, type ChairVisitsArgs,
  type RecordChairVisitInput, type SetChairVisitDaysInput, type VisitProblemInput,
} from './visit.types';

// The resolvers declare the roles; services are also called directly (seeders, tests), so they re-check everything.


/* ---------- the schedule ---------- */

/** ISO weekday (1 = Monday … 7 = Sunday) of a China day written YYYY-MM-DD. */
export const isoWeekday = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;

export type Schedule = Pick<ChairVisitDayRow, 'weekday' | 'dates' | 'startsOn' | 'endsOn'>;

export const datesOf = (s: Pick<ChairVisitDayRow, 'dates'>): string[] => (s.dates ? s.dates.split(',') : []);

/**
 * The days a schedule holds between `from` and `to` (inclusive, China days), in order: every
 * matching weekday, or the listed dates, within the schedule's own run.
 */
export function scheduledDays(s: Schedule, from: string, to: string): string[] {
  const start = from > s.startsOn ? from : s.startsOn;
  const end = s.endsOn && s.endsOn < to ? s.endsOn : to;
  if (start > end) return [];
  if (s.weekday === null) return datesOf(s).filter((d) => d >= start && d <= end);
  const days: string[] = [];
  let d = addDays(start, (s.weekday - isoWeekday(start) + 7) % 7);
  while (d <= end) {
    days.push(d);
    d = addDays(d, 7);
  }
  return days;
}

/** Visit days are union work. A member's scope would pass the org check for their own ancestors. */
function requireStaffScope(ctx: SubgraphContext): void {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Chair visit days are kept by union staff; ask your union.');
}

/**
 * The enterprise union whose diary this is, for a write: outside the caller's subtree it does
 * not exist (NOT_FOUND); above it, the union's own staff keep it (FORBIDDEN). Admins may keep any.
 */
async function ownUnion(ctx: SubgraphContext, orgId: string): Promise<OrgInfo> {
  requireStaffScope(ctx);
  const org = await visibleOrg(ctx, orgId, 'orgId');
  if (ctx.caller.role !== 'admin' && ctx.caller.orgId !== org.id) {
    throw new DomainError(ErrorCode.FORBIDDEN, `The chair visit days of ${org.name} are kept by its own union's staff; ask them to record it.`, { field: 'orgId' });
  }
  if (org.level !== 'ENTERPRISE') {
    throw badInput('orgId', `chair visit days are held by enterprise unions; ${org.name} is a ${org.level.toLowerCase()} union`);
  }
  return org;
}

function scheduleOf(input: SetChairVisitDaysInput): Pick<ChairVisitDayRow, 'weekday' | 'dates' | 'startsOn' | 'endsOn' | 'chair' | 'staffCount'> {
  const startsOn = calendarDay('startsOn', input.startsOn);
  const endsOn = input.endsOn === undefined || input.endsOn === null ? null : calendarDay('endsOn', input.endsOn);
  if (endsOn && endsOn < startsOn) throw badInput('endsOn', `${endsOn} is before startsOn (${startsOn}); the schedule must end on or after the day it starts`);
  const chair = requiredText('chair', input.chair, VISIT_LIMITS.chair);
  if (!Number.isInteger(input.staffCount) || input.staffCount < VISIT_LIMITS.minStaff) {
    throw badInput('staffCount', `chair visit days are for firms of ${VISIT_LIMITS.minStaff} or more staff; this one states ${input.staffCount}`);
  }
  const hasWeekday = input.weekday !== undefined && input.weekday !== null;
  const hasDates = !!input.dates?.length;
  if (hasWeekday === hasDates) throw badInput(hasWeekday ? 'dates' : 'weekday', 'give the visit day as a weekday (1 = Monday … 7 = Sunday) or as a list of dates, one of the two');
  if (hasWeekday) {
    if (!Number.isInteger(input.weekday) || input.weekday! < 1 || input.weekday! > 7) throw badInput('weekday', 'is an ISO weekday: 1 = Monday … 7 = Sunday');
    return { weekday: input.weekday!, dates: null, startsOn, endsOn, chair, staffCount: input.staffCount };
  }
  if (input.dates!.length > VISIT_LIMITS.dates) throw badInput('dates', `list at most ${VISIT_LIMITS.dates} dates; for a standing day give a weekday`);
  const dates = [...new Set(input.dates!.map((d, i) => calendarDay(`dates.${i}`, d)))].sort();
  const outside = dates.filter((d) => d < startsOn || (endsOn !== null && d > endsOn));
  if (outside.length) throw badInput('dates', `${outside.join(', ')} fall outside the schedule's run (${startsOn} to ${endsOn ?? 'open'}); move them or the run`);
  return { weekday: null, dates: dates.join(','), startsOn, endsOn, chair, staffCount: input.staffCount };
}

/**
 * Sets the visit-day schedule of the caller's own enterprise union: a weekday or a list of
 * dates, from startsOn (until endsOn). One schedule per union; setting it again replaces it,
 * on the version last seen. Ending it (endsOn) keeps the rows its figures count on.
 */
export async function setChairVisitDays(ctx: SubgraphContext, input: SetChairVisitDaysInput, now = new Date()): Promise<ChairVisitDayRow> {
  const schedule = scheduleOf(input);
  const org = await ownUnion(ctx, input.orgId);
  const row = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const current = await visitDayQuery(ctx, em).andWhere('d.orgId = :orgId', { orgId: org.id }).getOne();
      const stamp = { ...schedule, updatedBy: ctx.caller.sub, updatedAt: wholeSeconds(now) };
      if (!current) {
        const fresh = Object.assign(new ChairVisitDayRow(), { id: newId(now.getTime()), orgId: org.id, orgPath: org.path, ...stamp, version: 1 });
        try {
          await em.insert(ChairVisitDayRow, fresh);
        } catch (err) {
          if (isUniqueViolation(err)) throw conflict(`visit-day schedule of ${org.name}`);
          throw err;
        }
        return fresh;
      }
      if (input.version !== undefined && input.version !== null && input.version !== current.version) throw conflict(`visit-day schedule of ${org.name}`);
      const result = await em.createQueryBuilder().update(ChairVisitDayRow).set({ ...stamp, version: current.version + 1 })
        .where('id = :id AND version = :version', { id: current.id, version: current.version }).execute();
      if (result.affected !== 1) throw conflict(`visit-day schedule of ${org.name}`);
      return Object.assign(new ChairVisitDayRow(), current, stamp, { version: current.version + 1 });
    }),
  );
  return row;
}

/* ---------- the diary (民意日记) ---------- */

interface Problem {
  kind: CaseKind;
  urgency: Urgency;
  description: string;
  memberId: string | null;
}

async function problemsOf(ctx: SubgraphContext, org: OrgInfo, list: readonly VisitProblemInput[] | null | undefined): Promise<Problem[]> {
  const problems = list ?? [];
  if (problems.length > VISIT_LIMITS.problems) throw badInput('problems', `record at most ${VISIT_LIMITS.problems} problems at a time; add the rest to the visit afterwards (addChairVisitProblems)`);
  const checked: Problem[] = [];
  for (const [i, p] of problems.entries()) {
    const description = (p.description ?? '').trim();
    if (description.length < 5 || description.length > 2000) throw badInput(`problems.${i}.description`, 'describe the problem in 5 to 2000 characters, in the worker\'s words');
    let memberId: string | null = null;
    if (p.memberId) {
      const home = await requireOrgs(ctx).memberOrg(p.memberId);
      if (!home || !home.path.startsWith(org.path)) throw badInput(`problems.${i}.memberId`, `no member ${p.memberId} belongs under ${org.name}; leave it out for a worker not named`);
      memberId = p.memberId;
    }
    checked.push({ kind: p.kind, urgency: p.urgency ?? Urgency.NORMAL, description, memberId });
  }
  return checked;
}

export interface RecordedVisit {
  visit: ChairVisitRow;
  cases: CaseRow[];
}

/**
 * A 民意日记 entry of the caller's own enterprise union, and the problems raised on the visit
 * as cases (挂号 at the union, channel CHAIR_VISIT_DAY, linked to the visit), all in one
 * transaction: a refused problem and nothing is written. The union must hold visit days on
 * that day (a visit on another day than the scheduled one counts: days move).
 */
export async function recordChairVisit(ctx: SubgraphContext, input: RecordChairVisitInput, when = new Date()): Promise<RecordedVisit> {
  const now = wholeSeconds(when);
  requireStaffScope(ctx);
  const visitedOn = calendarDay('visitedOn', input.visitedOn);
  const today = chinaDate(now);
  if (visitedOn > today) throw badInput('visitedOn', `${visitedOn} is still ahead (today is ${today} in China); record a visit once it has been held`);
  if (!Number.isInteger(input.attendance) || input.attendance < 0 || input.attendance > VISIT_LIMITS.attendance) {
    throw badInput('attendance', `is how many workers took part: a whole number from 0 to ${VISIT_LIMITS.attendance}`);
  }
  if (!Object.values(VisitFormat).includes(input.format)) throw badInput('format', `is one of ${Object.values(VisitFormat).join(', ')}`);
  const notes = requiredText('notes', input.notes, VISIT_LIMITS.notes);
  const chairGiven = input.chair === undefined || input.chair === null ? null : requiredText('chair', input.chair, VISIT_LIMITS.chair);
  const org = await ownUnion(ctx, input.orgId);
  const problems = await problemsOf(ctx, org, input.problems);

  const recorded = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const schedule = await visitDayQuery(ctx, em).andWhere('d.orgId = :orgId', { orgId: org.id }).getOne();
      if (!schedule) throw badInput('orgId', `${org.name} holds no chair visit days; set its visit days first (setChairVisitDays)`);
      if (visitedOn < schedule.startsOn || (schedule.endsOn && visitedOn > schedule.endsOn)) {
        throw badInput('visitedOn', `${org.name} holds visit days from ${schedule.startsOn} to ${schedule.endsOn ?? 'now'}; ${visitedOn} is outside that`);
      }
      const visit = Object.assign(new ChairVisitRow(), {
        id: newId(now.getTime()), orgId: org.id, orgPath: org.path, visitedOn, chair: chairGiven ?? schedule.chair, attendance: input.attendance,
        format: input.format, notes, recordedBy: ctx.caller.sub, recordedAt: now,
      });
      await insertVisit(em, visit, org);
      const cases: CaseRow[] = [];
      for (const p of problems) cases.push(await registerCase(em, problemCase(ctx, org, visit, p), now));
      return { visit, cases };
    }),
  );
  visitById(ctx).clear(recorded.visit.id).prime(recorded.visit.id, recorded.visit);
  casesOfVisit(ctx).clear(recorded.visit.id).prime(recorded.visit.id, recorded.cases);
  for (const c of recorded.cases) caseById(ctx).clear(c.id).prime(c.id, c);
  return recorded;
}

/**
 * Problems heard on a visit already in the diary (a worker who came back the next day, a
 * list typed up later): each registered as a case linked to the visit, all or none. Only the
 * union's own staff (and admins) add to its diary; a visit the caller cannot see is NOT_FOUND.
 */
export async function addChairVisitProblems(ctx: SubgraphContext, visitId: string, list: readonly VisitProblemInput[], when = new Date()): Promise<RecordedVisit> {
  const now = wholeSeconds(when);
  requireStaffScope(ctx);
  if (!list?.length) throw badInput('problems', 'name at least one problem to add');
  const seen = await visitQuery(ctx).andWhere('v.id = :id', { id: visitId }).getOne();
  if (!seen) throw notFound('chair visit', visitId);
  const org = await ownUnion(ctx, seen.orgId);
  const problems = await problemsOf(ctx, org, list);
  const added = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const visit = await visitQuery(ctx, em).andWhere('v.id = :id', { id: visitId }).getOne();
      if (!visit) throw notFound('chair visit', visitId);
      const cases: CaseRow[] = [];
      for (const p of problems) cases.push(await registerCase(em, problemCase(ctx, org, visit, p), now));
      return { visit, cases };
    }),
  );
  casesOfVisit(ctx).clear(visitId);
  for (const c of added.cases) caseById(ctx).clear(c.id).prime(c.id, c);
  return added;
}

/** A problem raised on a visit, as the case it becomes: 挂号 at the visiting union, channel CHAIR_VISIT_DAY, linked to the visit. */
const problemCase = (ctx: SubgraphContext, org: OrgInfo, visit: ChairVisitRow, p: Problem): Registration => ({
  org, kind: p.kind, channel: CaseChannel.CHAIR_VISIT_DAY, urgency: p.urgency, description: p.description, memberId: p.memberId,
  actor: actorOf(ctx.caller), onBehalf: true, source: { kind: OutreachKind.CHAIR_VISIT, id: visit.id },
});

async function insertVisit(em: EntityManager, visit: ChairVisitRow, org: OrgInfo): Promise<void> {
  try {
    await em.insert(ChairVisitRow, visit);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    throw new DomainError(ErrorCode.DUPLICATE, `The visit of ${org.name} on ${visit.visitedOn} is already in the diary; add further problems to it (addChairVisitProblems).`, { field: 'visitedOn' });
  }
}

/* ---------- reads ---------- */

/** An org named to narrow a read: one the caller cannot see narrows to nothing, as if it did not exist. */
async function narrowTo(ctx: SubgraphContext, orgId: string | null | undefined): Promise<OrgInfo | null | 'all'> {
  if (!orgId) return 'all';
  const org = await requireOrgs(ctx).org(orgId);
  return org && inScope(requireScope(ctx), { path: org.path }) ? org : null;
}

export async function listChairVisitDays(ctx: SubgraphContext, args: ChairVisitDaysArgs): Promise<Page<ChairVisitDayRow>> {
  requireScope(ctx);
  const org = await narrowTo(ctx, args.orgId);
  if (!org) return emptyPage();
  const qb = visitDayQuery(ctx);
  if (org !== 'all') underOrg(qb, 'd', org.path);
  return pathKeysetPage(qb, 'd', args);
}

function period(from: string | null | undefined, to: string | null | undefined): { from: string | null; to: string | null } {
  const f = from ? calendarDay('from', from) : null;
  const t = to ? calendarDay('to', to) : null;
  if (f && t && f > t) throw badInput('to', `${t} is before from (${f}); give the period's first day first`);
  return { from: f, to: t };
}

/** Latest visit day first; the cursor is the visit's id, which orders visits of one day. */
export async function listChairVisits(ctx: SubgraphContext, args: ChairVisitsArgs): Promise<Page<ChairVisitRow>> {
  requireScope(ctx);
  const { from, to } = period(args.from, args.to);
  const org = await narrowTo(ctx, args.orgId);
  if (!org) return emptyPage();
  const qb = visitQuery(ctx);
  if (org !== 'all') underOrg(qb, 'v', org.path);
  if (from) qb.andWhere('v.visitedOn >= :from', { from });
  if (to) qb.andWhere('v.visitedOn <= :to', { to });
  if (args.after) {
    const after = await visitQuery(ctx).andWhere('v.id = :after', { after: decodeIdCursor(args.after) }).getOne();
    if (!after) return emptyPage();
    qb.andWhere('(v.visitedOn < :av OR (v.visitedOn = :av AND v.id < :aid))', { av: after.visitedOn, aid: after.id });
  }
  const rows = await qb.orderBy('v.visitedOn', 'DESC').addOrderBy('v.id', 'DESC').limit(args.first + 1).getMany();
  for (const r of rows) visitById(ctx).prime(r.id, r);
  return pageOf(rows, args.first, (r) => encodeIdCursor(r.id));
}

export const getChairVisit = (ctx: SubgraphContext, id: string): Promise<ChairVisitRow | null> => visitById(ctx).load(id);

/** The days a schedule holds in a period of at most 92 days. */
export function scheduledDatesIn(s: Schedule, from: string, to: string): string[] {
  const f = calendarDay('from', from);
  const t = calendarDay('to', to);
  if (f > t) throw badInput('to', `${t} is before from (${f}); give the period's first day first`);
  if (dayCount(f, t) > VISIT_LIMITS.calendarDays) throw badInput('to', `ask for at most ${VISIT_LIMITS.calendarDays} days at a time`);
  return scheduledDays(s, f, t);
}

/* ---------- figures ---------- */

type Raw = Record<string, string | number | null>;
const num = (v: string | number | null | undefined): number => Number(v ?? 0);

function underPeriod<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, path: string, from: string, to: string): SelectQueryBuilder<T> {
  const { from: nf, to: nt } = subtreeRange(path);
  return qb.andWhere('v.orgPath >= :nf AND v.orgPath < :nt AND v.visitedOn >= :from AND v.visitedOn <= :to', { nf, nt, from, to });
}

/**
 * Visits held against visits scheduled, and the problems raised on them, of an org's subtree in a
 * period of China days. Scheduled days are counted up to today: a day still ahead is not yet owed.
 * Three statements: the schedules, the visits per union, their cases per union and state.
 */
export async function chairVisitFigures(ctx: SubgraphContext, args: ChairVisitFiguresArgs, now = new Date()): Promise<ChairVisitFigures | null> {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Chair visit figures are for union staff; ask your union.');
  const { from, to } = period(args.from, args.to);
  if (!from || !to) throw badInput('from', 'give the period as from and to, YYYY-MM-DD');
  if (dayCount(from, to) > 366) throw badInput('to', 'ask for at most 366 days at a time');
  const orgId = args.orgId ?? ctx.caller.orgId;
  if (!orgId) throw badInput('orgId', 'name the org whose figures you want');
  const org = await requireOrgs(ctx).org(orgId);
  if (!org || !inScope(scope, { path: org.path })) return null;

  const today = chinaDate(now);
  const owedUntil = to < today ? to : today;
  const schedules = await visitDayQuery(ctx).andWhere('d.orgPath >= :nf AND d.orgPath < :nt', subtreeBounds(org.path)).getMany();
  const visits = await underPeriod(visitQuery(ctx), org.path, from, to)
    .select('v.orgId', 'orgId').addSelect('v.orgPath', 'orgPath').addSelect('COUNT(*)', 'n').addSelect('SUM(v.attendance)', 'attendance')
    .groupBy('v.orgId').addGroupBy('v.orgPath').getRawMany<Raw>();
  const cases = await underPeriod(visitQuery(ctx), org.path, from, to)
    .innerJoin(CaseTable, 'c', 'c.sourceId = v.id AND c.sourceKind = :kind', { kind: OutreachKind.CHAIR_VISIT })
    .select('v.orgId', 'orgId').addSelect('c.state', 'state').addSelect('COUNT(*)', 'n')
    .groupBy('v.orgId').addGroupBy('c.state').getRawMany<Raw>();

  const byOrg = new Map<string, ChairVisitOrgFigures & { path: string; closed: number; declined: number }>();
  const entry = (id: string, path: string) => {
    if (!byOrg.has(id)) byOrg.set(id, { orgId: id, path, scheduled: 0, held: 0, problemsRaised: 0, resolved: 0, closed: 0, declined: 0 });
    return byOrg.get(id)!;
  };
  for (const s of schedules) {
    const owed = from <= owedUntil ? scheduledDays(s, from, owedUntil).length : 0;
    const overlaps = s.startsOn <= to && (!s.endsOn || s.endsOn >= from);
    if (overlaps) entry(s.orgId, s.orgPath).scheduled = owed;
  }
  let attendance = 0;
  for (const v of visits) {
    entry(String(v.orgId), String(v.orgPath)).held = num(v.n);
    attendance += num(v.attendance);
  }
  for (const c of cases) {
    const e = byOrg.get(String(c.orgId))!;
    const n = num(c.n);
    e.problemsRaised += n;
    if (RESOLVED_STATES.includes(c.state as CaseState)) e.resolved += n;
    if (c.state === CaseState.CLOSED) e.closed += n;
    if (c.state === CaseState.DECLINED) e.declined += n;
  }
  const rows = [...byOrg.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const sum = (k: 'scheduled' | 'held' | 'problemsRaised' | 'resolved' | 'closed' | 'declined') => rows.reduce((t, r) => t + r[k], 0);
  const scheduled = sum('scheduled');
  const raised = sum('problemsRaised');
  const declined = sum('declined');
  const resolved = sum('resolved');
  return {
    orgId: org.id, from, to,
    unions: rows.length,
    scheduled, held: sum('held'), heldRate: scheduled ? sum('held') / scheduled : null,
    attendance,
    problemsRaised: raised, resolved, closed: sum('closed'), declined,
    resolutionRate: raised - declined > 0 ? resolved / (raised - declined) : null,
    byOrg: rows.map(({ orgId: id, scheduled: s, held, problemsRaised, resolved: r }) => ({ orgId: id, scheduled: s, held, problemsRaised, resolved: r })),
  };
}

const subtreeBounds = (path: string) => {
  const { from, to } = subtreeRange(path);
  return { nf: from, nt: to };
};
