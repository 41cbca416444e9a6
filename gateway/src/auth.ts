import { createRemoteJWKSet, jwtVerify, errors, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ANONYMOUS, isId, isRole, PERMISSIONS, type Caller, type Permission } from '@lianxin/auth';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { GatewayConfig } from './config';

/**
 * The client token contract (docs/architecture.md#tokens):
 *   sub    string   who is calling (a staff account, member, partner key id, admin)
 *   role   'member' | 'staff' | 'partner' | 'admin'; absent: a staff account of the
 *          directory, signed in by its subject alone (directory.ts)
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
  private readonly cache = new LRUCache<string, Caller>({ max: 50_000, ttl: 60_000 });

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
    if (hit) return hit;
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
    // A minute at most, and never past the token's own expiry.
    this.cache.set(token, caller, { ttl: Math.max(1, Math.min(payload.exp! * 1000 - Date.now(), 60_000)) });
    return caller;
  }
}

/** How far ahead of our clock a token's `iat` may lie: clocks drift, tokens are not minted in the future. */
const IAT_SKEW_SECONDS = 60;
const SUB_MAX = 200;

const badClaim = (claim: string, rule: string): GraphQLError => unauthenticated(`Your token's "${claim}" claim ${rule}. Sign in again; if this persists, the identity provider is misconfigured.`);

function idClaim(claims: ClientClaims, name: 'org' | 'mid' | 'pid', required: string | undefined): string | undefined {
  const value: unknown = claims[name];
  if (value === undefined) {
    if (required) throw unauthenticated(required);
    return undefined;
  }
  if (typeof value !== 'string' || !isId(value)) throw badClaim(name, 'must be a 26-character id (ULID)');
  return value;
}

/**
 * Every claim is checked for its shape before it becomes a Caller: a correctly signed
 * token from a misconfigured identity provider must be a 401 naming the claim, never a
 * 500 somewhere downstream, and never a right nobody granted.
 */
export function callerFromClaims(claims: ClientClaims, nowSeconds = Date.now() / 1000): Caller {
  const { role } = claims;
  if (role !== undefined && !isRole(role)) throw unauthenticated('Your token has no valid role (member, staff, partner or admin).');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > SUB_MAX) throw badClaim('sub', `must be a non-empty string of at most ${SUB_MAX} characters`);
  if (claims.iat !== undefined) {
    if (typeof claims.iat !== 'number' || !Number.isFinite(claims.iat)) throw badClaim('iat', 'must be a number of seconds');
    if (claims.iat > nowSeconds + IAT_SKEW_SECONDS) throw badClaim('iat', 'lies in the future (it is more than a minute ahead of our clock)');
  }
  // The identity provider's token names only the subject: the staff directory says who it is
  // (directory.ts), and nothing else the token claims is taken.
  if (role === undefined) return { sub: claims.sub, role: 'staff', perms: [] };
  const rawPerms: unknown = claims.perms ?? [];
  if (!Array.isArray(rawPerms) || rawPerms.some((p) => typeof p !== 'string' || !(PERMISSIONS as readonly string[]).includes(p))) {
    throw badClaim('perms', `must be a list of known permissions (${PERMISSIONS.join(', ')})`);
  }
  const caller: Caller = { sub: claims.sub, role, perms: [...new Set(rawPerms as Permission[])] };
  const orgId = idClaim(claims, 'org', role === 'staff' ? 'A staff token must name the staff member\'s org in the "org" claim.' : undefined);
  const memberId = idClaim(claims, 'mid', role === 'member' ? 'A member token must carry the member id in the "mid" claim.' : undefined);
  const partnerId = idClaim(claims, 'pid', role === 'partner' ? 'A partner token must carry the partner id in the "pid" claim.' : undefined);
  if (role === 'staff') caller.orgId = orgId;
  if (role === 'member') caller.memberId = memberId;
  if (role === 'partner') caller.partnerId = partnerId;
  return caller;
}

/** Public operations: what a request without a token may ask for. */
export const PUBLIC_ROOT_FIELDS = new Set(['Query.joinTarget', 'Mutation.applyToJoin', 'Query.driveJoinForm', 'Mutation.joinThroughDrive', 'Query.__typename']);
