import { MembersClient, type SubgraphContext } from '@lianxin/subgraph';
import type { Facts } from '../eligibility/eligibility.engine';

export interface MemberFacts extends Facts {
  orgId: string;
  name: string;
}

const QUERY = `query MemberFacts($ids: [ID!]!) {
  _memberFacts(ids: $ids) { id orgId orgPath name status employmentType modelWorker hardshipTier children { id birthDate schoolStage } }
}`;

/**
 * Member facts from the members subgraph, asked service to service with a system token
 * (a partner has no right to read them, so federation's @requires, which fetches under the
 * caller's rights, cannot serve partner checks). The facts stay in this process: no
 * benefits type exposes them; answers carry decisions and reason codes only. Kept for a
 * short while, since a partner desk checks the same member a few times in a row.
 */
export class MemberFactsClient {
  private readonly client: MembersClient;
  private readonly cache = new Map<string, { facts: MemberFacts | null; until: number }>();

  constructor(membersUrl: string, internalSecret: string, private readonly ttlMs = 30_000) {
    this.client = new MembersClient(membersUrl, internalSecret);
  }

  async get(ids: readonly string[]): Promise<Map<string, MemberFacts>> {
    const now = Date.now();
    const out = new Map<string, MemberFacts>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.cache.get(id);
      if (hit && hit.until > now) {
        if (hit.facts) out.set(id, hit.facts);
      } else missing.push(id);
    }
    for (let i = 0; i < missing.length; i += 500) {
      const batch = missing.slice(i, i + 500);
      const data = await this.client.call<{ _memberFacts: MemberFacts[] }>(QUERY, { ids: batch });
      const found = new Map(data._memberFacts.map((f) => [f.id, f]));
      if (this.cache.size > 100_000) this.cache.clear();
      for (const id of batch) {
        const facts = found.get(id) ?? null;
        this.cache.set(id, { facts, until: now + this.ttlMs });
        if (facts) out.set(id, facts);
      }
    }
    return out;
  }

  async one(id: string): Promise<MemberFacts | null> {
    return (await this.get([id])).get(id) ?? null;
  }

  /** After a write that depends on fresh facts (a claim), do not trust a cached answer. */
  forget(id: string): void {
    this.cache.delete(id);
  }
}

export function memberFacts(ctx: Pick<SubgraphContext, 'services'>): MemberFactsClient {
  const client = ctx.services?.memberFacts as MemberFactsClient | undefined;
  if (!client) throw new Error('The benefits subgraph was started without a member facts client');
  return client;
}

/** 王建国 → 王*国, 李娜 → 李*: what a partner desk may show. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
