import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Access, type SubgraphContext } from '@lianxin/subgraph';
import { Org } from '../graph.types';
import { MAX_UPTAKE_MONTHS, programmeUptake, uptakeByMonth, uptakeByOrg } from './figures.service';
import { ChildAllocationFigure, OrgUptake, ProgrammeUptake, VoucherMonth } from './figures.types';

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

  @FieldResolver(() => [VoucherMonth], {
    description: `Vouchers by the month they were issued in (China time), with where they are now: from the programme's first month to its last or the current one, at most the latest ${MAX_UPTAKE_MONTHS}`,
  })
  monthly(@Root() u: ProgrammeUptake, @Ctx() ctx: SubgraphContext): Promise<VoucherMonth[]> {
    return uptakeByMonth(ctx, u);
  }

  @FieldResolver(() => [OrgUptake], {
    description: 'Per union directly under the counted one (and the counted union itself, for records made at it), in tree order: vouchers, aid and care. Unions with nothing recorded are left out',
  })
  byOrg(@Root() u: ProgrammeUptake, @Ctx() ctx: SubgraphContext): Promise<OrgUptake[]> {
    return uptakeByOrg(ctx, u);
  }
}

@Resolver(() => OrgUptake)
export class OrgUptakeResolver {
  @FieldResolver(() => Org, { description: 'The union' })
  org(@Root() f: OrgUptake): Org {
    return { id: f.orgId };
  }
}

@Resolver(() => ChildAllocationFigure)
export class ChildAllocationFigureResolver {
  @FieldResolver(() => Org, { description: 'The child union' })
  org(@Root() f: ChildAllocationFigure): Org {
    return { id: f.orgId };
  }
}

export const figuresResolvers = [FiguresResolver, ChildAllocationFigureResolver, OrgUptakeResolver] as const;
