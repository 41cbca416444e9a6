import pino from 'pino';
import { every, jobMetrics } from '../schedule';

const log = pino({ level: 'silent' });

async function count(metric: typeof jobMetrics.runs | typeof jobMetrics.changed, labels: Record<string, string>): Promise<number> {
  const { values } = await metric.get();
  return values.find((v) => Object.entries(labels).every(([k, w]) => (v.labels as Record<string, unknown>)[k] === w))?.value ?? 0;
}

describe('every: background job runs on /metrics', () => {
  test('a run that changes rows counts as done with what it changed; a failed run counts as failed and changes nothing', async () => {
    const before = {
      done: await count(jobMetrics.runs, { job: 'test_sweep', result: 'done' }),
      failed: await count(jobMetrics.runs, { job: 'test_sweep', result: 'failed' }),
      changed: await count(jobMetrics.changed, { job: 'test_sweep' }),
    };
    let fail = false;
    const sut = every('test sweep', 0, async () => {
      if (fail) throw new Error('database gone');
      return 3;
    }, log);
    await sut.runNow();
    await sut.runNow();
    fail = true;
    await sut.runNow();
    await sut.stop();
    expect(await count(jobMetrics.runs, { job: 'test_sweep', result: 'done' })).toBe(before.done + 2);
    expect(await count(jobMetrics.runs, { job: 'test_sweep', result: 'failed' })).toBe(before.failed + 1);
    expect(await count(jobMetrics.changed, { job: 'test_sweep' })).toBe(before.changed + 6);
  });
});
