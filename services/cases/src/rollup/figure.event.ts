import { ID_PATTERN } from '@lianxin/auth';
import { badInput } from '@lianxin/subgraph';
import type { Bucket } from '../figures/tally';

/** The outbox topic of figure events, city to province (and province to nation). */
export const FIGURES_TOPIC = 'figures.rollup';

/** One bucket of the city's own tally changed by `n`. */
export interface BucketDelta extends Bucket {
  n: number;
}

/**
 * What a city tells its province when its figures change, written to the city's outbox in
 * the transaction that changed them. Deltas add up whatever order they arrive in; the clock
 * is a snapshot at the case's version, and only a newer version replaces it. So neither
 * order nor repeats (dropped by the inbox, by the outbox key) change the sums.
 */
export interface FigureEvent {
  v: 1;
  /** The city whose own figures changed: its org id, and its path as the city knows it (the province files it under its own). */
  city: { id: string; path: string };
  /** The changes of the city's own tally rows (the city counts every case raised in it). */
  deltas: BucketDelta[];
  /** Cases whose overdue inputs changed, as they are now. */
  clocks: CaseClock[];
}

/** What the overdue count reads of one case (figures.loader.ts, countFigures). */
export interface CaseClock {
  caseId: string;
  /** The case row's version: a province keeps the highest it saw. */
  version: number;
  /** In a state where the deadline clock runs (CLOCK_RUNNING). */
  running: boolean;
  /** ISO instants. */
  dueAt: string;
  raisedAt: string;
  kind: string;
}

const MONTH = /^\d{4}-\d{2}$/;
const ID = ID_PATTERN;
const PATH = /^(\/[0-9A-HJKMNP-TV-Z]{26})+\/$/;
const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
const isStr = (x: unknown, max: number): x is string => typeof x === 'string' && x.length <= max;
const isTime = (x: unknown): x is string => typeof x === 'string' && !Number.isNaN(Date.parse(x));

/**
 * Reads a delivered event; anything else is BAD_USER_INPUT naming what is wrong, and nothing
 * is applied (the sender's outbox retries, then keeps the row DEAD for an operator).
 */
export function parseFigureEvent(text: string): FigureEvent {
  let e: Partial<FigureEvent>;
  try {
    e = JSON.parse(text) as Partial<FigureEvent>;
  } catch {
    throw badInput('payload', 'must be a figure event as JSON (a city\'s cases writes them)');
  }
  const bad = (what: string) => badInput('payload', `${what}; is the sender a newer version? Upgrade the province first`);
  if (!e || e.v !== 1) throw bad('version must be 1');
  if (!e.city || !isStr(e.city.id, 26) || !ID.test(e.city.id) || !isStr(e.city.path, 120) || !PATH.test(e.city.path) || !e.city.path.endsWith(`/${e.city.id}/`)) {
    throw bad('city must be an org id and the path ending in it');
  }
  if (!Array.isArray(e.deltas) || !Array.isArray(e.clocks)) throw bad('deltas and clocks must be lists');
  for (const d of e.deltas) {
    if (!d || !MONTH.test(String(d.month)) || !isStr(d.kind, 24) || !isStr(d.state, 20) || typeof d.supervised !== 'boolean' || ![0, 1, 2].includes(d.onTime)
      || !isStr(d.rating, 24) || ![0, 1].includes(d.passedUp) || ![0, 1].includes(d.referredOut) || !isInt(d.n)) {
      throw bad('a delta is not a tally bucket with a whole count');
    }
  }
  for (const c of e.clocks) {
    if (!c || !isStr(c.caseId, 26) || !ID.test(c.caseId) || !isInt(c.version) || typeof c.running !== 'boolean' || !isTime(c.dueAt) || !isTime(c.raisedAt) || !isStr(c.kind, 24)) {
      throw bad('a clock is not a case id, version, running flag, deadline, raise time and kind');
    }
  }
  return e as FigureEvent;
}
