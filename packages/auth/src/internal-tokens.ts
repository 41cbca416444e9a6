import { LRUCache } from 'lru-cache';
import type { Caller } from './caller';
import { INTERNAL_TOKEN_TTL_SECONDS, internalClaimsOf, secretKey, signInternalToken } from './internal-token';

/** Reused for 45 of its 60 seconds: a token handed out is always good for at least 15 more. */
const REUSE_MS = (INTERNAL_TOKEN_TTL_SECONDS - 15) * 1000;

/**
 * Mints the per-subgraph internal token for a caller, one per (caller, subgraph) every 45 s,
 * so a busy caller costs one HMAC per subgraph per 45 s. The gateway mints them for every
 * client it forwards; subgraphs mint them for their own system calls to members.
 */
export class InternalTokens {
  private readonly key: Uint8Array;
  private readonly cache = new LRUCache<string, Promise<string>>({ max: 50_000, ttl: REUSE_MS });

  constructor(secret: string) {
    this.key = secretKey(secret);
  }

  /** Entries held now (for the gateway's /metrics). */
  get size(): number {
    return this.cache.size;
  }

  for(caller: Caller, subgraph: string): Promise<string> {
    // Keyed on exactly what the token signs (subgraph, subject, claims), built by the signer's own function.
    const cacheKey = JSON.stringify([subgraph, caller.sub, internalClaimsOf(caller)]);
    const hit = this.cache.get(cacheKey);
    if (hit) return hit;
    const token = signInternalToken(caller, subgraph, this.key);
    this.cache.set(cacheKey, token);
    token.catch(() => this.cache.delete(cacheKey));
    return token;
  }
}
