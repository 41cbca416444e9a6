import { testDatabases, type TestDatabase } from '@lianxin/jest-config/databases';
import type { DataSource } from 'typeorm';
import { childPath, newId, scopeOf, type Caller } from '@lianxin/auth';
import { createLogger, type OrgDirectory, type OrgInfo, type SubgraphContext, subgraphContext } from '@lianxin/subgraph';
import { openBenefitsDatabase } from '../../app';
import type { MemberFacts } from '@lianxin/members-client';

/**
 * Shared by the programme, eligibility and figures suites: a real database per engine, the
 * members subgraph's remote directories (org tree, member facts) faked in memory.
 */

export const log = createLogger('test', 'silent');

export type Engine = TestDatabase<DataSource>;

/** A real benefits database per engine of this run (the shared jest setup decides which). */
export function benefitsEngines(tag: string): Engine[] {
  return testDatabases(`benefits_${tag}`, (o) => openBenefitsDatabase({ ...o, log }));
}

/** city -> two districts -> a street each -> enterprises. */
export function orgTree() {
  const tree = new Map<string, OrgInfo>();
  const add = (level: OrgInfo['level'], parent: OrgInfo | null): OrgInfo => {
    const id = newId();
    const org: OrgInfo = { id, parentId: parent?.id ?? null, path: childPath(parent?.path ?? null, id), code: `T-${tree.size + 1}`, level, name: `${level} ${tree.size + 1}` };
    tree.set(id, org);
    return org;
  };
  const city = add('CITY', null);
  const d1 = add('DISTRICT', city);
  const d2 = add('DISTRICT', city);
  const s1 = add('STREET', d1);
  const s1b = add('STREET', d1);
  const s2 = add('STREET', d2);
  const e1 = add('ENTERPRISE', s1);
  const e2 = add('ENTERPRISE', s1);
  const e3 = add('ENTERPRISE', s2);
  const directory = {
    org: async (id: string) => tree.get(id) ?? null,
    orgs: async (ids: readonly string[]) => new Map(ids.filter((id) => tree.has(id)).map((id) => [id, tree.get(id)!])),
  } as unknown as OrgDirectory;
  return { city, d1, d2, s1, s1b, s2, e1, e2, e3, directory, tree };
}

/** The members subgraph's `_memberFacts`, in memory; counts calls so tests can prove batching. */
export class FakeFacts {
  readonly facts = new Map<string, MemberFacts>();
  calls: string[][] = [];

  add(org: OrgInfo, over: Partial<MemberFacts> = {}): MemberFacts {
    const f: MemberFacts = {
      id: newId(),
      orgId: org.id,
      orgPath: org.path,
      name: '王建国',
      status: 'ACTIVE',
      employmentType: 'REGULAR',
      modelWorker: false,
      hardshipTier: null,
      children: [],
      ...over,
    };
    this.facts.set(f.id, f);
    return f;
  }

  async get(ids: readonly string[]): Promise<Map<string, MemberFacts>> {
    this.calls.push([...ids]);
    return new Map(ids.filter((id) => this.facts.has(id)).map((id) => [id, this.facts.get(id)!]));
  }

  async one(id: string): Promise<MemberFacts | null> {
    return (await this.get([id])).get(id) ?? null;
  }

  forget(): void {}
}

export const admin: Caller = { sub: 'admin-1', role: 'admin', perms: [] };
export const staff = (org: OrgInfo): Caller => ({ sub: `staff-${org.code}`, role: 'staff', orgId: org.id, orgPath: org.path, perms: [] });
export const memberCaller = (f: MemberFacts): Caller => ({ sub: `member-${f.id}`, role: 'member', memberId: f.id, orgId: f.orgId, orgPath: f.orgPath, perms: [] });
export const partner: Caller = { sub: 'partner-1', role: 'partner', partnerId: newId(), perms: [] };

/** A fresh context per "request", as serveSubgraph builds one. */
export const contextFor =
  (get: () => DataSource, directory: OrgDirectory, facts: FakeFacts) =>
  (caller: Caller): SubgraphContext => subgraphContext({ caller, scope: scopeOf(caller), source: get(), log, orgs: directory, services: { memberFacts: facts } });

export async function code(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return (err as { extensions?: { code?: string } }).extensions?.code ?? `not a domain error: ${String(err)}`;
  }
  throw new Error('expected the call to fail');
}

/** Today in Beijing plus n days, YYYY-MM-DD. */
export const beijingDay = (n = 0, from = new Date()): string => new Date(from.getTime() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
