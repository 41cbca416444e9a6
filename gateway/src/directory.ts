import type { Caller, InternalClient, Permission } from '@lianxin/auth';
import { FeedFollower, type FeedPage } from '@lianxin/outbox/follower';
import { GraphQLError } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { unauthenticated } from './auth';

/**
 * Signs a verified subject in as its staff account in the members directory, so a
 * production token needs only `sub` (plus iss, aud, exp):
 * - a token without a role is the directory's to answer: no account, or a revoked one, is a 401;
 * - a staff token whose subject has an account is signed in as the account (its org and
 *   permissions win over the token's claims, so a revoke bites at once);
 * - a staff token whose subject has none keeps its claims (dev tokens, `npm run token`).
 *
 * Answers are cached, and dropped when the directory changes: members writes a row of its change
 * feed in the transaction of every grant, change and revoke, and the gateway asks for the rows
 * after the last one it saw every `pollMs` (a FeedFollower of @lianxin/outbox: one primary-key
 * range read; each gateway replica polls on its own, no shared cache needed). So a revoke takes
 * effect within about one poll. If the feed cannot be read for `staleMs`, nothing cached is
 * trusted until it can. The same feed reports org moves and member transfers, for the scope
 * cache (`onOrgChange`, `onMemberChange`).
 */
export interface StaffIdentity {
  orgId: string;
  perms: Permission[];
  active: boolean;
}

export type DirectoryFeed = FeedPage;

export interface DirectorySource {
  bySubject(subject: string): Promise<StaffIdentity | null>;
  changes(after: number | null): Promise<DirectoryFeed>;
}

export const NOT_IN_DIRECTORY =
  '您的账号不在工会工作人员名录中，或已被停用。请联系本单位工会的管理员。(Your sign-in is not a staff account of the union directory, or it has been revoked: ask your union\'s administrator.)';

export class StaffDirectory {
  /**
   * The lookup itself is kept from the moment it starts, so concurrent requests of one subject
   * share one call, and an eviction also drops a lookup still under way (its answer may predate
   * the change).
   */
  private readonly cache: LRUCache<string, Promise<StaffIdentity | null>>;
  /** Members' change feed, as this gateway follows it (also read for /metrics). */
  readonly feed: FeedFollower;

  constructor(
    private readonly source: DirectorySource,
    opts: {
      pollMs: number;
      staleMs?: number;
      log?: Logger;
      now?: () => number;
      /** An org moved, merged or closed, or the feed lost track (overflow, reset, unreadable): paths and unions cached elsewhere are stale too. */
      onOrgChange?: () => void;
      /** A member transferred or changed status: their cached scope anchor is stale. */
      onMemberChange?: (memberId: string) => void;
    },
  ) {
    // The TTL is a backstop only: eviction comes from the feed.
    this.cache = new LRUCache({ max: 100_000, ttl: 10 * 60_000 });
    this.feed = new FeedFollower({
      name: 'members',
      read: (after) => source.changes(after),
      pollMs: opts.pollMs,
      staleMs: opts.staleMs,
      log: opts.log,
      now: opts.now,
      apply: (c) => {
        switch (c.kind) {
          case 'STAFF':
            this.cache.delete(c.subject);
            break;
          case 'MEMBER':
            opts.onMemberChange?.(c.subject);
            break;
          case 'ORG_NAME':
            // Nothing here holds org names.
            break;
          default:
            // An org moved (or a kind this gateway does not know yet): drop everything rather than guess.
            this.cache.clear();
            opts.onOrgChange?.();
        }
      },
      dropAll: (reason) => {
        this.cache.clear();
        // Starting, nothing was missed yet; otherwise an org change may have been.
        if (reason !== 'start') opts.onOrgChange?.();
      },
    });
  }

  /** Entries held now (for the gateway's /metrics). */
  get size(): number {
    return this.cache.size;
  }

  start(): void {
    // Off (test graphs): nothing evicts, so nothing is ever considered stale either.
    this.feed.start();
  }

  stop(): void {
    this.feed.stop();
  }

  /** One poll of the feed; concurrent calls share it. */
  poll(): Promise<void> {
    return this.feed.poll();
  }

  private identity(subject: string): Promise<StaffIdentity | null> {
    // Without a recent poll, a revoke might have been missed: trusted() drops everything, and so every call asks until the feed answers again.
    this.feed.trusted();
    const hit = this.cache.get(subject);
    if (hit) return hit;
    const lookup = this.source.bySubject(subject);
    this.cache.set(subject, lookup);
    // A lookup that failed is not an answer: ask again next time.
    lookup.catch(() => {
      if (this.cache.get(subject) === lookup) this.cache.delete(subject);
    });
    return lookup;
  }

  /** The caller as the directory has it (see above); other roles pass through. */
  async resolve(caller: Caller): Promise<Caller> {
    if (caller.role !== 'staff') return caller;
    const account = await this.identity(caller.sub).catch((err: unknown) => {
      throw err instanceof GraphQLError ? err : directoryUnavailable();
    });
    // A staff caller without an org came from a token with no role: only the directory can say who it is.
    if (!account) {
      if (!caller.orgId) throw unauthenticated(NOT_IN_DIRECTORY);
      return caller;
    }
    if (!account.active) throw unauthenticated(NOT_IN_DIRECTORY);
    return { ...caller, orgId: account.orgId, orgPath: undefined, perms: account.perms };
  }
}

const BY_SUBJECT = 'query StaffBySubject($subject: String!) { _staffBySubject(subject: $subject) { orgId perms active } }';
const CHANGES = 'query DirectoryChanges($after: Int) { _directoryChanges(after: $after) { head overflow changes { seq kind subject } } }';

/** The production source: the members subgraph, asked with the gateway's system token. */
export function membersDirectory(members: InternalClient): DirectorySource {
  return {
    bySubject: async (subject) => (await members.call<{ _staffBySubject: StaffIdentity | null }>(BY_SUBJECT, { subject }))._staffBySubject,
    changes: async (after) => (await members.call<{ _directoryChanges: DirectoryFeed }>(CHANGES, { after }))._directoryChanges,
  };
}

/** What a client sees while members cannot say who a subject is. */
export const directoryUnavailable = (): GraphQLError =>
  new GraphQLError('The members service did not answer, so your staff account cannot be checked right now. Retry shortly.', {
    extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'members', http: { status: 503 } },
  });
