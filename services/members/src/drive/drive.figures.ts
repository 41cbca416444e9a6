import { addDays, chinaDate } from '@lianxin/members-client';
import { subtreeRange } from '@lianxin/auth';
import { badInput, calendarDay, DomainError, ErrorCode, requireScope, type SubgraphContext } from '@lianxin/subgraph';
import { EmploymentType } from '../member/member.entity';
import { orgById } from '../org/org.loader';
import { ApplicationStatus, JoinApplicationRow } from '../membership/membership.entity';
import { JoinGranularity } from '../membership/membership.types';
import type { JoinDriveRow, JoinDriveTargetRow } from './drive.entity';
import { driveById, driveJoinQuery, targetsOfDrive } from './drive.loader';
import type { EmploymentCount, JoinDriveDailyArgs, JoinDriveDay, JoinDriveFigures, JoinDriveFiguresArgs, JoinDriveOrgFigures, JoinTally } from './drive.types';

/*
 * A drive's figures: joins through its QR codes (rejected applications left out) per sub-org
 * and China day, by employment type, against the sub-orgs' targets. One grouped statement
 * over ix_drive_join_day per call, through the join scope: a street counts the joins of its
 * own unions, a district all of them. Weeks and months are folded here from the days.
 */

type Raw = Record<string, string | number | null>;
const num = (v: string | number | null | undefined): number => Number(v ?? 0);
const max = (a: string, b: string): string => (a > b ? a : b);
const min = (a: string, b: string): string => (a < b ? a : b);
/** ISO weekday, 1 = Monday … 7 = Sunday, of a China day. */
const isoWeekday = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
const mondayOf = (day: string): string => addDays(day, 1 - isoWeekday(day));

interface Scope {
  drive: JoinDriveRow;
  targets: JoinDriveTargetRow[];
  /** The subtree asked for, or null for everything the caller sees. */
  under: string | null;
}

/** The drive and the part asked for; null when the caller does not see the drive or the org. */
async function partOf(ctx: SubgraphContext, driveId: string, orgId: string | null | undefined): Promise<Scope | null> {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Join drive figures are for union staff; ask your union.');
  const drive = await driveById(ctx).load(driveId);
  if (!drive) return null;
  let under: string | null = null;
  if (orgId) {
    const org = await orgById(ctx).load(orgId);
    if (!org) return null;
    under = org.path;
  }
  const targets = (await targetsOfDrive(ctx).load(drive.id)).filter((t) => !under || t.orgPath.startsWith(under));
  return { drive, targets, under };
}

function joinsIn(ctx: SubgraphContext, part: Scope, from: string, to: string) {
  const qb = driveJoinQuery(ctx)
    .innerJoin(JoinApplicationRow, 'a', 'a.id = j.applicationId AND a.status <> :rejected', { rejected: ApplicationStatus.REJECTED })
    .andWhere('j.driveId = :driveId AND j.joinedOn >= :from AND j.joinedOn <= :to', { driveId: part.drive.id, from, to });
  if (part.under) {
    const { from: pf, to: pt } = subtreeRange(part.under);
    qb.andWhere('j.orgPath >= :pf AND j.orgPath < :pt', { pf, pt });
  }
  return qb;
}

const tally = (target: number | null = null): JoinTally => ({ joins: 0, gig: 0, regular: 0, target, rate: null });
function add(t: JoinTally, type: string, n: number): void {
  t.joins += n;
  if (type === EmploymentType.REGULAR) t.regular += n;
  else t.gig += n;
}
function rated(t: JoinTally): JoinTally {
  return { ...t, rate: t.target ? t.joins / t.target : null };
}

/** The day the figures are for: the one asked (default today), kept within the drive. */
function dayFor(drive: JoinDriveRow, on: string | null | undefined, now: Date): string {
  const day = on ? calendarDay('on', on) : chinaDate(now);
  return min(max(day, drive.startsOn), drive.endsOn);
}

/**
 * Each sub-org the caller sees against its targets on a day: the day itself, its ISO week and
 * its month so far (from the drive's first day at the earliest), and since the drive began;
 * ranked on `rankBy` (the rate against target; no target ranks last), then by joins, then in
 * tree order. Null when the drive (or the org narrowed to) is not the caller's to see.
 */
export async function joinDriveFigures(ctx: SubgraphContext, args: JoinDriveFiguresArgs, now = new Date()): Promise<JoinDriveFigures | null> {
  const part = await partOf(ctx, args.driveId, args.orgId);
  if (!part) return null;
  const { drive, targets } = part;
  const on = dayFor(drive, args.on, now);
  const weekFrom = max(mondayOf(on), drive.startsOn);
  const monthFrom = max(`${on.slice(0, 7)}-01`, drive.startsOn);
  const rows = await joinsIn(ctx, part, drive.startsOn, on)
    .select('j.subOrgId', 'subOrgId').addSelect('j.joinedOn', 'day').addSelect('j.employmentType', 'type').addSelect('COUNT(*)', 'n')
    .groupBy('j.subOrgId').addGroupBy('j.joinedOn').addGroupBy('j.employmentType')
    .getRawMany<Raw>();

  type Entry = Omit<JoinDriveOrgFigures, 'rank'> & { path: string };
  const byOrg = new Map<string, Entry>(targets.map((t) => [t.orgId, { orgId: t.orgId, path: t.orgPath, day: tally(t.perDay), week: tally(t.perWeek), month: tally(t.perMonth), total: tally() }]));
  const sum = { day: tally(0), week: tally(0), month: tally(0), total: tally() };
  for (const t of targets) {
    sum.day.target! += t.perDay;
    sum.week.target! += t.perWeek;
    sum.month.target! += t.perMonth;
  }
  const types = new Map<EmploymentType, number>(Object.values(EmploymentType).map((t) => [t, 0]));
  for (const r of rows) {
    const [day, type, n] = [String(r.day), String(r.type), num(r.n)];
    types.set(type as EmploymentType, (types.get(type as EmploymentType) ?? 0) + n);
    const entry = byOrg.get(String(r.subOrgId));
    for (const [key, inPeriod] of [['day', day === on], ['week', day >= weekFrom], ['month', day >= monthFrom], ['total', true]] as const) {
      if (!inPeriod) continue;
      add(sum[key], type, n);
      if (entry) add(entry[key], type, n);
    }
  }
  const key = ({ [JoinGranularity.DAY]: 'day', [JoinGranularity.WEEK]: 'week', [JoinGranularity.MONTH]: 'month' } as const)[args.rankBy];
  const ranked = [...byOrg.values()]
    .map((e) => ({ ...e, day: rated(e.day), week: rated(e.week), month: rated(e.month), total: rated(e.total) }))
    .sort((a, b) => (b[key].rate ?? -1) - (a[key].rate ?? -1) || b[key].joins - a[key].joins || (a.path < b.path ? -1 : 1));
  return {
    driveId: drive.id, on, weekFrom, monthFrom, rankBy: args.rankBy,
    byOrg: ranked.map(({ path: _path, ...e }, i) => ({ ...e, rank: i + 1 })),
    day: rated(sum.day), week: rated(sum.week), month: rated(sum.month), total: rated(sum.total),
    byEmploymentType: [...types].map(([employmentType, joins]): EmploymentCount => ({ employmentType, joins })),
  };
}

/**
 * The daily curve: joins per China day (zero days included) of the part the caller sees,
 * against the summed day targets of the sub-orgs in it. Null as joinDriveFigures.
 */
export async function joinDriveDaily(ctx: SubgraphContext, args: JoinDriveDailyArgs, now = new Date()): Promise<JoinDriveDay[] | null> {
  const part = await partOf(ctx, args.driveId, args.orgId);
  if (!part) return null;
  const { drive, targets } = part;
  const from = max(args.from ? calendarDay('from', args.from) : drive.startsOn, drive.startsOn);
  const to = min(args.to ? calendarDay('to', args.to) : chinaDate(now), drive.endsOn);
  if (args.from && args.to && args.from > args.to) throw badInput('to', `${args.to} is before from (${args.from}); give the first day first`);
  const target = targets.reduce((n, t) => n + t.perDay, 0);
  const days = new Map<string, JoinDriveDay>();
  for (let d = from; d <= to; d = addDays(d, 1)) days.set(d, { day: d, joins: 0, gig: 0, target });
  if (from > to) return [];
  const rows = await joinsIn(ctx, part, from, to)
    .select('j.joinedOn', 'day').addSelect('j.employmentType', 'type').addSelect('COUNT(*)', 'n')
    .groupBy('j.joinedOn').addGroupBy('j.employmentType')
    .getRawMany<Raw>();
  for (const r of rows) {
    const d = days.get(String(r.day));
    if (!d) continue;
    d.joins += num(r.n);
    if (r.type !== EmploymentType.REGULAR) d.gig += num(r.n);
  }
  return [...days.values()];
}
