import { Args, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { OrgChangeArgs } from '@lianxin/members-client';
import { System, unscoped, type SubgraphContext } from '@lianxin/subgraph';
import { applyOrgChange } from './orgchange.service';

/** What members calls when the org tree changes; system token only, hidden from clients. */
@Resolver()
export class OrgChangeResolver {
  @Mutation(() => Boolean, { nullable: true, description: 'Internal: apply an org.changed event from members; false when it had been applied before' })
  // Cases and benefits both take it; members calls each subgraph directly, never through the gateway.
  @Directive('@shareable')
  @Directive('@inaccessible')
  @System()
  async _applyOrgChange(@Ctx() ctx: SubgraphContext, @Args(() => OrgChangeArgs) change: OrgChangeArgs): Promise<boolean> {
    const applied = await applyOrgChange(unscoped(ctx, 'system: members reports a change of the org tree; every copy of a path follows'), change);
    // Paths remembered from before would file new vouchers and programmes in the old place.
    ctx.orgs?.forget?.();
    return applied;
  }
}
