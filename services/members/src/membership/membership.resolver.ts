import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, IDEMPOTENCY_KEY_ARG, Public, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { OrgRow } from '../org/org.entity';
import { orgById } from '../org/org.loader';
import { Org } from '../org/org.types';
import type { MemberRow } from '../member/member.entity';
import { memberById } from '../member/member.loader';
import { Member } from '../member/member.types';
import { maskIdNumber, maskPhone } from '../member/member.validation';
import type { JoinApplicationRow, MemberStatusEventRow, TransferRow } from './membership.entity';
import { statusHistoryOf, transfersOfMember } from './membership.loader';
import * as joins from './join.service';
import * as memberStatus from './status.service';
import * as transfers from './transfer.service';
import { joinStats } from './join-stats';
import {
  ChangeMemberStatusArgs,
  JoinApplication,
  JoinApplicationConnection,
  JoinApplicationInput,
  JoinApplicationReceipt,
  JoinApplicationsArgs,
  JoinBucket,
  JoinStatsArgs,
  MemberStatusEvent,
  RejectApplicationArgs,
  RequestTransferArgs,
  ReturnTransferArgs,
  Transfer,
  TransferConnection,
  TransfersArgs,
} from './membership.types';

const isStaff = (ctx: SubgraphContext): boolean => ctx.caller.role === 'staff' || ctx.caller.role === 'admin';

@Resolver(() => JoinApplication)
export class JoinApplicationResolver {
  @Mutation(() => JoinApplicationReceipt, { nullable: true, description: 'Public: apply to join the union whose QR code was scanned (扫码入会); staff of that union confirm it' })
  @Public()
  applyToJoin(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => JoinApplicationInput, { description: 'The join code and the applicant\'s details' }) input: JoinApplicationInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<JoinApplicationReceipt> {
    return joins.applyToJoin(ctx, input, idempotencyKey);
  }

  @Mutation(() => Member, { nullable: true, description: 'Confirm a pending application in your scope: creates the member' })
  @Access('staff', 'admin')
  approveJoinApplication(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The PENDING application to approve' }) id: string): Promise<MemberRow> {
    return joins.approveApplication(ctx, id);
  }

  @Mutation(() => JoinApplication, { nullable: true, description: 'Turn down a pending application in your scope, with a reason' })
  @Access('staff', 'admin')
  rejectJoinApplication(@Ctx() ctx: SubgraphContext, @Args(() => RejectApplicationArgs) args: RejectApplicationArgs): Promise<JoinApplicationRow> {
    return joins.rejectApplication(ctx, args.id, args.reason);
  }

  @Query(() => JoinApplicationConnection, { nullable: true, description: 'Join applications to orgs in your scope, in org-tree order' })
  @Access('staff', 'admin')
  joinApplications(@Ctx() ctx: SubgraphContext, @Args(() => JoinApplicationsArgs) args: JoinApplicationsArgs) {
    return joins.listApplications(ctx, args);
  }

  @FieldResolver(() => String, { description: 'Masked (110101********1234); the full number is visible on the member once approved' })
  idNumber(@Root() a: JoinApplicationRow): string {
    return maskIdNumber(a.idNumber);
  }

  @FieldResolver(() => String, { description: 'Masked (138****5678)' })
  phone(@Root() a: JoinApplicationRow): string {
    return maskPhone(a.phone);
  }

  @FieldResolver(() => Org, { nullable: true, description: 'The union applied to' })
  org(@Root() a: JoinApplicationRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> {
    return orgById(ctx).load(a.orgId);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member created on approval; null before, or when not visible to you' })
  member(@Root() a: JoinApplicationRow, @Ctx() ctx: SubgraphContext): Promise<MemberRow | null> | null {
    return a.memberId ? memberById(ctx).load(a.memberId) : null;
  }
}

@Resolver(() => Transfer)
export class TransferResolver {
  @Mutation(() => Transfer, { nullable: true, description: 'Start moving a member in your scope to another enterprise union; the member is TRANSFERRING until that union decides' })
  @Access('staff', 'admin')
  requestTransfer(@Ctx() ctx: SubgraphContext, @Args(() => RequestTransferArgs) args: RequestTransferArgs): Promise<TransferRow> {
    return transfers.requestTransfer(ctx, args);
  }

  @Mutation(() => Transfer, {
    nullable: true,
    description: 'Members: ask to move your own membership to the enterprise union whose join code (on its QR poster) you give; you are TRANSFERRING until that union accepts or returns it',
  })
  @Access('member')
  requestMyTransfer(
    @Ctx() ctx: SubgraphContext,
    @Arg('joinCode', { description: 'The code printed under the receiving union\'s join QR poster' }) joinCode: string,
    @Arg('reason', { description: 'Why you are moving, 1-200 characters (e.g. a new employer)' }) reason: string,
  ): Promise<TransferRow> {
    return transfers.requestOwnTransfer(ctx, joinCode, reason);
  }

  @Mutation(() => Transfer, { nullable: true, description: 'Receiving side: take the member on; they move into your union' })
  @Access('staff', 'admin')
  acceptTransfer(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The REQUESTED transfer into your subtree' }) id: string): Promise<TransferRow> {
    return transfers.acceptTransfer(ctx, id);
  }

  @Mutation(() => Transfer, { nullable: true, description: 'Receiving side: send the transfer back, with a reason; the member stays where they were' })
  @Access('staff', 'admin')
  returnTransfer(@Ctx() ctx: SubgraphContext, @Args(() => ReturnTransferArgs) args: ReturnTransferArgs): Promise<TransferRow> {
    return transfers.returnTransfer(ctx, args.id, args.reason);
  }

  @Query(() => TransferConnection, { nullable: true, description: 'Transfers into or out of your scope, newest first' })
  @Access('staff', 'admin')
  transfers(@Ctx() ctx: SubgraphContext, @Args(() => TransfersArgs) args: TransfersArgs): Promise<Page<TransferRow>> {
    return transfers.listTransfers(ctx, args);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'Null while the member is outside your scope (e.g. before you accept the transfer)' })
  member(@Root() t: TransferRow, @Ctx() ctx: SubgraphContext): Promise<MemberRow | null> {
    return memberById(ctx).load(t.memberId);
  }

  @FieldResolver(() => Org, { nullable: true, description: 'Null when outside your scope' })
  fromOrg(@Root() t: TransferRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> {
    return orgById(ctx).load(t.fromOrgId);
  }

  @FieldResolver(() => Org, { nullable: true, description: 'Null when outside your scope' })
  toOrg(@Root() t: TransferRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> {
    return orgById(ctx).load(t.toOrgId);
  }
}

/** Membership fields and the status mutation, contributed to the Member type from this module. */
@Resolver(() => Member)
export class MemberMembershipResolver {
  @Mutation(() => Member, { nullable: true, description: 'Set a membership ACTIVE, RETAINED or LEFT (reason required for the last two)' })
  @Access('staff', 'admin')
  changeMemberStatus(@Ctx() ctx: SubgraphContext, @Args(() => ChangeMemberStatusArgs) args: ChangeMemberStatusArgs): Promise<MemberRow> {
    return memberStatus.changeMemberStatus(ctx, args);
  }

  @FieldResolver(() => [MemberStatusEvent], { description: 'Every status change, oldest first, including those recorded under earlier orgs' })
  statusHistory(@Root() m: MemberRow, @Ctx() ctx: SubgraphContext): Promise<MemberStatusEventRow[]> {
    return statusHistoryOf(ctx).load(m.id);
  }

  @FieldResolver(() => [Transfer], { description: 'Every transfer of this member, oldest first' })
  transfers(@Root() m: MemberRow, @Ctx() ctx: SubgraphContext): Promise<TransferRow[]> {
    return transfersOfMember(ctx).load(m.id);
  }
}

@Resolver(() => MemberStatusEvent)
export class MemberStatusEventResolver {
  @FieldResolver(() => String, { nullable: true, description: 'The account that made the change; staff and admin only' })
  actor(@Root() e: MemberStatusEventRow, @Ctx() ctx: SubgraphContext): string | null {
    return isStaff(ctx) ? e.actorSub : null;
  }
}

@Resolver()
export class JoinStatsResolver {
  @Query(() => [JoinBucket], { nullable: true, description: 'Joins per day, ISO week or month in an org subtree, zero buckets included (日过百、周过千、月达万)' })
  @Access('staff', 'admin')
  joinStats(@Ctx() ctx: SubgraphContext, @Args(() => JoinStatsArgs) args: JoinStatsArgs): Promise<JoinBucket[]> {
    return joinStats(ctx, args);
  }
}
