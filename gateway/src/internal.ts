import { internalClaimsOf, secretKey, signInternalToken, type Caller } from '@lianxin/auth';

/** The gateway itself, for its own lookups (scopes, API keys, readiness): never a client. */
export const GATEWAY_SYSTEM: Caller = Object.freeze({ sub: 'gateway', role: 'system', perms: [] });

/**
 * Mints the per-subgraph internal token for a caller. Tokens live 60 s; we reuse one for
 * 45 s per (caller, subgraph) so a busy caller costs one HMAC per subgraph per 45 s.
 */
export class InternalTokens {
  private readonly key: Uint8Array;
  private readonly cache = new Map<string, { token: Promise<string>; until: number }>();

  constructor(secret: string) {
    this.key = secretKey(secret);
  }

  for(caller: Caller, subgraph: string): Promise<string> {
    // Keyed on exactly what the token signs (subgraph, subject, claims), built by the signer's own function.
    const cacheKey = JSON.stringify([subgraph, caller.sub, internalClaimsOf(caller)]);
    const hit = this.cache.get(cacheKey);
    if (hit && hit.until > Date.now()) return hit.token;
    const token = signInternalToken(caller, subgraph, this.key);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(cacheKey, { token, until: Date.now() + 45_000 });
    token.catch(() => this.cache.delete(cacheKey));
    return token;
  }
}
