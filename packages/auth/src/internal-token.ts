import { SignJWT, jwtVerify, errors } from 'jose';
import { isRole, PERMISSIONS, type Caller, type Permission } from './caller';

/**
 * The gateway hands each subgraph the caller it verified as a short-lived HS256 token
 * whose audience is that one subgraph. A token minted for `members` is useless against
 * `cases`, and a client cannot forge one without the shared internal secret.
 */
export const INTERNAL_ISSUER = 'lianxin-gateway';
export const INTERNAL_TOKEN_HEADER = 'x-lianxin-internal-token';
export const INTERNAL_TOKEN_TTL_SECONDS = 60;

export const audienceFor = (subgraph: string): string => `lianxin:${subgraph}`;

export class InternalTokenError extends Error {}

export interface InternalClaims {
  role: string;
  org?: string;
  path?: string;
  mid?: string;
  pid?: string;
  perms?: string[];
}

export function secretKey(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('The internal token secret must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

/**
 * Everything an internal token says about its caller besides the subject. The one place a
 * claim is added: the gateway's token cache keys on this too, so two callers that differ in
 * any signed claim can never share a token.
 */
export function internalClaimsOf(caller: Caller): InternalClaims {
  const claims: InternalClaims = { role: caller.role };
  if (caller.orgId) claims.org = caller.orgId;
  if (caller.orgPath) claims.path = caller.orgPath;
  if (caller.memberId) claims.mid = caller.memberId;
  if (caller.partnerId) claims.pid = caller.partnerId;
  if (caller.perms.length) claims.perms = [...caller.perms];
  return claims;
}

export async function signInternalToken(
  caller: Caller,
  subgraph: string,
  key: Uint8Array,
  ttlSeconds = INTERNAL_TOKEN_TTL_SECONDS,
): Promise<string> {
  return new SignJWT({ ...internalClaimsOf(caller) })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(caller.sub)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(audienceFor(subgraph))
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(key);
}

export async function verifyInternalToken(token: string, subgraph: string, key: Uint8Array): Promise<Caller> {
  try {
    const { payload } = await jwtVerify<InternalClaims>(token, key, {
      issuer: INTERNAL_ISSUER,
      audience: audienceFor(subgraph),
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
    });
    const role = payload.role;
    if (!(isRole(role) || role === 'system' || role === 'anonymous')) throw new InternalTokenError(`unknown role ${String(role)}`);
    const perms = (payload.perms ?? []).filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p));
    return {
      sub: payload.sub!,
      role,
      orgId: payload.org,
      orgPath: payload.path,
      memberId: payload.mid,
      partnerId: payload.pid,
      perms,
    };
  } catch (err) {
    if (err instanceof InternalTokenError) throw err;
    const reason = err instanceof errors.JOSEError ? err.code : 'invalid';
    throw new InternalTokenError(`internal token rejected (${reason})`);
  }
}
