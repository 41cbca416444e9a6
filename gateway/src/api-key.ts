import { createHash } from 'node:crypto';
import { INTERNAL_TOKEN_HEADER, type Caller } from '@lianxin/auth';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { unauthenticated, type ClientTokenVerifier } from './auth';
import { GATEWAY_SYSTEM, type InternalTokens } from './internal';

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
  private readonly cache = new Map<string, { value: Promise<PartnerKeyOwner | null>; until: number }>();

  constructor(
    private readonly lookup: PartnerKeyLookup,
    private readonly now: () => number = Date.now,
    private readonly ttlMs = KEY_TTL_MS,
    private readonly negativeTtlMs = NEGATIVE_TTL_MS,
  ) {}

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
    const now = this.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.value;
    // Concurrent requests with one key share one lookup.
    const entry = { value: this.lookup(hash), until: now + this.ttlMs };
    if (this.cache.size > 100_000) this.cache.clear();
    this.cache.set(hash, entry);
    entry.value.then(
      (owner) => {
        if (!owner?.active) entry.until = Math.min(entry.until, this.now() + this.negativeTtlMs);
      },
      // A lookup that failed (benefits down) is not an answer: ask again next time.
      () => this.cache.delete(hash),
    );
    return entry.value;
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
export function benefitsKeyLookup(benefitsUrl: string, tokens: InternalTokens, fetcher: Fetcher): PartnerKeyLookup {
  return async (hash) => {
    let body: { data?: { _partnerByKeyHash: PartnerKeyOwner | null }; errors?: unknown[] };
    try {
      const res = await fetcher(benefitsUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: await tokens.for(GATEWAY_SYSTEM, 'benefits') },
        body: JSON.stringify({ query: QUERY, variables: { hash } }),
      });
      body = (await res.json()) as typeof body;
    } catch {
      throw unavailable();
    }
    if (!body.data) throw unavailable();
    return body.data._partnerByKeyHash;
  };
}

const unavailable = (): GraphQLError =>
  new GraphQLError('The benefits service did not answer, so API keys cannot be checked right now. Retry shortly.', {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'benefits', http: { status: 503 } },
  });
