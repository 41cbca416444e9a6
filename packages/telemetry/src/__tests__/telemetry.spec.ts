import { Writable } from 'node:stream';
import pino from 'pino';
import { BoundedLabel, createTracing, metricsAllowed, outcomeOf, serviceRegistry, SpanKind, traceLogFields } from '..';

describe('BoundedLabel', () => {
  test('keeps the first names, then reads other; unnamed is anonymous; anything not a GraphQL name is other', () => {
    const sut = new BoundedLabel(2);
    expect([sut.of('CaseList'), sut.of(undefined), sut.of('MemberList'), sut.of('Third'), sut.of('CaseList')]).toEqual(['CaseList', 'anonymous', 'MemberList', 'other', 'CaseList']);
    expect(new BoundedLabel(10).of('query { cases }')).toBe('other');
    expect(new BoundedLabel(10).of('x'.repeat(65))).toBe('other');
  });
});

test('outcomeOf keeps our codes and folds anything else into ERROR', () => {
  expect([outcomeOf('BAD_USER_INPUT'), outcomeOf('not a code'), outcomeOf(undefined), outcomeOf('X'.repeat(41))]).toEqual(['BAD_USER_INPUT', 'ERROR', 'ERROR', 'ERROR']);
});

describe('metricsAllowed', () => {
  test('an allowed address (v4 or v4-mapped v6) or the exact bearer token; nothing else', () => {
    const sut = metricsAllowed({ allow: ['10.0.0.5'], token: 'scrape-token-0123456789' });
    expect(sut('10.0.0.5', undefined)).toBe(true);
    expect(sut('::ffff:10.0.0.5', undefined)).toBe(true);
    expect(sut('10.0.0.6', 'Bearer scrape-token-0123456789')).toBe(true);
    expect(sut('10.0.0.6', 'Bearer scrape-token-012345678')).toBe(false);
    expect(sut('10.0.0.6', 'scrape-token-0123456789')).toBe(false);
    expect(sut('10.0.0.6', undefined)).toBe(false);
  });

  test('with no token configured, no Authorization header opens it', () => {
    const sut = metricsAllowed({ allow: [] });
    expect(sut('127.0.0.1', 'Bearer ')).toBe(false);
    expect(sut('127.0.0.1', 'Bearer undefined')).toBe(false);
  });
});

test('a service registry labels every series with the service and carries the default Node metrics', async () => {
  const text = await serviceRegistry('cases').metrics();
  expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="cases"\} /m);
  expect(text).toMatch(/^nodejs_heap_size_used_bytes\{service="cases"\} /m);
});

describe('tracing', () => {
  test('off without an endpoint: no spans, nothing injected, logs carry no trace id', () => {
    const sut = createTracing({ service: 'cases' });
    expect(sut.enabled).toBe(false);
    const headers: Record<string, string> = {};
    sut.inject(sut.start('x', SpanKind.SERVER), headers);
    expect(headers).toEqual({});
    expect(traceLogFields()).toEqual({});
  });

  test('log lines written inside a traced request carry its trace_id; a traceparent is continued', async () => {
    const sut = createTracing({ service: 'cases', endpoint: 'http://127.0.0.1:9' });
    const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const span = sut.start('graphql', SpanKind.SERVER, {}, sut.extract({ traceparent: incoming }));
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    const lines: string[] = [];
    const log = pino({ mixin: traceLogFields }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));
    await sut.within(span, async () => {
      await Promise.resolve();
      log.info('inside');
      const out: Record<string, string> = {};
      sut.inject(sut.start('fetch members', SpanKind.CLIENT), out);
      expect(out.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    });
    log.info('outside');
    expect(JSON.parse(lines[0]).trace_id).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(JSON.parse(lines[1]).trace_id).toBeUndefined();
    await sut.shutdown().catch(() => undefined);
  });
});
