import { buildSubgraph, type BuiltSubgraph } from '@lianxin/subgraph';
import { caseResolvers } from './case/case.resolver';
import { caseReferences } from './case/case.reference';
import { deadlineResolvers } from './deadline/deadline.resolver';
import { ledgerResolvers } from './ledger/ledger.resolver';
import { figuresResolvers } from './figures/figures.resolver';
import { projectResolvers } from './project/project.resolver';
import { evaluationResolvers } from './evaluation/evaluation.resolver';
import { OrgChangeResolver } from './orgchange/orgchange.resolver';
import { RollupResolver } from './rollup/rollup.resolver';
import { visitResolvers } from './visit/visit.resolver';
import { postResolvers } from './post/post.resolver';
import { menuResolvers } from './menu/menu.resolver';
import { campaignResolvers } from './campaign/campaign.resolver';
import { exportResolvers } from './export/export.resolver';

export const SUBGRAPH_NAME = 'cases';

export function buildCasesSubgraph(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    name: SUBGRAPH_NAME,
    resolvers: [...caseResolvers, ...deadlineResolvers, ...ledgerResolvers, ...figuresResolvers, ...projectResolvers, ...evaluationResolvers, ...visitResolvers, ...campaignResolvers, ...postResolvers, ...menuResolvers, ...exportResolvers, OrgChangeResolver, RollupResolver],
    references: caseReferences,
  });
}
