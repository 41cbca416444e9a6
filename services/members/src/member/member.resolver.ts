import { Arg, Args, Ctx, Directive, FieldResolver, GraphQLISODateTime, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { MEMBER_CHANGE_TOPIC } from '@lianxin/members-client';
import { oldestUndelivered } from '@lianxin/outbox';
import { Access, IDEMPOTENCY_KEY_ARG, PageArgs, System, unscoped, type SubgraphContext } from '@lianxin/subgraph';
import type { OrgRow } from '../org/org.entity';
import { orgById } from '../org/org.loader';
import { Org } from '../org/org.types';
import type { MemberChildRow, MemberRow } from './member.entity';
import { childrenOfMember, memberById } from './member.loader';
import * as members from './member.service';
import { ChildInput, EnrolMemberInput, Member, MemberChild, MemberConnection, MemberFacts, MemberFilter, UpdateMemberInput } from './member.types';

@Resolver(() => Member)
export class MemberResolver {
  @Query(() => Member, { nullable: true, description: 'A member in your scope; null when missing or outside it' })
  @Access('staff', 'admin', 'member')
  member(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: "The member's id" }) id: string): Promise<MemberRow | null> {
    return memberById(ctx).load(id);
  }

  @Query(() => Member, { nullable: true, description: 'The signed-in member' })
  @Access('member')
  me(@Ctx() ctx: SubgraphContext): Promise<MemberRow | null> {
    return memberById(ctx).load(ctx.caller.memberId!);
  }

  @Query(() => MemberConnection, { nullable: true, description: 'Members in your scope, in org-tree order' })
  @Access('staff', 'admin')
  members(
    @Ctx() ctx: SubgraphContext,
    @Arg('filter', () => MemberFilter, { defaultValue: {}, description: 'Which members: org, status, employment type, name prefix, or an exact ID number or phone (default: all you can see)' }) filter: MemberFilter,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return members.listMembers(ctx, filter, page);
  }

  @Mutation(() => Member, { nullable: true, description: 'Enrol a member into an enterprise union in your scope' })
  @Access('staff', 'admin')
  enrolMember(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => EnrolMemberInput, { description: 'The worker to enrol and the org they join' }) input: EnrolMemberInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<MemberRow> {
    return members.enrolMember(ctx, input, idempotencyKey);
  }

  @Mutation(() => Member, { nullable: true, description: 'Change contact, employment or model-worker details (hardship is kept in the hardship register: openHardshipFile and what follows)' })
  @Access('staff', 'admin')
  updateMember(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The member to change (in your scope)' }) id: string,
    @Arg('input', () => UpdateMemberInput, { description: 'The changes, with the version you read' }) input: UpdateMemberInput,
  ): Promise<MemberRow> {
    return members.updateMember(ctx, id, input);
  }

  @Mutation(() => MemberChild, { nullable: true, description: 'Record a child of a member, for education aid' })
  @Access('staff', 'admin')
  addMemberChild(
    @Ctx() ctx: SubgraphContext,
    @Arg('memberId', () => ID, { description: 'The member (in your scope) whose child to record' }) memberId: string,
    @Arg('input', () => ChildInput, { description: 'The child' }) input: ChildInput,
  ): Promise<MemberChildRow> {
    return members.addChild(ctx, memberId, input);
  }

  @Query(() => [MemberFacts], { description: 'For the benefits subgraph: eligibility facts of the given members (missing ids are left out)' })
  @Directive('@inaccessible')
  @System()
  _memberFacts(@Ctx() ctx: SubgraphContext, @Arg('ids', () => [ID]) ids: string[]) {
    return members.memberFacts(ctx, ids);
  }

  @Query(() => [MemberFacts], { description: 'For the benefits subgraph: every member\'s eligibility facts in id order, to fill its copy' })
  @Directive('@inaccessible')
  @System()
  _memberFactsPage(@Ctx() ctx: SubgraphContext, @Arg('afterId', () => ID, { nullable: true }) afterId: string | null, @Arg('size', () => Int) size: number) {
    return members.memberFactsPage(ctx, afterId ?? null, size);
  }

  @Query(() => GraphQLISODateTime, {
    nullable: true,
    description: "For the benefits subgraph: when the oldest member.changed not yet delivered to it was written (null: none waiting), so its copy notices a feed that stopped",
  })
  @Directive('@inaccessible')
  @System()
  _memberFeedBacklog(@Ctx() ctx: SubgraphContext): Promise<Date | null> {
    return oldestUndelivered(unscoped(ctx, 'system: the outbox holds no member data, only when events were written').manager, MEMBER_CHANGE_TOPIC);
  }

  @FieldResolver(() => String, { description: 'Masked (110101********1234) unless reveal is true and you may see it; full reads are audited' })
  idNumber(@Root() m: MemberRow, @Ctx() ctx: SubgraphContext, @Arg('reveal', { defaultValue: false, description: 'Ask for the full value: granted to admins, staff holding pii:read for members in their scope, and the member themself; each full read is audited' }) reveal: boolean): Promise<string> {
    return members.personalField(ctx, m, 'idNumber', reveal);
  }

  @FieldResolver(() => String, { description: 'Masked (138****5678) unless reveal is true and you may see it; full reads are audited' })
  phone(@Root() m: MemberRow, @Ctx() ctx: SubgraphContext, @Arg('reveal', { defaultValue: false, description: 'Ask for the full value: granted to admins, staff holding pii:read for members in their scope, and the member themself; each full read is audited' }) reveal: boolean): Promise<string> {
    return members.personalField(ctx, m, 'phone', reveal);
  }

  @FieldResolver(() => Org, { nullable: true, description: 'The member\'s enterprise union' })
  org(@Root() m: MemberRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> {
    return orgById(ctx).load(m.orgId);
  }

  @FieldResolver(() => [MemberChild], { description: 'Children recorded for education aid' })
  children(@Root() m: MemberRow, @Ctx() ctx: SubgraphContext): Promise<MemberChildRow[]> {
    return childrenOfMember(ctx).load(m.id);
  }
}
