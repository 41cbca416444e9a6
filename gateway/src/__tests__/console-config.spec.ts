import { loadGatewayConfig } from '../config';

/** The console's OIDC settings and the gateway's token checks must agree, or every sign-in ends in a 401. */
describe('console sign-in settings', () => {
  const oidc = { OIDC_ISSUER: 'https://id.linjiang.example/realms/union', OIDC_CLIENT_ID: 'lianxin-console' };

  test('with OIDC, the gateway expects tokens issued by that provider unless JWT_ISSUER says otherwise', () => {
    const config = loadGatewayConfig({ ...oidc, JWT_JWKS_URL: 'https://id.linjiang.example/realms/union/certs' });
    expect(config.jwt.issuer).toBe('https://id.linjiang.example/realms/union');
    expect(config.console?.oidc).toEqual({ issuer: 'https://id.linjiang.example/realms/union', clientId: 'lianxin-console', redirectUri: undefined, scope: 'openid' });
    expect(loadGatewayConfig({ ...oidc, JWT_JWKS_URL: 'https://id.linjiang.example/certs', JWT_ISSUER: 'https://id.linjiang.example/' }).jwt.issuer).toBe('https://id.linjiang.example/');
    expect(loadGatewayConfig({}).jwt.issuer).toBe('lianxin');
  });

  test('OIDC without JWT_JWKS_URL is a start-up error naming both', () => {
    expect(() => loadGatewayConfig(oidc)).toThrow(/OIDC_ISSUER is set but JWT_JWKS_URL is not/);
  });

  test('a half-configured provider is a start-up error', () => {
    expect(() => loadGatewayConfig({ OIDC_ISSUER: oidc.OIDC_ISSUER, JWT_JWKS_URL: 'https://id.linjiang.example/certs' })).toThrow(/OIDC_ISSUER and OIDC_CLIENT_ID must be set together/);
  });
});
