/**
 * /desk and /m load on a cashier's tablet and a worker's phone: each page's initial
 * JavaScript (entry chunk plus its static imports, gzipped) stays within the budget.
 * Reads the build that `npm test` has just made.
 */
import path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BUDGET_KB, LIGHT_ENTRIES, initialJs } = require('../scripts/light-budget.cjs') as {
  BUDGET_KB: number;
  LIGHT_ENTRIES: string[];
  initialJs: (dist: string, entry: string) => { entry: string; files: Record<string, number>; kb: number };
};

const DIST = path.resolve(__dirname, '..', 'dist');

describe('the light pages stay light', () => {
  test.each(LIGHT_ENTRIES)(`%s loads at most ${BUDGET_KB} kB of JavaScript (gzipped) before it draws`, (entry) => {
    const r = initialJs(DIST, entry);
    console.log(`${entry}: ${r.kb.toFixed(1)} kB gzipped initial JS, ${Object.keys(r.files).join(', ')}`);
    expect(r.kb).toBeGreaterThan(0);
    expect(r.kb).toBeLessThanOrEqual(BUDGET_KB);
  });

  test('neither loads the staff console\'s antd or charts up front', () => {
    for (const entry of LIGHT_ENTRIES) {
      const files = Object.keys(initialJs(DIST, entry).files);
      expect({ entry, heavy: files.filter((f) => /echarts|Table-|apollo/.test(f)) }).toEqual({ entry, heavy: [] });
    }
  });
});
