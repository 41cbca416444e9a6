import { createHash } from 'node:crypto';
import type { Caller, InternalClient } from '@lianxin/auth';
import { FeedFollower, type FeedPage } from '@lianxin/outbox/follower';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { unauthenticated, type ClientTokenVerifier } from './auth';

/**
 * Partner API keys (`X-Api-Key: lx_<prefix>_<secret>`), the other way a partner signs in
 * besides a client token. The benefits subgraph issues keys and stores only their sha256;
 * the gateway hashes what it is sent and asks benefits who holds that hash
 * (`_partnerByKeyHash`, an @inaccessible field only the gateway's system token may call).
 *
 * Answers are cached, and dropped as benefits' change feed reports a change (`follow()`):
 * benefits writes a KEY row (subject: the key's hash) in the transaction that issues or
 * revokes a key, and a PARTNER row when a partner is deactivated or reactivated. So a revoked
 * key, or one of a deactivated partner, is refused by every gateway within about a poll, and a
 * newly issued key works at once. The TTLs, KEY_TTL_MS (60 s) for a known key and
 * NEGATIVE_TTL_MS (10 s) for an unknown or revoked one, are a safety net; while the feed cannot
 * be read for long, nothing cached is trusted.
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

/** Kinds of benefits' feed that concern the partner desk's cache in benefits, not the gateway. */
const DESK_KINDS = new Set(['BINDING', 'PROGRAMME', 'PROGRAMMES']);

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

  /** Benefits' change feed, once `follow()` was called. */
  feed?: FeedFollower;

  /** Entries held now (for the gateway's /metrics). */
  get size(): number {
    return this.cache.size;
  }

  /**
   * Follows benefits' change feed: KEY drops that key's entry; PARTNER (deactivated or
   * reactivated) drops every entry, since keys are cached by hash, not by partner, and such a
   * change is rare; BINDING and PROGRAMME are the desk's, not the gateway's; an unknown kind
   * drops everything rather than guess.
   */
  follow(read: (after: number | null) => Promise<FeedPage>, opts: { pollMs: number; staleMs?: number; log?: Logger; now?: () => number }): FeedFollower {
    this.feed = new FeedFollower({
      name: 'benefits',
      read,
      ...opts,
      apply: (c) => {
        if (c.kind === 'KEY') this.cache.delete(c.subject);
        else if (!DESK_KINDS.has(c.kind)) this.cache.clear();
      },
      dropAll: () => this.cache.clear(),
    });
    return this.feed;
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
    // Without a recent poll a revoke might have been missed: trusted() drops everything, so each request asks.
    this.feed?.trusted();
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

const CHANGES = 'query BenefitsChanges($after: Int) { _benefitsChanges(after: $after) { head overflow changes { seq kind subject } } }';

/** Benefits' change feed, read with the gateway's system token. */
export function benefitsFeed(benefits: InternalClient): (after: number | null) => Promise<FeedPage> {
  return async (after) => (await benefits.call<{ _benefitsChanges: FeedPage }>(CHANGES, { after }))._benefitsChanges;
}

/** What a client sees while benefits cannot say who holds a key. */
export const keysUnavailable = (): GraphQLError =>
  new GraphQLError('The benefits service did not answer, so API keys cannot be checked right now. Retry shortly.', {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'benefits', http: { status: 503 } },
  });
