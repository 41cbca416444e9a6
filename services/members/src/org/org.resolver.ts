import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Access, PageArgs, Public, System, type Page, type SubgraphContext } from '@lianxin/subgraph';
import { MembershipStatus } from '../member/member.entity';
import { OrgLevel, type OrgRow } from './org.entity';
import { childrenOf, memberCountUnder, orgById } from './org.loader';
import * as orgs from './org.service';
import { JoinTarget, Org, OrgConnection, OrgDirectoryEntry, OrgScope, OrgSearchInput } from './org.types';

@Resolver(() => Org)
export class OrgResolver {
  @Query(() => Org, { nullable: true, description: 'An org in your scope; null when it does not exist or is outside it' })
  @Access('staff', 'admin', 'member')
  org(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: "The org's id" }) id: string): Promise<OrgRow | null> {
    return orgById(ctx).load(id);
  }

  @Query(() => Org, { nullable: true, description: 'An org in your scope by its code' })
  @Access('staff', 'admin', 'member')
  orgByCode(@Ctx() ctx: SubgraphContext, @Arg('code', { description: 'The org code, e.g. LJ-03-07-0042' }) code: string): Promise<OrgRow | null> {
    return orgs.orgByCode(ctx, code);
  }

  @Query(() => [Org], { nullable: true, description: 'Search your scope (or a subtree of it) by name or code prefix' })
  @Access('staff', 'admin')
  orgs(@Ctx() ctx: SubgraphContext, @Arg('search', () => OrgSearchInput, { description: 'Where to look, what to match and how many to return' }) search: OrgSearchInput): Promise<OrgRow[]> {
    return orgs.searchOrgs(ctx, search);
  }

  @Query(() => JoinTarget, { nullable: true, description: 'Public: where a join QR code leads' })
  @Public()
  async joinTarget(@Ctx() ctx: SubgraphContext, @Arg('joinCode', { description: "The code printed under the org's join QR poster" }) joinCode: string): Promise<JoinTarget | null> {
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

  @Query(() => [OrgDirectoryEntry], { description: 'For other subgraphs: path, code and level of the given orgs, by id or by code (missing ones are left out)' })
  @Directive('@inaccessible')
  @System()
  _orgDirectory(
    @Ctx() ctx: SubgraphContext,
    @Arg('ids', () => [ID], { defaultValue: [] }) ids: string[],
    @Arg('codes', () => [String], { defaultValue: [] }) codes: string[],
  ): Promise<OrgDirectoryEntry[]> {
    return orgs.directoryEntries(ctx, ids, codes);
  }

  @FieldResolver(() => Org, { nullable: true, description: 'Null at the top of your scope' })
  parent(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> | null {
    return org.parentId ? orgById(ctx).load(org.parentId) : null;
  }

  @FieldResolver(() => [Org], { description: 'The orgs directly under this one, e.g. the streets of a district' })
  children(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow[]> {
    return childrenOf(ctx).load(org.id);
  }

  @FieldResolver(() => [Org], { description: 'From the top of your scope down to the parent' })
  ancestors(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow[]> {
    return orgs.ancestorsOf(ctx, org);
  }

  @FieldResolver(() => OrgConnection, { description: 'Everything below this org that you can see, in tree order' })
  subtree(
    @Root() org: OrgRow,
    @Ctx() ctx: SubgraphContext,
    @Arg('level', () => OrgLevel, { nullable: true, description: 'Only orgs at this level (e.g. ENTERPRISE); every level when omitted' }) level: OrgLevel | undefined,
    @Args(() => PageArgs) { first, after }: PageArgs,
  ): Promise<Page<OrgRow>> {
    return orgs.subtreeOf(ctx, org, level, first, after);
  }

  @FieldResolver(() => Int, { description: 'Members in this subtree that you can see (default: active ones)' })
  memberCount(
    @Root() org: OrgRow,
    @Ctx() ctx: SubgraphContext,
    @Arg('status', () => MembershipStatus, { nullable: true, defaultValue: MembershipStatus.ACTIVE, description: 'Count members in this status (default ACTIVE); null counts every status' }) status: MembershipStatus | null,
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
