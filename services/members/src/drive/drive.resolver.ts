import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, IDEMPOTENCY_KEY_ARG, Public, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { OrgRow } from '../org/org.entity';
import { orgById } from '../org/org.loader';
import { Org } from '../org/org.types';
import { JoinApplicationReceipt } from '../membership/membership.types';
import type { JoinDriveRow, JoinDriveTargetRow } from './drive.entity';
import { driveById, targetsOfDrive } from './drive.loader';
import * as drives from './drive.service';
import { joinDriveDaily, joinDriveFigures } from './drive.figures';
import {
  CreateJoinDriveInput, DriveJoinForm, DriveJoinInput, JoinDrive, JoinDriveConnection, JoinDriveDailyArgs, JoinDriveDay, JoinDriveFigures, JoinDriveFiguresArgs,
  JoinDriveOrgFigures, JoinDrivesArgs, JoinDriveTarget, SetJoinDriveTargetsArgs,
} from './drive.types';

@Resolver(() => JoinDrive)
export class JoinDriveResolver {
  @Query(() => JoinDriveConnection, { nullable: true, description: 'Join drives (扫码入会) you take part in or oversee: your org\'s, those above it and those under it, in org-tree order' })
  @Access('staff', 'admin')
  joinDrives(@Ctx() ctx: SubgraphContext, @Args(() => JoinDrivesArgs) args: JoinDrivesArgs): Promise<Page<JoinDriveRow>> {
    return drives.listJoinDrives(ctx, args);
  }

  @Query(() => JoinDrive, { nullable: true, description: 'A join drive you see; null when missing or not yours to see' })
  @Access('staff', 'admin')
  joinDrive(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The drive\'s id' }) id: string): Promise<JoinDriveRow | null> {
    return drives.getJoinDrive(ctx, id);
  }

  @Query(() => JoinDriveFigures, { nullable: true, description: 'A drive\'s progress on a day: the sub-orgs you see against their day, week and month targets, ranked (排行榜), split by employment type. Null for a drive or org you do not see' })
  @Access('staff', 'admin')
  joinDriveFigures(@Ctx() ctx: SubgraphContext, @Args(() => JoinDriveFiguresArgs) args: JoinDriveFiguresArgs): Promise<JoinDriveFigures | null> {
    return joinDriveFigures(ctx, args);
  }

  @Query(() => [JoinDriveDay], { nullable: true, description: 'A drive\'s daily curve: joins per China day of the part you see, against the summed day targets. Null for a drive or org you do not see' })
  @Access('staff', 'admin')
  joinDriveDaily(@Ctx() ctx: SubgraphContext, @Args(() => JoinDriveDailyArgs) args: JoinDriveDailyArgs): Promise<JoinDriveDay[] | null> {
    return joinDriveDaily(ctx, args);
  }

  @Mutation(() => JoinDrive, { nullable: true, description: 'Start a join drive of your own org (a street, district or city union), with day, week and month targets for its direct sub-orgs' })
  @Access('staff', 'admin')
  createJoinDrive(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => CreateJoinDriveInput, { description: 'The drive' }) input: CreateJoinDriveInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<JoinDriveRow> {
    return drives.createJoinDrive(ctx, input, idempotencyKey);
  }

  @Mutation(() => JoinDrive, { nullable: true, description: 'Replace the sub-orgs\' targets of a drive of your own org, on the version you read' })
  @Access('staff', 'admin')
  setJoinDriveTargets(@Ctx() ctx: SubgraphContext, @Args(() => SetJoinDriveTargetsArgs) args: SetJoinDriveTargetsArgs): Promise<JoinDriveRow> {
    return drives.setJoinDriveTargets(ctx, args);
  }

  @Query(() => DriveJoinForm, { nullable: true, description: 'Public: the join form behind a drive\'s QR code (扫码入会): the drive, the union whose poster it is and the unions to join under it' })
  @Public()
  driveJoinForm(
    @Ctx() ctx: SubgraphContext,
    @Arg('code', { description: 'The QR payload as scanned (lianxin://j/…)' }) code: string,
    @Arg('search', () => String, { nullable: true, description: 'Part of the union\'s name, to find yours among many' }) search?: string | null,
  ): Promise<DriveJoinForm> {
    return drives.driveJoinForm(ctx, code, search);
  }

  @Mutation(() => JoinApplicationReceipt, { nullable: true, description: 'Public: apply to join through a drive\'s QR code; the application goes to the union chosen on the form and counts for the drive and the poster\'s union' })
  @Public()
  joinThroughDrive(
    @Ctx() ctx: SubgraphContext,
    @Arg('code', { description: 'The QR payload as scanned (lianxin://j/…)' }) code: string,
    @Arg('input', () => DriveJoinInput, { description: 'The union chosen and the applicant\'s details' }) input: DriveJoinInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<JoinApplicationReceipt> {
    return drives.joinThroughDrive(ctx, code, input, idempotencyKey);
  }

  @FieldResolver(() => Org, { nullable: true, description: 'The org that runs the drive; null when outside your scope (a sub-org\'s staff see the drive, not the org above)' })
  org(@Root() d: JoinDriveRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> {
    return orgById(ctx).load(d.orgId);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may change it: its own org\'s staff and admins' })
  canManage(@Root() d: JoinDriveRow, @Ctx() ctx: SubgraphContext): boolean {
    return ctx.caller.role === 'admin' || (ctx.caller.role === 'staff' && ctx.caller.orgId === d.orgId);
  }

  @FieldResolver(() => [JoinDriveTarget], { description: 'The targets of the sub-orgs you see, in org-tree order' })
  targets(@Root() d: JoinDriveRow, @Ctx() ctx: SubgraphContext): Promise<JoinDriveTargetRow[]> {
    return targetsOfDrive(ctx).load(d.id);
  }
}

@Resolver(() => JoinDriveTarget)
export class JoinDriveTargetResolver {
  @FieldResolver(() => Org, { nullable: true, description: 'The sub-org' })
  org(@Root() t: JoinDriveTargetRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> {
    return orgById(ctx).load(t.orgId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The sub-org\'s QR poster payload (lianxin://j/…), valid to the drive\'s last day: for the drive\'s own org, the orgs below it and admins; null for the orgs above' })
  async qrCode(@Root() t: JoinDriveTargetRow, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    const drive = await driveById(ctx).load(t.driveId);
    return drive ? drives.targetQr(ctx, drive, t) : null;
  }
}

@Resolver(() => JoinDriveOrgFigures)
export class JoinDriveOrgFiguresResolver {
  @FieldResolver(() => Org, { nullable: true, description: 'The sub-org' })
  org(@Root() f: JoinDriveOrgFigures, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> {
    return orgById(ctx).load(f.orgId);
  }
}

export const driveResolvers = [JoinDriveResolver, JoinDriveTargetResolver, JoinDriveOrgFiguresResolver] as const;
