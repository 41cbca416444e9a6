import { createHash } from 'node:crypto';
import type { Caller, InternalClient } from '@lianxin/auth';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import { unauthenticated, type ClientTokenVerifier } from './auth';

/**
 * Partner API keys (`X-Api-Key: lx_<prefix>_<secret>`), the other way a partner signs in
 * besides a client token. The benefits subgraph issues keys and stores only their sha256;
 * the gateway hashes what it is sent and asks benefits who holds that hash
 * (`_partnerByKeyHash`, an @inaccessible field only the gateway's system token may call).
 *
 * Answers are cached: a known key for KEY_TTL_MS (60 s), an unknown or revoked one for
 * NEGATIVE_TTL_MS (10 s). So a revoked key, or one of a deactivated partner, stops
 * working within a minute, and a newly issued key works within ten seconds of a first
 * failed try with it.
 */
export const API_KEY_HEADER = 'x-api-key';
export const API_KEY_PATTERN = /^lx_[0-9A-HJKMNP-TV-Z]{8}_[0-9A-HJKMNP-TV-Z]{32,64}$/;
export const KEY_TTL_MS = 60_000;
export const NEGATIVE_TTL_MS = 10_000;

export interface PartnerKeyOwner {
  partnerId: string;
  keyId: string;
  active: boolean;
}

/** Who holds the key with this sha256 (hex); null when nobody does. */
export type PartnerKeyLookup = (hash: string) => Promise<PartnerKeyOwner | null>;

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

const REFUSED = 'This API key is not valid or has been revoked. Ask the union that registered you for a new key.';

export class ApiKeyVerifier {
  /** Keyed by the key's hash, holding the lookup itself: concurrent requests with one key share one call. */
  private readonly cache: LRUCache<string, Promise<PartnerKeyOwner | null>>;

  constructor(
    private readonly lookup: PartnerKeyLookup,
    now: () => number = Date.now,
    ttlMs = KEY_TTL_MS,
    private readonly negativeTtlMs = NEGATIVE_TTL_MS,
  ) {
    // ttlResolution 0: read the clock on every get, so an expiry is exact to the millisecond (and an injected clock is obeyed).
    this.cache = new LRUCache({ max: 100_000, ttl: ttlMs, ttlResolution: 0, perf: { now } });
  }

  /** Entries held now (for the gateway's /metrics). */
  get size(): number {
    return this.cache.size;
  }

  /** The partner caller for an X-Api-Key header value; UNAUTHENTICATED for anything but a live key. */
  async verify(key: string): Promise<Caller> {
    if (!API_KEY_PATTERN.test(key)) throw unauthenticated('The X-Api-Key header must hold a partner key of the form lx_<prefix>_<secret>.');
    // Keyed by the hash: raw keys are not kept in memory longer than the request.
    const hash = hashApiKey(key);
    const owner = await this.owner(hash);
    if (!owner?.active) throw unauthenticated(REFUSED);
    return { sub: `partner-key:${owner.keyId}`, role: 'partner', partnerId: owner.partnerId, perms: [] };
  }

  private owner(hash: string): Promise<PartnerKeyOwner | null> {
    const hit = this.cache.get(hash);
    if (hit) return hit;
    const lookup = this.lookup(hash);
    this.cache.set(hash, lookup);
    lookup.then(
      // An unknown or revoked key is asked again sooner, so a newly issued key works within seconds.
      (owner) => {
        if (!owner?.active && this.cache.get(hash) === lookup) this.cache.set(hash, lookup, { ttl: this.negativeTtlMs });
      },
      // A lookup that failed (benefits down) is not an answer: ask again next time.
      () => this.cache.delete(hash),
    );
    return lookup;
  }
}

/**
 * Who a request is: a client token (Authorization: Bearer), a partner API key (X-Api-Key)
 * or, with neither, anonymous. Both at once is refused rather than guessed at.
 */
export function authenticate(
  headers: { authorization?: string; apiKey?: string },
  verifiers: { tokens: Pick<ClientTokenVerifier, 'verify'>; apiKeys: Pick<ApiKeyVerifier, 'verify'> },
): Promise<Caller> {
  if (headers.apiKey === undefined) return verifiers.tokens.verify(headers.authorization);
  if (headers.authorization) return Promise.reject(unauthenticated('Send either an Authorization token or an X-Api-Key header, not both.'));
  return verifiers.apiKeys.verify(headers.apiKey);
}

const QUERY = 'query PartnerByKeyHash($hash: String!) { _partnerByKeyHash(hash: $hash) { partnerId keyId active } }';

/** The production lookup: the benefits subgraph, asked with the gateway's system token. */
export function benefitsKeyLookup(benefits: InternalClient): PartnerKeyLookup {
  return async (hash) => (await benefits.call<{ _partnerByKeyHash: PartnerKeyOwner | null }>(QUERY, { hash }))._partnerByKeyHash;
}

/** What a client sees while benefits cannot say who holds a key. */
export const keysUnavailable = (): GraphQLError =>
  new GraphQLError('The benefits service did not answer, so API keys cannot be checked right now. Retry shortly.', {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'benefits', http: { status: 503 } },
  });
