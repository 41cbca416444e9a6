import { Arg, Args, Ctx, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Access, IDEMPOTENCY_KEY_ARG, inScope, requireScope, type SubgraphContext } from '@lianxin/subgraph';
import { isWithin } from '@lianxin/auth';
import { Org } from '../graph.types';
import type { AllocationRow, ProgrammeRow } from './programme.entity';
import { allocate, remainingBudget, remainingQuota, unitsLeftFor } from './allocation.service';
import { allocationsOf, orgInfoById, sharesCoveringOf, programmeById, rulesHistoryOf, rulesTextOf } from './programme.loader';
import * as programmes from './programme.service';
import { RULES_SCHEMA_PATH } from '../rules/eligibility.rules';
import { Allocation, CreateProgrammeInput, Programme, ProgrammeConnection, ProgrammeRulesVersion, ProgrammesArgs, RULES_DESCRIPTION } from './programme.types';

const staffLike = (ctx: SubgraphContext): boolean => ctx.caller.role === 'staff' || ctx.caller.role === 'admin';

/**
 * The union whose claimable share a figure is about: the one asked for (if the caller may
 * see it), else the caller's own union when the programme covers it, else the programme's
 * owner (the root share). Null for a union the caller cannot see or the programme does not cover.
 */
async function shareOrgPath(ctx: SubgraphContext, programme: ProgrammeRow, orgId?: string | null): Promise<string | null> {
  if (orgId) {
    const org = await orgInfoById(ctx).load(orgId);
    if (!org || !inScope(requireScope(ctx), { path: org.path }) || !isWithin(org.path, programme.orgPath)) return null;
    return org.path;
  }
  const own = ctx.caller.orgPath;
  return own && isWithin(own, programme.orgPath) ? own : programme.orgPath;
}

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => Programme, { nullable: true, description: 'A programme you can see: run in your subtree or above your union (staff), or covering you (members)' })
  @Access('member', 'staff', 'admin')
  programme(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: "The programme's id" }) id: string): Promise<ProgrammeRow | null> {
    return programmes.getProgramme(ctx, id);
  }

  @Query(() => ProgrammeConnection, {
    nullable: true,
    description: 'Programmes you can see, in org-tree order: staff, those run in your subtree and those handed down from above; members, the open (ACTIVE) ones covering you',
  })
  @Access('member', 'staff', 'admin')
  programmes(@Ctx() ctx: SubgraphContext, @Args(() => ProgrammesArgs) args: ProgrammesArgs): Promise<programmes.ProgrammePage> {
    return programmes.listProgrammes(ctx, args);
  }

  @Mutation(() => Programme, { nullable: true, description: 'Start a programme (DRAFT) owned by a union in your scope, with rules version 1 and the root share of its quota and budget' })
  @Access('staff', 'admin')
  createProgramme(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => CreateProgrammeInput, { description: 'The programme: owner, kind, period, quota and budget' }) input: CreateProgrammeInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<ProgrammeRow> {
    return programmes.createProgramme(ctx, input, new Date(), idempotencyKey);
  }

  @Mutation(() => Programme, { nullable: true, description: 'Replace the eligibility rules: a new version; earlier versions stay on record. Staff of the owning union or above.' })
  @Access('staff', 'admin')
  setProgrammeRules(
    @Ctx() ctx: SubgraphContext,
    @Arg('programmeId', () => ID, { description: 'The programme whose rules to replace' }) programmeId: string,
    // A plain JSON object has no class for class-validator; checkRules holds it to rules.schema.json.
    @Arg('rules', () => GraphQLJSONObject, { validate: false, description: `The new rules. ${RULES_DESCRIPTION}` }) rules: Record<string, unknown>,
  ): Promise<ProgrammeRow> {
    return programmes.setProgrammeRules(ctx, programmeId, rules);
  }

  @Mutation(() => Programme, { nullable: true, description: 'DRAFT → ACTIVE: members can claim and apply from its start date' })
  @Access('staff', 'admin')
  openProgramme(@Ctx() ctx: SubgraphContext, @Arg('programmeId', () => ID, { description: 'A DRAFT programme to open' }) programmeId: string): Promise<ProgrammeRow> {
    return programmes.openProgramme(ctx, programmeId);
  }

  @Mutation(() => Programme, { nullable: true, description: 'DRAFT or ACTIVE → CLOSED, for good: nothing more is issued' })
  @Access('staff', 'admin')
  closeProgramme(@Ctx() ctx: SubgraphContext, @Arg('programmeId', () => ID, { description: 'The programme to close' }) programmeId: string): Promise<ProgrammeRow> {
    return programmes.closeProgramme(ctx, programmeId);
  }

  @FieldResolver(() => GraphQLJSONObject, {
    nullable: true,
    description: `Staff and admin: the current rules, a JSON object shaped as the JSON Schema ${RULES_SCHEMA_PATH} describes (see docs/rules.md); null for members`,
  })
  async rules(@Root() p: ProgrammeRow, @Ctx() ctx: SubgraphContext): Promise<Record<string, unknown> | null> {
    if (!staffLike(ctx)) return null;
    const text = await rulesTextOf(ctx).load(p.id);
    return text === null ? null : (JSON.parse(text) as Record<string, unknown>);
  }

  @FieldResolver(() => [ProgrammeRulesVersion], {
    nullable: true,
    description: 'Staff and admin: every version of the eligibility rules, oldest first (the last is the current one); null for members',
  })
  async ruleHistory(@Root() p: ProgrammeRow, @Ctx() ctx: SubgraphContext): Promise<ProgrammeRulesVersion[] | null> {
    if (!staffLike(ctx)) return null;
    const rows = await rulesHistoryOf(ctx).load(p.id);
    return rows.map((r) => ({ version: r.version, rules: JSON.parse(r.rules) as Record<string, unknown>, createdAt: r.createdAt }));
  }

  @FieldResolver(() => Org, { description: 'The union running the programme' })
  org(@Root() p: ProgrammeRow): Org {
    return { id: p.orgId };
  }

  @FieldResolver(() => [Allocation], {
    nullable: true,
    description: 'Staff and admin: the shares in your subtree and the chain above your union, in tree order; null for members',
  })
  allocations(@Root() p: ProgrammeRow, @Ctx() ctx: SubgraphContext): Promise<AllocationRow[]> | null {
    return staffLike(ctx) ? allocationsOf(ctx).load(p.id) : null;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description:
      'Units still claimable at a union: by default yours, or the root share\'s when the programme runs below your union. For vouchers, what the union\'s own share has left plus what the shares above it still hold (a claim reaches up once its share is empty); for aid, the union\'s own share. Null when the programme has no quota, or for a union you cannot see or it does not cover.',
  })
  async remainingQuota(@Root() p: ProgrammeRow, @Ctx() ctx: SubgraphContext, @Arg('orgId', () => ID, { nullable: true, description: 'The union to ask about (default: your own)' }) orgId?: string | null): Promise<number | null> {
    if (p.quota === null) return null;
    const orgPath = await shareOrgPath(ctx, p, orgId);
    if (!orgPath) return null;
    const chain = await sharesCoveringOf(ctx).load({ programmeId: p.id, orgPath });
    return chain.length ? unitsLeftFor(p, chain) : null;
  }
}

@Resolver(() => Allocation)
export class AllocationResolver {
  @Mutation(() => Allocation, {
    nullable: true,
    description:
      'Create or resize the share of a union strictly under the programme\'s owner, carved from the nearest share above it; give the share\'s whole quota and budget (fen), not a change. You hand on only from a share held in your scope. ' +
      'Too much for the share above is BAD_USER_INPUT with extensions.max (the most it can be); below what the share already issued or handed on, with extensions.min; extensions.field says which, quota or budgetCents.',
  })
  @Access('staff', 'admin')
  allocate(
    @Ctx() ctx: SubgraphContext,
    @Arg('programmeId', () => ID, { description: 'The programme to share out' }) programmeId: string,
    @Arg('orgId', () => ID, { description: 'The union receiving the share, strictly under the programme\'s owner' }) orgId: string,
    @Arg('quota', () => Int, { nullable: true, description: 'The share\'s whole quota in units (not a change); leave out when the programme has no quota' }) quota?: number | null,
    @Arg('budgetCents', () => Float, { nullable: true, description: 'The share\'s whole budget in fen (1/100 yuan), not a change; leave out when the programme has no budget' }) budgetCents?: number | null,
  ): Promise<AllocationRow> {
    return allocate(ctx, { programmeId, orgId, quota, budgetCents });
  }

  @FieldResolver(() => Org, { description: 'The union holding this share' })
  org(@Root() a: AllocationRow): Org {
    return { id: a.orgId };
  }

  @FieldResolver(() => Programme, { nullable: true, description: 'The programme shared; null if you cannot see it' })
  programme(@Root() a: AllocationRow, @Ctx() ctx: SubgraphContext): Promise<ProgrammeRow | null> {
    return programmeById(ctx).load(a.programmeId);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Units still claimable directly at this share; null without a quota' })
  remainingQuota(@Root() a: AllocationRow): number | null {
    return remainingQuota(a);
  }

  @FieldResolver(() => Float, { nullable: true, description: 'Fen still spendable directly at this share; null without a budget' })
  remainingBudgetCents(@Root() a: AllocationRow): number | null {
    return remainingBudget(a);
  }
}

export const programmeResolvers = [ProgrammeResolver, AllocationResolver] as const;
