import { loadGatewayConfig } from '../config';

describe('gateway config', () => {
  test('production requires real secrets, and every problem is reported at once', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', GATEWAY_PORT: 'abc', MEMBERS_URL: 'ftp://x', CASES_URL: 'not a url', BENEFITS_URL: 'nope' })).toThrow(
      /JWT_SECRET is required in production[\s\S]*GATEWAY_PORT must be[\s\S]*MEMBERS_URL must be an http\(s\) URL[\s\S]*CASES_URL must be an http\(s\) URL[\s\S]*BENEFITS_URL must be an http\(s\) URL[\s\S]*INTERNAL_TOKEN_SECRET is required/,
    );
  });
  test('development works with no settings at all', () => {
    const config = loadGatewayConfig({});
    expect(config.port).toBe(4000);
    expect(config.subgraphs).toEqual({ members: 'http://127.0.0.1:4001/graphql', cases: 'http://127.0.0.1:4002/graphql', benefits: 'http://127.0.0.1:4003/graphql' });
    // Nobody may scrape /metrics and nothing is traced until told otherwise.
    expect({ allow: config.probeAllow, token: config.metricsToken, otlp: config.otlpEndpoint }).toEqual({ allow: [], token: undefined, otlp: undefined });
  });
  test('metrics and tracing settings are read and checked', () => {
    const config = loadGatewayConfig({ PROBE_ALLOW: ' 10.0.0.9, 10.0.0.10 ', METRICS_TOKEN: 'scrape-token-0123456789', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect({ allow: config.probeAllow, token: config.metricsToken, otlp: config.otlpEndpoint }).toEqual({ allow: ['10.0.0.9', '10.0.0.10'], token: 'scrape-token-0123456789', otlp: 'http://collector:4318' });
    expect(() => loadGatewayConfig({ METRICS_TOKEN: 'short', OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/METRICS_TOKEN must be at least 16 characters[\s\S]*OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/);
  });
});

describe('limits and trusted documents in config', () => {
  test('budgets per role, Redis and the partner rule have defaults; bad values are named', () => {
    const config = loadGatewayConfig({});
    expect(config.rateBudgets).toEqual({ anonymous: 60, member: 120, staff: 600, partner: 300, admin: 1200 });
    expect(config.redisUrl).toBeUndefined();
    expect(config.partnerDocuments).toBe('trusted');
    expect(config.graphiql).toBe(true);
    expect(() => loadGatewayConfig({ REDIS_URL: 'http://x', PARTNER_DOCUMENTS: 'some', RATE_LIMIT_STAFF_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_STAFF_PER_MINUTE[\s\S]*REDIS_URL must be a redis:\/\/[\s\S]*PARTNER_DOCUMENTS must be trusted or any/);
  });
  test('production refuses free-form partner documents and has no GraphiQL', () => {
    const secrets = { JWT_SECRET: 'x'.repeat(40), INTERNAL_TOKEN_SECRET: 'y'.repeat(40) };
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', ...secrets, PARTNER_DOCUMENTS: 'any' })).toThrow(/PARTNER_DOCUMENTS=any is for tests only/);
    expect(loadGatewayConfig({ NODE_ENV: 'production', ...secrets, GRAPHIQL: 'on' }).graphiql).toBe(false);
  });

  test('the directory feed may be off only outside production, where a revoke would otherwise go unseen', () => {
    expect(loadGatewayConfig({ NODE_ENV: 'test', DIRECTORY_POLL_MS: '0' }).directoryPollMs).toBe(0);
    expect(loadGatewayConfig({}).directoryPollMs).toBe(1000);
    expect(() => loadGatewayConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), INTERNAL_TOKEN_SECRET: 'y'.repeat(40), DIRECTORY_POLL_MS: '0' })).toThrow(/DIRECTORY_POLL_MS is 0/);
    expect(() => loadGatewayConfig({ DIRECTORY_POLL_MS: '50' })).toThrow(/DIRECTORY_POLL_MS must be 0 \(tests only\) or at least 100/);
  });
});
