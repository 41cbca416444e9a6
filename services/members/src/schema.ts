import { buildSubgraph, type BuiltSubgraph } from '@lianxin/subgraph';
import { OrgResolver } from './org/org.resolver';
import { orgReference } from './org/org.reference';
import { MemberResolver } from './member/member.resolver';
import { memberReference } from './member/member.reference';

export const SUBGRAPH_NAME = 'members';

export function buildMembersSubgraph(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    name: SUBGRAPH_NAME,
    resolvers: [OrgResolver, MemberResolver],
    references: { ...orgReference, ...memberReference },
  });
}
