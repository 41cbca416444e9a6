import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Access, type SubgraphContext } from '@lianxin/subgraph';
import { Org } from '../graph.types';
import { programmeUptake } from './figures.service';
import { ChildAllocationFigure, ProgrammeUptake } from './figures.types';

@Resolver(() => ProgrammeUptake)
export class FiguresResolver {
  @Query(() => ProgrammeUptake, {
    nullable: true,
    description:
      'Uptake of a programme under a union in your scope (default: your own union, or the programme\'s owner when it runs below you). Null for a programme or union you cannot see.',
  })
  @Access('staff', 'admin')
  programmeUptake(
    @Ctx() ctx: SubgraphContext,
    @Arg('programmeId', () => ID, { description: 'The programme to count' }) programmeId: string,
    @Arg('orgId', () => ID, { nullable: true, description: 'The union whose subtree to count (default: your own; admins must name one)' }) orgId?: string | null,
  ): Promise<ProgrammeUptake | null> {
    return programmeUptake(ctx, programmeId, orgId);
  }

  @FieldResolver(() => Org, { description: 'The union whose subtree was counted' })
  org(@Root() u: ProgrammeUptake): Org {
    return { id: u.orgId };
  }
}

@Resolver(() => ChildAllocationFigure)
export class ChildAllocationFigureResolver {
  @FieldResolver(() => Org, { description: 'The child union' })
  org(@Root() f: ChildAllocationFigure): Org {
    return { id: f.orgId };
  }
}

export const figuresResolvers = [FiguresResolver, ChildAllocationFigureResolver] as const;
