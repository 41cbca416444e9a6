import { newId } from '@lianxin/auth';
import type { MemberFacts, MemberFactsSource } from '@lianxin/members-client';
import type { OrgInfo } from '@lianxin/subgraph';
import type { FakeOrgDirectory } from './tree';

/**
 * The members subgraph's `_memberFacts`, in memory, as the real MemberFactsSource. Counts
 * calls (to prove batching) and forgets (to prove a decision was taken on fresh facts).
 */
export class FakeMemberFacts implements MemberFactsSource {
  readonly facts = new Map<string, MemberFacts>();
  /** The ids of each get() call, in order. */
  calls: string[][] = [];
  /** The ids passed to forget(), in order. */
  readonly forgotten: string[] = [];

  /** @param directory when given, each member added is placed there too (for OrgDirectory.memberOrg). */
  constructor(private readonly directory?: FakeOrgDirectory) {}

  /** A member of `org`: an active regular worker with no children, unless `over` says otherwise. */
  add(org: Pick<OrgInfo, 'id' | 'path'>, over: Partial<MemberFacts> = {}): MemberFacts {
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
    this.directory?.place(f.id, { id: f.orgId, path: f.orgPath });
    return f;
  }

  async get(ids: readonly string[]): Promise<Map<string, MemberFacts>> {
    this.calls.push([...ids]);
    return new Map(ids.flatMap((id) => (this.facts.has(id) ? [[id, this.facts.get(id)!] as const] : [])));
  }

  async one(id: string): Promise<MemberFacts | null> {
    return (await this.get([id])).get(id) ?? null;
  }

  forget(id: string): void {
    this.forgotten.push(id);
  }
}
