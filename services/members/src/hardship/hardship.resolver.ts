import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { HardshipTier } from '@lianxin/members-client';
import { Access, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { MemberRow } from '../member/member.entity';
import { memberById } from '../member/member.loader';
import { Member } from '../member/member.types';
import type { HardshipEventRow, HardshipFileRow } from './hardship.entity';
import { hardshipFileOfMember, historyOfFile } from './hardship.loader';
import * as register from './hardship.service';
import { HardshipEvent, HardshipFile, HardshipFileConnection, HardshipReviewsDueArgs, OpenHardshipFileInput } from './hardship.types';

const VERSION = { description: 'The version you last saw; a change made since is refused with CONFLICT instead of overwritten' };

@Resolver(() => HardshipFile)
export class HardshipResolver {
  @Query(() => HardshipFileConnection, { nullable: true, description: 'Open hardship files whose yearly review is due, in your scope, the soonest first' })
  @Access('staff', 'admin')
  hardshipReviewsDue(@Ctx() ctx: SubgraphContext, @Args(() => HardshipReviewsDueArgs) args: HardshipReviewsDueArgs): Promise<Page<HardshipFileRow>> {
    return register.hardshipReviewsDue(ctx, args);
  }

  @Mutation(() => HardshipFile, { nullable: true, description: '建档: open a member\'s hardship file, with the reason and the evidence seen' })
  @Access('staff', 'admin')
  openHardshipFile(@Ctx() ctx: SubgraphContext, @Arg('input', () => OpenHardshipFileInput, { description: 'The file to open' }) input: OpenHardshipFileInput): Promise<HardshipFileRow> {
    return register.openHardshipFile(ctx, input);
  }

  @Mutation(() => HardshipFile, { nullable: true, description: 'The yearly review: record what it found and, if it changed, the tier; the next review falls a year later' })
  @Access('staff', 'admin')
  reviewHardshipFile(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The file\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version: number,
    @Arg('note', { description: 'What the review found, 1-1000 characters' }) note: string,
    @Arg('tier', () => HardshipTier, { nullable: true, description: 'The tier the review set, if it changed' }) tier?: HardshipTier,
    @Arg('reviewedOn', () => String, { nullable: true, description: 'The review\'s day, YYYY-MM-DD (default today)' }) reviewedOn?: string,
  ): Promise<HardshipFileRow> {
    return register.reviewHardshipFile(ctx, id, version, { note, tier, reviewedOn });
  }

  @Mutation(() => HardshipFile, { nullable: true, description: 'Change the tier between reviews, with the reason' })
  @Access('staff', 'admin')
  changeHardshipTier(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The file\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version: number,
    @Arg('tier', () => HardshipTier, { description: 'The new tier' }) tier: HardshipTier,
    @Arg('reason', { description: 'Why, 1-1000 characters' }) reason: string,
  ): Promise<HardshipFileRow> {
    return register.changeHardshipTier(ctx, id, version, tier, reason);
  }

  @Mutation(() => HardshipFile, { nullable: true, description: '解困: the worker leaves hardship, with the reason; the file and its history stay' })
  @Access('staff', 'admin')
  exitHardship(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The file\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version: number,
    @Arg('reason', { description: 'Why: re-employed, income recovered…, 1-1000 characters' }) reason: string,
  ): Promise<HardshipFileRow> {
    return register.exitHardship(ctx, id, version, reason);
  }

  @Mutation(() => HardshipFile, { nullable: true, description: 'A worker who left hardship returns into it, at a tier, with the reason' })
  @Access('staff', 'admin')
  returnToHardship(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The file\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version: number,
    @Arg('tier', () => HardshipTier, { description: 'The tier now' }) tier: HardshipTier,
    @Arg('reason', { description: 'Why, 1-1000 characters' }) reason: string,
  ): Promise<HardshipFileRow> {
    return register.returnToHardship(ctx, id, version, tier, reason);
  }

  @Mutation(() => HardshipFile, { nullable: true, description: 'A temporary hardship file becomes a regular one' })
  @Access('staff', 'admin')
  makeHardshipFileRegular(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The file\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version: number,
    @Arg('reason', { description: 'Why, 1-1000 characters' }) reason: string,
  ): Promise<HardshipFileRow> {
    return register.makeHardshipFileRegular(ctx, id, version, reason);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member the file is about; null once they have moved out of your scope' })
  member(@Root() file: HardshipFileRow, @Ctx() ctx: SubgraphContext): Promise<MemberRow | null> {
    return memberById(ctx).load(file.memberId);
  }

  @FieldResolver(() => [HardshipEvent], { description: 'The file\'s history, oldest first' })
  history(@Root() file: HardshipFileRow, @Ctx() ctx: SubgraphContext): Promise<HardshipEventRow[]> {
    return historyOfFile(ctx).load(file.id);
  }
}

@Resolver(() => Member)
export class MemberHardshipResolver {
  @FieldResolver(() => HardshipFile, { nullable: true, description: 'Staff and admins: the member\'s hardship file (困难职工档案); null when there is none, and for everyone else' })
  hardshipFile(@Root() member: MemberRow, @Ctx() ctx: SubgraphContext): Promise<HardshipFileRow | null> | null {
    if (ctx.caller.role !== 'staff' && ctx.caller.role !== 'admin') return null;
    return hardshipFileOfMember(ctx).load(member.id);
  }
}
