import { Arg, Ctx, Directive, Int, Query, Resolver } from 'type-graphql';
import { System, type SubgraphContext } from '@lianxin/subgraph';
import { benefitsChanges, type BenefitsChanges as Changes } from './changes.feed';
import { BenefitsChanges } from './changes.types';

/** What the gateways poll; system token only, hidden from clients. */
@Resolver()
export class ChangesResolver {
  @Query(() => BenefitsChanges, { nullable: true })
  @Directive('@inaccessible')
  @System()
  _benefitsChanges(@Ctx() ctx: SubgraphContext, @Arg('after', () => Int, { nullable: true }) after?: number | null): Promise<Changes> {
    return benefitsChanges(ctx, after);
  }
}
