import type { Caller, InternalClient, Permission } from '@lianxin/auth';
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
 * Answers are cached, and dropped when the directory changes: members writes a change-feed row
 * in the transaction of every grant, change and revoke, and the gateway asks for the rows after
 * the last one it saw every `pollMs` (one primary-key range read; each gateway replica polls on
 * its own, no shared cache needed). So a revoke takes effect within about one poll. If the feed
 * cannot be read for `staleMs`, nothing cached is trusted until it can.
 */
export interface StaffIdentity {
  orgId: string;
  perms: Permission[];
  active: boolean;
}

export interface DirectoryFeed {
  head: number;
  changes: { seq: number; kind: string; subject: string }[];
  overflow: boolean;
}

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
  private cursor: number | null = null;
  private lastPolled: number;
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;

  constructor(
    private readonly source: DirectorySource,
    private readonly opts: { pollMs: number; staleMs?: number; log?: Logger; now?: () => number; /** An org moved, merged or closed: paths and unions cached elsewhere are stale too. */ onOrgChange?: () => void },
  ) {
    // The TTL is a backstop only: eviction comes from the feed.
    this.cache = new LRUCache({ max: 100_000, ttl: 10 * 60_000 });
    this.lastPolled = this.now();
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }

  start(): void {
    // Off (test graphs): nothing evicts, so nothing is ever considered stale either.
    if (this.opts.pollMs === 0) return;
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.opts.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One poll of the feed; concurrent calls share it. */
  poll(): Promise<void> {
    return (this.polling ??= this.pollOnce().finally(() => (this.polling = undefined)));
  }

  private async pollOnce(): Promise<void> {
    let feed: DirectoryFeed;
    try {
      feed = await this.source.changes(this.cursor);
    } catch (err) {
      this.opts.log?.warn({ err }, 'staff directory feed unavailable');
      return;
    }
    // The first answer (a gateway starting) and an overflow leave nothing known: start afresh.
    if (this.cursor === null || feed.overflow) this.cache.clear();
    for (const c of feed.changes) {
      if (c.kind === 'STAFF') {
        this.cache.delete(c.subject);
      } else {
        // An org moved (or a kind this gateway does not know yet): drop everything rather than guess.
        this.cache.clear();
        this.opts.onOrgChange?.();
      }
    }
    this.cursor = feed.head;
    this.lastPolled = this.now();
  }

  private identity(subject: string): Promise<StaffIdentity | null> {
    // Without a recent poll, a revoke might have been missed: ask every time until the feed answers again.
    if (this.opts.pollMs > 0 && this.now() - this.lastPolled > (this.opts.staleMs ?? Math.max(10_000, this.opts.pollMs * 10))) this.cache.clear();
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
    const account = await this.identity(caller.sub);
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
