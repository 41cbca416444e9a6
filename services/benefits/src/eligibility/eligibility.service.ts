import { In, type EntityManager } from 'typeorm';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow } from '../programme/programme.entity';
import { nearestAllocation, remainingQuota } from '../programme/allocation.service';
import { VoucherRow, VoucherState } from '../voucher/voucher.entity';
import { AidApplicationRow, AidState } from '../aid/aid.entity';
import { evaluate, type Answer, type Grant } from './eligibility.engine';
import { parseRules, type RuleSet } from './eligibility.rules';
import type { MemberFacts } from '../member/member.facts';

/** Parsed rules per (programme, version): versions are immutable, so this never goes stale. */
const ruleCache = new Map<string, RuleSet>();

export async function rulesOf(em: EntityManager, programme: Pick<ProgrammeRow, 'id' | 'rulesVersion'>): Promise<RuleSet> {
  const key = `${programme.id}@${programme.rulesVersion}`;
  let rules = ruleCache.get(key);
  if (!rules) {
    const row = programme.rulesVersion > 0 ? await em.findOne(ProgrammeRulesRow, { where: { programmeId: programme.id, version: programme.rulesVersion } }) : null;
    rules = row ? parseRules(row.rules) : { requires: [] };
    if (ruleCache.size > 10_000) ruleCache.clear();
    ruleCache.set(key, rules);
  }
  return rules;
}

/**
 * What the member already received, for limits and exclusions: live or redeemed vouchers
 * and aid awards, with their programme's kind. Expired and cancelled vouchers gave their
 * unit back and do not count.
 */
export async function grantsOf(em: EntityManager, memberId: string): Promise<Grant[]> {
  const vouchers = await em.find(VoucherRow, { where: { memberId, state: In([VoucherState.ISSUED, VoucherState.REDEEMED]) }, select: { programmeId: true, issuedAt: true } });
  const awards = await em.find(AidApplicationRow, { where: { memberId, state: In([AidState.AWARDED, AidState.DELIVERED]) }, select: { programmeId: true, childId: true, updatedAt: true } });
  const programmeIds = [...new Set([...vouchers.map((v) => v.programmeId), ...awards.map((a) => a.programmeId)])];
  const kinds = new Map(
    programmeIds.length ? (await em.find(ProgrammeRow, { where: { id: In(programmeIds) }, select: { id: true, kind: true } })).map((p) => [p.id, p.kind as string]) : [],
  );
  return [
    ...vouchers.map((v) => ({ programmeId: v.programmeId, kind: kinds.get(v.programmeId) ?? '', at: v.issuedAt, childId: null })),
    ...awards.map((a) => ({ programmeId: a.programmeId, kind: kinds.get(a.programmeId) ?? '', at: a.updatedAt, childId: a.childId })),
  ];
}

/**
 * The explainable answer for one member and programme: loads the current rule version,
 * the member's grants and the quota left where they would claim, and asks the engine.
 */
export async function answerFor(em: EntityManager, programme: ProgrammeRow, facts: MemberFacts, opts: { childId?: string | null; now?: Date } = {}): Promise<Answer> {
  const [rules, grants, allocation] = await Promise.all([rulesOf(em, programme), grantsOf(em, facts.id), nearestAllocation(em, programme.id, facts.orgPath)]);
  return evaluate({
    programme,
    rules,
    facts,
    childId: opts.childId ?? null,
    grants,
    // No allocation covers the member's union: nothing to claim from there.
    remainingQuota: programme.quota === null ? null : allocation ? remainingQuota(allocation) : 0,
    now: opts.now ?? new Date(),
  });
}

/**
 * answerFor() for many members of one programme (a page of `members { eligibility }`):
 * the same rules, grants and quota, read in a fixed number of statements whatever the
 * page size. Each answer equals what answerFor() gives for that member alone.
 */
export async function answersFor(
  em: EntityManager,
  programme: ProgrammeRow,
  members: { facts: MemberFacts; childId?: string | null }[],
  opts: { now?: Date } = {},
): Promise<Answer[]> {
  if (members.length === 0) return [];
  const memberIds = [...new Set(members.map((m) => m.facts.id))];
  const orgIds = [...new Set(members.flatMap((m) => m.facts.orgPath.split('/').filter(Boolean)))];
  const [rules, vouchers, awards, allocations] = await Promise.all([
    rulesOf(em, programme),
    em.find(VoucherRow, { where: { memberId: In(memberIds), state: In([VoucherState.ISSUED, VoucherState.REDEEMED]) }, select: { memberId: true, programmeId: true, issuedAt: true } }),
    em.find(AidApplicationRow, { where: { memberId: In(memberIds), state: In([AidState.AWARDED, AidState.DELIVERED]) }, select: { memberId: true, programmeId: true, childId: true, updatedAt: true } }),
    programme.quota === null ? Promise.resolve([] as AllocationRow[]) : em.find(AllocationRow, { where: { programmeId: programme.id, orgId: In(orgIds) } }),
  ]);
  const programmeIds = [...new Set([...vouchers.map((v) => v.programmeId), ...awards.map((a) => a.programmeId)])];
  const kinds = new Map(
    programmeIds.length ? (await em.find(ProgrammeRow, { where: { id: In(programmeIds) }, select: { id: true, kind: true } })).map((p) => [p.id, p.kind as string]) : [],
  );
  const grants = new Map<string, Grant[]>(memberIds.map((id) => [id, []]));
  for (const v of vouchers) grants.get(v.memberId)!.push({ programmeId: v.programmeId, kind: kinds.get(v.programmeId) ?? '', at: v.issuedAt, childId: null });
  for (const a of awards) grants.get(a.memberId)!.push({ programmeId: a.programmeId, kind: kinds.get(a.programmeId) ?? '', at: a.updatedAt, childId: a.childId });
  const now = opts.now ?? new Date();
  return members.map(({ facts, childId }) => {
    // The deepest share covering the member's union, as nearestAllocation() picks it.
    const share = allocations.filter((a) => facts.orgPath.startsWith(a.orgPath)).reduce<AllocationRow | null>((b, a) => (!b || a.orgPath.length > b.orgPath.length ? a : b), null);
    return evaluate({
      programme,
      rules,
      facts,
      childId: childId ?? null,
      grants: grants.get(facts.id) ?? [],
      remainingQuota: programme.quota === null ? null : share ? remainingQuota(share) : 0,
      now,
    });
  });
}
