import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Access, Public, System, type SubgraphContext } from '@lianxin/subgraph';
import { MembershipStatus } from '../member/member.entity';
import { OrgLevel, type OrgRow } from './org.entity';
import { childrenOf, memberCountUnder, orgById } from './org.loader';
import * as orgs from './org.service';
import { JoinTarget, Org, OrgDirectoryEntry, OrgScope, OrgSearchInput } from './org.types';

@Resolver(() => Org)
export class OrgResolver {
  @Query(() => Org, { nullable: true, description: 'An org in your scope; null when it does not exist or is outside it' })
  @Access('staff', 'admin', 'member')
  org(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID) id: string): Promise<OrgRow | null> {
    return orgById(ctx).load(id);
  }

  @Query(() => Org, { nullable: true, description: 'An org in your scope by its code' })
  @Access('staff', 'admin', 'member')
  orgByCode(@Ctx() ctx: SubgraphContext, @Arg('code') code: string): Promise<OrgRow | null> {
    return orgs.orgByCode(ctx, code);
  }

  @Query(() => [Org], { description: 'Search your scope (or a subtree of it) by name or code prefix' })
  @Access('staff', 'admin')
  orgs(@Ctx() ctx: SubgraphContext, @Arg('search', () => OrgSearchInput) search: OrgSearchInput): Promise<OrgRow[]> {
    return orgs.searchOrgs(ctx, search);
  }

  @Query(() => JoinTarget, { nullable: true, description: 'Public: where a join QR code leads' })
  @Public()
  async joinTarget(@Ctx() ctx: SubgraphContext, @Arg('joinCode') joinCode: string): Promise<JoinTarget | null> {
    const org = await orgs.joinTarget(ctx, joinCode);
    return org && { orgName: org.name, level: org.level };
  }

  @Query(() => OrgScope, { nullable: true })
  @Directive('@inaccessible')
  @System()
  _scopeAnchor(
    @Ctx() ctx: SubgraphContext,
    @Arg('orgId', () => ID, { nullable: true }) orgId?: string,
    @Arg('memberId', () => ID, { nullable: true }) memberId?: string,
  ): Promise<OrgScope | null> {
    return orgs.scopeAnchor(ctx, orgId, memberId);
  }

  @Query(() => [OrgDirectoryEntry], { description: 'For other subgraphs: path, code and level of the given orgs (missing ids are left out)' })
  @Directive('@inaccessible')
  @System()
  _orgDirectory(@Ctx() ctx: SubgraphContext, @Arg('ids', () => [ID]) ids: string[]): Promise<OrgDirectoryEntry[]> {
    return orgs.directoryEntries(ctx, ids);
  }

  @FieldResolver(() => Org, { nullable: true, description: 'Null at the top of your scope' })
  parent(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> | null {
    return org.parentId ? orgById(ctx).load(org.parentId) : null;
  }

  @FieldResolver(() => [Org])
  children(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow[]> {
    return childrenOf(ctx).load(org.id);
  }

  @FieldResolver(() => [Org], { description: 'From the top of your scope down to the parent' })
  ancestors(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow[]> {
    return orgs.ancestorsOf(ctx, org);
  }

  @FieldResolver(() => [Org], { description: 'Everything below this org, in tree order' })
  subtree(
    @Root() org: OrgRow,
    @Ctx() ctx: SubgraphContext,
    @Arg('level', () => OrgLevel, { nullable: true }) level: OrgLevel | undefined,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
  ): Promise<OrgRow[]> {
    return orgs.subtreeOf(ctx, org, level, Math.min(Math.max(first, 1), 1000));
  }

  @FieldResolver(() => Int, { description: 'Members in this subtree that you can see (default: active ones)' })
  memberCount(
    @Root() org: OrgRow,
    @Ctx() ctx: SubgraphContext,
    @Arg('status', () => MembershipStatus, { nullable: true, defaultValue: MembershipStatus.ACTIVE }) status: MembershipStatus | null,
  ): Promise<number> {
    return memberCountUnder(ctx).load({ path: org.path, status });
  }

  @FieldResolver(() => String, { nullable: true, description: 'The code printed on this org\'s join QR poster; staff and admin only' })
  joinCode(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): string | null {
    return ctx.caller.role === 'staff' || ctx.caller.role === 'admin' ? org.joinCode : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'What the join QR code encodes' })
  joinQrPayload(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): string | null {
    const code = this.joinCode(org, ctx);
    return code && `lianxin://join/${code}`;
  }
}
