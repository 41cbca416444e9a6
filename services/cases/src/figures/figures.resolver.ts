import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Access, type SubgraphContext } from '@lianxin/subgraph';
import { Org } from '../casefile/graph.types';
import { caseFigures, orgCaseStats } from './figures.service';
import { CaseFigures, CaseFiguresArgs, CaseStatsArgs } from './figures.types';

@Resolver(() => CaseFigures)
export class CaseFiguresResolver {
  @Query(() => CaseFigures, {
    nullable: true,
    description: 'Figures of the cases raised under an org (default: your own; admins must name one) in a period of months. Null for an org outside your scope',
  })
  @Access('staff', 'admin')
  caseFigures(@Ctx() ctx: SubgraphContext, @Args(() => CaseFiguresArgs) args: CaseFiguresArgs): Promise<CaseFigures | null> {
    return caseFigures(ctx, args);
  }
}

@Resolver(() => Org)
export class OrgCaseStatsResolver {
  @FieldResolver(() => CaseFigures, {
    nullable: true,
    description: 'Staff and admin: figures of the cases raised under this org in a period of months (see CaseFigures). Null for other callers and for orgs outside your scope',
  })
  caseStats(@Root() org: Org, @Ctx() ctx: SubgraphContext, @Args(() => CaseStatsArgs) args: CaseStatsArgs): Promise<CaseFigures | null> {
    return orgCaseStats(ctx, org.id, args);
  }
}

export const figuresResolvers = [CaseFiguresResolver, OrgCaseStatsResolver] as const;
