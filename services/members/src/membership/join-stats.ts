import { subtreeRange } from '@lianxin/auth';
import { badInput, type SubgraphContext } from '@lianxin/subgraph';
import { visibleOrg } from '../org/org.service';
import { EmploymentType, JoinChannel } from '../member/member.entity';
import { memberQuery } from '../member/member.loader';
import { toDateString } from '../member/member.service';
import { JoinGranularity, type JoinBucket, type JoinStatsArgs } from './membership.types';

/** Long enough for a year-on-year campaign chart, short enough that a DAY series stays small. */
export const MAX_RANGE_DAYS = 400;
const DAY_MS = 86_400_000;

/** Day arithmetic on 'YYYY-MM-DD' strings in UTC, so the server's time zone never shifts a bucket. */
const dayNumber = (day: string): number => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayString = (n: number): string => toDateString(new Date(n * DAY_MS));

export function bucketStart(day: string, granularity: JoinGranularity): string {
  switch (granularity) {
    case JoinGranularity.DAY:
      return day;
    case JoinGranularity.WEEK: {
      const n = dayNumber(day);
      // getUTCDay(): Sunday is 0; ISO weeks start on Monday.
      const sinceMonday = (new Date(n * DAY_MS).getUTCDay() + 6) % 7;
      return dayString(n - sinceMonday);
    }
    case JoinGranularity.MONTH:
      return `${day.slice(0, 7)}-01`;
  }
}

function nextStart(start: string, granularity: JoinGranularity): string {
  switch (granularity) {
    case JoinGranularity.DAY:
      return dayString(dayNumber(start) + 1);
    case JoinGranularity.WEEK:
      return dayString(dayNumber(start) + 7);
    case JoinGranularity.MONTH: {
      const [y, m] = start.split('-').map(Number);
      return toDateString(new Date(Date.UTC(y, m, 1)));
    }
  }
}

/** DATE columns come back as 'YYYY-MM-DD' from SQLite and as a UTC-midnight Date from mysql2 (timezone 'Z'). */
const dayOf = (value: string | Date): string => (value instanceof Date ? toDateString(value) : String(value).slice(0, 10));

/**
 * Joins per day, ISO week or month in an org subtree, zero buckets included so a chart is
 * continuous. One grouped statement per call (per day, over ix_member_joined; at most 400
 * rows); weeks and months are folded here because week arithmetic differs between SQLite
 * and MariaDB. Edge buckets start on their Monday / first of the month but count only the
 * days inside [from, to]. Members are counted where they are now, whatever their status:
 * a member who transferred in counts under the new org on the day they first joined.
 */
export async function joinStats(ctx: SubgraphContext, args: JoinStatsArgs): Promise<JoinBucket[]> {
  const from = toDateString(args.from);
  const to = toDateString(args.to);
  if (from > to) throw badInput('from', `${from} is after to (${to}); swap them`);
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days > MAX_RANGE_DAYS) throw badInput('to', `the range covers ${days} days; ask for at most ${MAX_RANGE_DAYS} days at a time`);

  const org = await visibleOrg(ctx, args.orgId);
  const { from: pathFrom, to: pathTo } = subtreeRange(org.path);
  const rows = await memberQuery(ctx)
    .select('m.joinedOn', 'day')
    .addSelect('COUNT(*)', 'n')
    .addSelect('SUM(CASE WHEN m.joinChannel = :qr THEN 1 ELSE 0 END)', 'qr')
    .addSelect('SUM(CASE WHEN m.employmentType <> :regular THEN 1 ELSE 0 END)', 'gig')
    .andWhere('m.orgPath >= :jsf AND m.orgPath < :jst', { jsf: pathFrom, jst: pathTo })
    .andWhere('m.joinedOn >= :dayFrom AND m.joinedOn <= :dayTo', { dayFrom: from, dayTo: to })
    .setParameters({ qr: JoinChannel.QR_CODE, regular: EmploymentType.REGULAR })
    .groupBy('m.joinedOn')
    .getRawMany<{ day: string | Date; n: string | number; qr: string | number | null; gig: string | number | null }>();

  const buckets = new Map<string, JoinBucket>();
  for (let start = bucketStart(from, args.granularity); start <= to; start = nextStart(start, args.granularity)) {
    buckets.set(start, { start, count: 0, qrCount: 0, gigCount: 0 });
  }
  for (const row of rows) {
    const bucket = buckets.get(bucketStart(dayOf(row.day), args.granularity));
    if (!bucket) continue;
    bucket.count += Number(row.n);
    bucket.qrCount += Number(row.qr ?? 0);
    bucket.gigCount += Number(row.gig ?? 0);
  }
  return [...buckets.values()];
}
