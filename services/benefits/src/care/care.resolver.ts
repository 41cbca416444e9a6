import { Arg, Args, Ctx, FieldResolver, Float, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, afterId, encodeIdCursor, IDEMPOTENCY_KEY_ARG, PageArgs, pageOf, type Page, type SubgraphContext } from '@lianxin/subgraph';
import { Member, Org } from '../graph.types';
import { programmeById } from '../programme/programme.loader';
import { Programme } from '../programme/programme.types';
import type { ProgrammeRow } from '../programme/programme.entity';
import type { CareBatchRow, CareVisitRow } from './care.entity';
import { careBatchById, spendingOf, visitsOfBatch, type Spending } from './care.loader';
import * as care from './care.service';
import { CareBatch, CareBatchConnection, CareBatchesArgs, CareVisit, CareVisitConnection, CreateCareBatchInput, OrgSpending, RecordCareVisitInput } from './care.types';

@Resolver(() => CareBatch)
export class CareBatchResolver {
  @Query(() => CareBatch, { nullable: true, description: 'A care batch run in your subtree or above your union; null when missing or out of scope' })
  @Access('staff', 'admin')
  careBatch(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The batch\'s id' }) id: string): Promise<CareBatchRow | null> {
    return care.getCareBatch(ctx, id);
  }

  @Query(() => CareBatchConnection, { nullable: true, description: 'Care batches you can see: run in your subtree, or above your union and covering it; in org-tree order' })
  @Access('staff', 'admin')
  careBatches(@Ctx() ctx: SubgraphContext, @Args(() => CareBatchesArgs) args: CareBatchesArgs): Promise<care.CareBatchPage> {
    return care.listCareBatches(ctx, args);
  }

  @Mutation(() => CareBatch, { nullable: true, description: 'Start a care-visit or gift batch (慰问/送清凉) run by a union in your scope' })
  @Access('staff', 'admin')
  createCareBatch(@Ctx() ctx: SubgraphContext, @Arg('input', () => CreateCareBatchInput, { description: 'The batch, its budget and its dates' }) input: CreateCareBatchInput): Promise<CareBatchRow> {
    return care.createCareBatch(ctx, input);
  }

  @FieldResolver(() => Float, { description: 'Budget not yet spent, in fen' })
  remainingCents(@Root() b: CareBatchRow): number {
    return b.budgetCents - b.spentCents;
  }

  @FieldResolver(() => Org, { description: 'The union running the batch' })
  org(@Root() b: CareBatchRow): Org {
    return { id: b.orgId };
  }

  @FieldResolver(() => Programme, { nullable: true, description: 'The programme funding the batch, if any and if you can see it' })
  programme(@Root() b: CareBatchRow, @Ctx() ctx: SubgraphContext): Promise<ProgrammeRow | null> | null {
    return b.programmeId ? programmeById(ctx).load(b.programmeId) : null;
  }

  @FieldResolver(() => CareVisitConnection, { description: 'Visits made in your subtree, newest first' })
  async visits(
    @Root() b: CareBatchRow,
    @Ctx() ctx: SubgraphContext,
    @Args(() => PageArgs) { first, after }: PageArgs,
  ): Promise<Page<CareVisitRow>> {
    const rows = await visitsOfBatch(ctx).load({ batchId: b.id, first: first + 1, after: afterId(after) });
    return pageOf(rows, first, (v) => encodeIdCursor(v.id));
  }

  @FieldResolver(() => [OrgSpending], {
    description: 'Visits and spending per union directly under the batch\'s union (under yours, when the batch is run above you); visits made by that union itself count under it. Only spending in your subtree.',
  })
  spendingByOrg(@Root() b: CareBatchRow, @Ctx() ctx: SubgraphContext): Promise<Spending[]> {
    return spendingOf(ctx).load(b);
  }
}

@Resolver(() => CareVisit)
export class CareVisitResolver {
  @Mutation(() => CareVisit, {
    nullable: true,
    description: 'Record a visit in a batch and spend its cost from the batch budget; refused with BUDGET_EXCEEDED (nothing recorded) when it does not fit',
  })
  @Access('staff', 'admin')
  recordCareVisit(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => RecordCareVisitInput, { description: 'The visit: batch, member, what was given and its cost' }) input: RecordCareVisitInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<CareVisitRow> {
    return care.recordCareVisit(ctx, input, new Date(), idempotencyKey);
  }

  @FieldResolver(() => CareBatch, { nullable: true, description: 'The batch the visit was made in; null if you cannot see it' })
  batch(@Root() v: CareVisitRow, @Ctx() ctx: SubgraphContext): Promise<CareBatchRow | null> {
    return careBatchById(ctx).load(v.batchId);
  }

  @FieldResolver(() => Member, { description: 'Who was visited' })
  member(@Root() v: CareVisitRow): Member {
    return { id: v.memberId };
  }

  @FieldResolver(() => Org, { description: 'The union that made the visit' })
  org(@Root() v: CareVisitRow): Org {
    return { id: v.orgId };
  }
}

@Resolver(() => OrgSpending)
export class OrgSpendingResolver {
  @FieldResolver(() => Org, { description: 'The union whose subtree this line counts' })
  org(@Root() s: Spending): Org {
    return { id: s.orgId };
  }
}

export const careResolvers = [CareBatchResolver, CareVisitResolver, OrgSpendingResolver] as const;
