import { INTERNAL_TOKEN_HEADER, secretKey, signInternalToken, type Caller } from '@lianxin/auth';
import { DomainError, ErrorCode } from './errors';

/** What a subgraph other than members knows about an org: enough to scope, number and escalate. */
export interface OrgInfo {
  id: string;
  parentId: string | null;
  path: string;
  code: string;
  level: 'CITY' | 'DISTRICT' | 'STREET' | 'ENTERPRISE';
  name: string;
}

const SYSTEM: Caller = Object.freeze({ sub: 'org-directory', role: 'system', perms: [] });
const ORGS = 'query OrgDirectory($ids: [ID!]!) { _orgDirectory(ids: $ids) { id parentId path code level name } }';
const ORG_BY_CODE = 'query OrgByCode($codes: [String!]!) { _orgDirectory(codes: $codes) { id parentId path code level name } }';
const MEMBER = 'query MemberAnchor($memberId: ID) { _scopeAnchor(memberId: $memberId) { orgId path } }';

/**
 * Asks the members subgraph, service to service, with a short-lived system token for
 * audience `members`. Only @System fields answer such calls; they are @inaccessible, so
 * no client can reach them through the gateway.
 */
export class MembersClient {
  private readonly key: Uint8Array;
  private token?: { value: string; until: number };

  constructor(
    private readonly membersUrl: string,
    internalSecret: string,
    private readonly timeoutMs = 5_000,
  ) {
    this.key = secretKey(internalSecret);
  }

  async call<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    if (!this.token || this.token.until < Date.now()) {
      this.token = { value: await signInternalToken(SYSTEM, 'members', this.key), until: Date.now() + 45_000 };
    }
    let body: { data?: T; errors?: unknown[] };
    try {
      const res = await fetch(this.membersUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: this.token.value },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      body = (await res.json()) as typeof body;
    } catch {
      throw new DomainError(ErrorCode.UNAVAILABLE, 'The members service did not answer; retry in a moment.');
    }
    if (!body.data) throw new DomainError(ErrorCode.UNAVAILABLE, 'The members service could not answer; retry in a moment.');
    return body.data;
  }
}

/**
 * The members subgraph owns the org tree. Other subgraphs ask it, service to service with
 * a system token, for the few facts they need about orgs they hold ids of (path, code,
 * level, parent). Paths and codes change only when the tree is reorganised, so answers are
 * kept for a few minutes; misses in one call are fetched together.
 */
export class OrgDirectory {
  private readonly cache = new Map<string, { info: OrgInfo; until: number }>();
  private readonly client: MembersClient;

  constructor(
    membersUrl: string,
    internalSecret: string,
    private readonly ttlMs = 300_000,
    timeoutMs = 5_000,
  ) {
    this.client = new MembersClient(membersUrl, internalSecret, timeoutMs);
  }

  /** The orgs among `ids` that exist; unknown ids are simply absent from the map. */
  async orgs(ids: readonly string[]): Promise<Map<string, OrgInfo>> {
    const now = Date.now();
    const found = new Map<string, OrgInfo>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.cache.get(id);
      if (hit && hit.until > now) found.set(id, hit.info);
      else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += 500) {
      const data = await this.client.call<{ _orgDirectory: OrgInfo[] }>(ORGS, { ids: missing.slice(i, i + 500) });
      for (const info of data._orgDirectory) {
        if (this.cache.size > 50_000) this.cache.clear();
        this.cache.set(info.id, { info, until: now + this.ttlMs });
        found.set(info.id, info);
      }
    }
    return found;
  }

  async org(id: string): Promise<OrgInfo | null> {
    return (await this.orgs([id])).get(id) ?? null;
  }

  /** The org with this code (e.g. LJ-01-02), or null. Asked each time: codes are typed by people, rarely twice. */
  async orgByCode(code: string): Promise<OrgInfo | null> {
    const data = await this.client.call<{ _orgDirectory: OrgInfo[] }>(ORG_BY_CODE, { codes: [code] });
    const info = data._orgDirectory[0] ?? null;
    if (info) this.cache.set(info.id, { info, until: Date.now() + this.ttlMs });
    return info;
  }

  /** The org a member belongs to now. Not cached: members transfer. */
  async memberOrg(memberId: string): Promise<{ orgId: string; path: string } | null> {
    const data = await this.client.call<{ _scopeAnchor: { orgId: string; path: string } | null }>(MEMBER, { memberId });
    return data._scopeAnchor;
  }
}
