import { testDatabases, type TestDatabase } from '@lianxin/jest-config/databases';
import { silentLog } from '@lianxin/test-kit';
import type { DataSource } from 'typeorm';
import { openBenefitsDatabase } from '../../app';

/**
 * What the benefits suites share beyond @lianxin/test-kit (tree, fakes, callers, contexts):
 * a real benefits database per engine, and Beijing days.
 */

export type Engine = TestDatabase<DataSource>;

/** A real benefits database per engine of this run (the shared jest setup decides which). */
export function benefitsEngines(tag: string): Engine[] {
  return testDatabases(`benefits_${tag}`, (o) => openBenefitsDatabase({ ...o, log: silentLog }));
}

/** Today in Beijing plus n days, YYYY-MM-DD. */
export const beijingDay = (n = 0, from = new Date()): string => new Date(from.getTime() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
