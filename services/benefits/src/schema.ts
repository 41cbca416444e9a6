import { buildSubgraph, type BuiltSubgraph } from '@lianxin/subgraph';
import { programmeResolvers } from './programme/programme.resolver';
import { programmeReferences } from './programme/programme.reference';
import { eligibilityResolvers } from './eligibility/eligibility.resolver';
import { voucherResolvers } from './voucher/voucher.resolver';
import { partnerResolvers } from './partner/partner.resolver';
import { careResolvers } from './care/care.resolver';
import { aidResolvers } from './aid/aid.resolver';
import { figuresResolvers } from './figures/figures.resolver';
import { OrgChangeResolver } from './orgchange/orgchange.resolver';
import { MemberFactsResolver } from './memberfacts/memberfacts.resolver';
import { ChangesResolver } from './changes/changes.resolver';
import { Case, Member, Org } from './graph.types';

export const SUBGRAPH_NAME = 'benefits';

export function buildBenefitsSubgraph(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    name: SUBGRAPH_NAME,
    resolvers: [
      ...programmeResolvers, ...eligibilityResolvers, ...voucherResolvers, ...partnerResolvers, ...careResolvers, ...aidResolvers, ...figuresResolvers, OrgChangeResolver, MemberFactsResolver, ChangesResolver,
    ],
    // Member, Org and Case are referenced by several modules; listing them keeps them in the schema whichever modules use them.
    orphanedTypes: [Member, Org, Case],
    references: {
      ...programmeReferences,
      Member: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
      Org: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
      Case: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    },
  });
}
