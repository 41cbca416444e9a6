import { monthIndex, monthStart } from '@lianxin/members-client';
import { badInput, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseKind } from '../casefile/case.enums';
import { figuresOf, type FiguresKey, type Period } from './figures.loader';
import type { CaseFigures } from './figures.types';

const MONTH = /^(19|20)\d{2}-(0[1-9]|1[0-2])$/;
/** Ten years: a tally read stays a bounded index range. */
export const MAX_PERIOD_MONTHS = 120;

/** Checks `from`/`to` (inclusive `YYYY-MM` months, China calendar) and turns them into the instants raised_at is compared with. */
export function parsePeriod(from: string, to: string): Period {
  for (const [field, month] of [['from', from], ['to', to]] as const) {
    if (!MONTH.test(month)) throw badInput(field, `write a month as YYYY-MM between 1900-01 and 2099-12, e.g. 2026-01 (got ${JSON.stringify(month.slice(0, 20))})`);
  }
  const first = monthIndex(from);
  const last = monthIndex(to);
  if (last < first) throw badInput('to', `must be ${from} or later`);
  if (last - first + 1 > MAX_PERIOD_MONTHS) throw badInput('to', `a period spans at most ${MAX_PERIOD_MONTHS} months (10 years); ask for several periods instead`);
  return { from, to, start: monthStart(first), end: monthStart(last + 1) };
}

/**
 * Where figures are read from: the tally, in a city (the default), or the cities' reported
 * tallies in a province (rollup/rollup.figures.ts, given as `services.figures` by startCases
 * with CASES_ROLE=province). One shape and one set of definitions either way.
 */
export type FiguresReader = (ctx: SubgraphContext) => { load(key: FiguresKey): Promise<CaseFigures | null | Error> };

const readerOf = (ctx: SubgraphContext): FiguresReader => (ctx.services?.figures as FiguresReader | undefined) ?? figuresOf;

async function load(ctx: SubgraphContext, key: FiguresKey): Promise<CaseFigures | null> {
  // A reader may answer an Error for one key (DataLoader then rejects that load); the type says so.
  return (await readerOf(ctx)(ctx).load(key)) as CaseFigures | null;
}

export interface FiguresArgs {
  from: string;
  to: string;
  kind?: CaseKind | null;
}

/**
 * `caseFigures`: staff count their own org unless they name another in their scope;
 * admins belong to no org and must name one. Out of scope, or unknown: null.
 */
export async function caseFigures(ctx: SubgraphContext, args: FiguresArgs & { orgId?: string | null }, now?: Date): Promise<CaseFigures | null> {
  const period = parsePeriod(args.from, args.to);
  let orgId = args.orgId;
  if (!orgId) {
    if (ctx.caller.role === 'admin') throw badInput('orgId', 'admins belong to no org; say which org to count');
    orgId = ctx.caller.orgId;
    if (!orgId) throw badInput('orgId', 'say which org to count');
  }
  return load(ctx, { orgId, period, kind: args.kind ?? null, now });
}

/** `Org.caseStats`: the same figures for an org reached through the graph; null for anyone but staff and admins. */
export async function orgCaseStats(ctx: SubgraphContext, orgId: string, args: FiguresArgs, now?: Date): Promise<CaseFigures | null> {
  if (ctx.caller.role !== 'staff' && ctx.caller.role !== 'admin') return null;
  return load(ctx, { orgId, period: parsePeriod(args.from, args.to), kind: args.kind ?? null, now });
}
