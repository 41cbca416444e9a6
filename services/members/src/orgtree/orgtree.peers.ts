import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { InternalClient, InternalTokens, systemCaller } from '@lianxin/auth';
import { APPLY_MEMBER_CHANGE, APPLY_ORG_CHANGE, MEMBER_CHANGE_TOPIC, OPEN_CASES_AT, type MemberChange, ORG_CHANGE_TARGETS, orgChangeTopic, type OrgChange, type OrgChangeTarget } from '@lianxin/members-client';
import { OutboxDispatcher, type Deliver } from '@lianxin/outbox';
import { DomainError, ErrorCode } from '@lianxin/subgraph';
import { ConfigError, readInt, subgraph, type Env } from '@lianxin/config';

/** Who members is when it tells the others the tree changed. */
const ORG_TREE_CALLER = systemCaller('org-tree');

/**
 * The subgraphs that copy org paths, as members reaches them: to deliver `org.changed`
 * and to ask cases whether an org still handles open cases. The URLs may be given after
 * members started (the test graph starts members first), through `connect()`.
 */
export class OrgTreePeers {
  private clients: Partial<Record<OrgChangeTarget, InternalClient>> = {};

  constructor(private readonly internalSecret: string) {}

  connect(urls: Partial<Record<OrgChangeTarget, string>>): void {
    const tokens = new InternalTokens(this.internalSecret);
    for (const target of ORG_CHANGE_TARGETS) {
      const url = urls[target];
      if (!url) continue;
      this.clients[target] = new InternalClient({
        url,
        token: () => tokens.for(ORG_TREE_CALLER, target),
        unavailable: () => new DomainError(ErrorCode.UNAVAILABLE, `${target}服务暂时没有响应，请稍后再试 (the ${target} service did not answer; retry in a moment).`),
      });
    }
  }

  private client(target: OrgChangeTarget): InternalClient {
    const c = this.clients[target];
    if (!c) throw new DomainError(ErrorCode.UNAVAILABLE, `${target}服务未连接 (members was started without the ${target} URL).`);
    return c;
  }

  /** How many open cases the org handles now (cases is asked; no answer is SERVICE_UNAVAILABLE). */
  async openCasesAt(orgId: string): Promise<number> {
    const data = await this.client('cases').call<{ _openCasesAt: number }>(OPEN_CASES_AT, { orgId });
    return data._openCasesAt;
  }

  async apply(target: OrgChangeTarget, change: OrgChange): Promise<boolean> {
    const data = await this.client(target).call<{ _applyOrgChange: boolean }>(APPLY_ORG_CHANGE, { ...change, at: new Date(change.at).toISOString() });
    return data._applyOrgChange;
  }

  /** `member.changed`: benefits refreshes its copy of these members' facts. */
  async applyMemberChange(change: MemberChange): Promise<boolean> {
    const data = await this.client('benefits').call<{ _applyMemberChange: boolean }>(APPLY_MEMBER_CHANGE, { ...change, at: new Date(change.at).toISOString() });
    return data._applyMemberChange;
  }
}

export interface OrgChangeDispatch {
  dispatcher: OutboxDispatcher;
  stop(): Promise<void>;
}

/**
 * The outbox dispatcher for `org.changed`: each target's topic in order (a move applied
 * after a later one would file paths in the wrong place), retried with backoff, dead after
 * eight tries (which stops that target's topic until an operator requeues it).
 */
export function startOrgChangeDispatch(db: DataSource, peers: OrgTreePeers, log: Logger, intervalMs: number): OrgChangeDispatch {
  const deliver: Record<string, Deliver> = {};
  for (const target of ORG_CHANGE_TARGETS) {
    deliver[orgChangeTopic(target)] = async (e) => {
      await peers.apply(target, e.payload as OrgChange);
    };
  }
  const ordered = Object.keys(deliver);
  // Member facts ride the same dispatcher but unordered: benefits reads the current facts and
  // keeps the highest version, so order does not matter, and a row that went dead (benefits
  // away for minutes) must not hold back every later change.
  deliver[MEMBER_CHANGE_TOPIC] = async (e) => {
    await peers.applyMemberChange(e.payload as MemberChange);
  };
  const dispatcher = new OutboxDispatcher(db, { deliver, ordered, log, name: `members-${process.pid}` });
  const loop = dispatcher.start(intervalMs, log);
  return { dispatcher, stop: () => loop.stop() };
}

export interface OrgChangeSettings {
  /** Where cases and benefits answer (CASES_URL, BENEFITS_URL; their defaults otherwise). */
  urls: Record<OrgChangeTarget, string>;
  /** How often the dispatcher looks for due `org.changed` rows; 0 turns it off (tests drain by hand). */
  intervalMs: number;
}

export function loadOrgChangeSettings(env: Env = process.env): OrgChangeSettings {
  const problems: string[] = [];
  const urls = Object.fromEntries(ORG_CHANGE_TARGETS.map((t) => [t, env[subgraph(t).urlVariable] || subgraph(t).defaultUrl])) as Record<OrgChangeTarget, string>;
  const intervalMs = readInt(env, 'ORG_CHANGE_DISPATCH_INTERVAL_SECONDS', 2, 0, 3_600, problems) * 1000;
  if (problems.length) throw new ConfigError(problems);
  return { urls, intervalMs };
}
