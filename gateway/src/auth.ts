import { createRemoteJWKSet, jwtVerify, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ANONYMOUS, isRole, PERMISSIONS, type Caller, type Permission } from '@lianxin/auth';
import { GraphQLError } from 'graphql';
import type { GatewayConfig } from './config';

/**
 * The client token contract (docs/architecture.md#tokens):
 *   sub    string   who is calling (a staff account, member, partner key id, admin)
 *   role   'member' | 'staff' | 'partner' | 'admin'
 *   org    string   staff: the id of the org they work for (required)
 *   mid    string   member: their member id (required)
 *   pid    string   partner: their partner id (required)
 *   perms  string[] extra rights, e.g. ['pii:read'] to see full ID numbers and phones
 *   iss, aud, exp   checked against JWT_ISSUER / JWT_AUDIENCE; exp is required
 * HS256 with JWT_SECRET in development; RS256/ES256 from JWT_JWKS_URL in production.
 * Partners may instead send an API key (X-Api-Key); see api-key.ts.
 */
export interface ClientClaims extends JWTPayload {
  role?: string;
  org?: string;
  mid?: string;
  pid?: string;
  perms?: string[];
}

export const unauthenticated = (message: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

export class ClientTokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly algorithms: string[];
  /** Verified tokens until shortly before expiry; signature checks dominate gateway CPU otherwise. */
  private readonly cache = new Map<string, { caller: Caller; until: number }>();

  constructor(private readonly config: GatewayConfig['jwt']) {
    if (config.jwksUrl) {
      this.key = createRemoteJWKSet(new URL(config.jwksUrl));
      this.algorithms = ['RS256', 'ES256'];
    } else {
      this.key = new TextEncoder().encode(config.secret!);
      this.algorithms = ['HS256'];
    }
  }

  /** The caller for an Authorization header; anonymous when there is none. */
  async verify(header: string | undefined): Promise<Caller> {
    if (!header) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    const token = match[1];
    const hit = this.cache.get(token);
    if (hit && hit.until > Date.now()) return hit.caller;
    let payload: ClientClaims;
    try {
      ({ payload } = await jwtVerify<ClientClaims>(token, this.key as Uint8Array, {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: this.algorithms,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      const why = err instanceof errors.JWTExpired ? 'has expired' : 'is not valid';
      throw unauthenticated(`Your token ${why}. Sign in again to get a new one.`);
    }
    const caller = callerFromClaims(payload);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(token, { caller, until: Math.min(payload.exp! * 1000, Date.now() + 60_000) });
    return caller;
  }
}

export function callerFromClaims(claims: ClientClaims): Caller {
  const { role } = claims;
  if (!isRole(role)) throw unauthenticated('Your token has no valid role (member, staff, partner or admin).');
  const perms = (claims.perms ?? []).filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p));
  const caller: Caller = { sub: claims.sub!, role, perms };
  if (role === 'staff') {
    if (!claims.org) throw unauthenticated('A staff token must name the staff member\'s org in the "org" claim.');
    caller.orgId = claims.org;
  }
  if (role === 'member') {
    if (!claims.mid) throw unauthenticated('A member token must carry the member id in the "mid" claim.');
    caller.memberId = claims.mid;
  }
  if (role === 'partner') {
    if (!claims.pid) throw unauthenticated('A partner token must carry the partner id in the "pid" claim.');
    caller.partnerId = claims.pid;
  }
  return caller;
}

/** Public operations: what a request without a token may ask for. */
export const PUBLIC_ROOT_FIELDS = new Set(['Query.joinTarget', 'Mutation.applyToJoin', 'Query.__typename']);
