import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Access, badInput, defineLoader, inScope, requireScope, type SubgraphContext, unscoped } from '@lianxin/subgraph';
import { Member } from '../graph.types';
import { memberFacts, type MemberFacts } from '@lianxin/members-client';
import type { ProgrammeRow } from '../programme/programme.entity';
import { programmeById } from '../programme/programme.loader';
import type { Answer } from './eligibility.engine';
import { answersFor } from './eligibility.service';
import { EligibilityAnswer } from './eligibility.types';

export interface EligibilityKey {
  programmeId: string;
  memberId: string;
  childId?: string | null;
}

export type EligibilityResult = Answer & { programmeId: string };

/**
 * Whether the caller may ask about this member: the member themself, staff whose scope
 * holds the member's union today, admin. Partners ask only through the partner view
 * (a voucher code or a member QR for a programme they serve).
 */
function mayAsk(ctx: SubgraphContext, facts: MemberFacts): boolean {
  const scope = requireScope(ctx);
  switch (ctx.caller.role) {
    case 'member':
      return scope.kind === 'self' && scope.memberId === facts.id;
    case 'staff':
    case 'admin':
      return inScope(scope, { path: facts.orgPath });
    default:
      return false;
  }
}

/**
 * Answers for a page: the members' facts in one call to the members subgraph, each
 * programme read once, and per programme one batch of grants and shares. A member or
 * programme the caller may not see gives null, the same as one that does not exist.
 */
export const eligibilityOf = defineLoader<EligibilityKey, EligibilityResult | null, string>(
  (ctx) => async (keys) => {
    const [facts, programmes] = await Promise.all([
      memberFacts(ctx).get([...new Set(keys.map((k) => k.memberId))]),
      programmeById(ctx).loadMany([...new Set(keys.map((k) => k.programmeId))]),
    ]);
    const visible = new Map<string, ProgrammeRow>();
    for (const p of programmes) if (p && !(p instanceof Error)) visible.set(p.id, p);

    const out: (EligibilityResult | null)[] = keys.map(() => null);
    const byProgramme = new Map<string, number[]>();
    keys.forEach((k, i) => {
      const f = facts.get(k.memberId);
      if (!f || !visible.has(k.programmeId) || !mayAsk(ctx, f)) return;
      const list = byProgramme.get(k.programmeId) ?? [];
      list.push(i);
      byProgramme.set(k.programmeId, list);
    });
    const now = new Date();
    for (const [programmeId, indexes] of byProgramme) {
      const answers = await answersFor(
        unscoped(ctx, 'programme rules, quotas and allocations decide for everyone they are handed down to').manager,
        visible.get(programmeId)!,
        indexes.map((i) => ({ facts: facts.get(keys[i].memberId)!, childId: keys[i].childId ?? null })),
        { now },
      );
      indexes.forEach((i, n) => (out[i] = { ...answers[n], programmeId }));
    }
    return out;
  },
  { cacheKeyFn: (k) => `${k.programmeId}|${k.memberId}|${k.childId ?? ''}` },
);

/** What the engine returns, shaped for the API: reasons carry code and message only. */
const shape = (r: EligibilityResult | null): EligibilityAnswer | null =>
  r && {
    status: r.status,
    reasons: r.reasons.map(({ code, message }) => ({ code, message })),
    ruleVersion: r.ruleVersion,
    nextEligibleOn: r.nextEligibleOn,
    childId: r.childId,
    programmeId: r.programmeId,
  };

@Resolver(() => Member)
export class MemberEligibilityResolver {
  @FieldResolver(() => EligibilityAnswer, {
    nullable: true,
    description: 'Whether this member may take part in a programme, and why not. Null unless you are the member, staff of a union over them, or admin.',
  })
  async eligibility(
    @Root() member: Member,
    @Ctx() ctx: SubgraphContext,
    @Arg('programmeId', () => ID, { description: 'The programme to check this member against' }) programmeId: string,
    @Arg('childId', () => ID, { nullable: true, description: 'For per-child programmes (education aid): which child' }) childId?: string | null,
  ): Promise<EligibilityAnswer | null> {
    return shape(await eligibilityOf(ctx).load({ programmeId, memberId: member.id, childId }));
  }
}

@Resolver(() => EligibilityAnswer)
export class EligibilityResolver {
  @Query(() => EligibilityAnswer, {
    nullable: true,
    description:
      'Eligibility for a programme, explained. Members ask about themselves (leave memberId out); staff and admin about a member in their scope. Null for a member or programme you cannot see.',
  })
  @Access('member', 'staff', 'admin')
  async eligibility(
    @Ctx() ctx: SubgraphContext,
    @Arg('programmeId', () => ID, { description: 'The programme to check against' }) programmeId: string,
    @Arg('memberId', () => ID, { nullable: true, description: 'Staff and admin: the member to check (in your scope). Members leave it out' }) memberId?: string | null,
    @Arg('childId', () => ID, { nullable: true, description: 'For per-child programmes (education aid): which child' }) childId?: string | null,
  ): Promise<EligibilityAnswer | null> {
    const who = ctx.caller.role === 'member' ? (memberId ?? ctx.caller.memberId) : memberId;
    if (!who) throw badInput('memberId', 'say which member to check');
    return shape(await eligibilityOf(ctx).load({ programmeId, memberId: who, childId }));
  }
}

export const eligibilityResolvers = [MemberEligibilityResolver, EligibilityResolver] as const;
