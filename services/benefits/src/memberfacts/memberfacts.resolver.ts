import { Args, Ctx, Directive, Mutation, Query, Resolver } from 'type-graphql';
import { MemberChangeArgs } from '@lianxin/members-client';
import { System, type SubgraphContext } from '@lianxin/subgraph';
import { copySize, memberFactsReplica } from './memberfacts.replica';
import { MemberFactsFeed } from './memberfacts.types';

/** What members calls when member facts change, and what a probe reads of the copy; system token only, hidden from clients. */
@Resolver()
export class MemberFactsResolver {
  @Mutation(() => Boolean, { nullable: true, description: 'Internal: apply a member.changed event from members; false when it had been applied before' })
  @Directive('@inaccessible')
  @System()
  _applyMemberChange(@Ctx() ctx: SubgraphContext, @Args(() => MemberChangeArgs) change: MemberChangeArgs): Promise<boolean> {
    return memberFactsReplica(ctx).apply(change);
  }

  @Query(() => MemberFactsFeed, { nullable: true, description: 'Internal: the lag and size of the copy of member facts' })
  @Directive('@inaccessible')
  @System()
  async _memberFactsFeed(@Ctx() ctx: SubgraphContext): Promise<MemberFactsFeed> {
    const replica = memberFactsReplica(ctx);
    return { mode: replica.mode, rows: await copySize(replica.database), ...replica.stats() };
  }
}
