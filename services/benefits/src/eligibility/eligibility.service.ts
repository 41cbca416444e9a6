import { LRUCache } from 'lru-cache';
import { In, type EntityManager } from 'typeorm';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow } from '../programme/programme.entity';
import { coveringChain, sharesCovering, unitsLeftFor } from '../programme/allocation.service';
import { grantsOf, grantsOfMembers, type Grant } from '../grant/grant.loader';
import { evaluate, type Answer } from './eligibility.engine';
import { storedRules, type RuleSet } from '../rules/eligibility.rules';
import type { MemberFacts } from '@lianxin/members-client';

/** Parsed rules per (programme, version): versions are immutable, so this never goes stale; the least used go first. */
const ruleCache = new LRUCache<string, RuleSet>({ max: 10_000 });

export async function rulesOf(em: EntityManager, programme: Pick<ProgrammeRow, 'id' | 'rulesVersion'>): Promise<RuleSet> {
  const key = `${programme.id}@${programme.rulesVersion}`;
  let rules = ruleCache.get(key);
  if (!rules) {
    const row = programme.rulesVersion > 0 ? await em.findOne(ProgrammeRulesRow, { where: { programmeId: programme.id, version: programme.rulesVersion } }) : null;
    rules = row ? storedRules(row.rules, `programme ${programme.id} version ${programme.rulesVersion}`) : { requires: [] };
    ruleCache.set(key, rules);
  }
  return rules;
}

/**
 * The explainable answer for one member and programme: loads the current rule version,
 * the member's grants and the quota left where they would claim, and asks the engine.
 */
export async function answerFor(em: EntityManager, programme: ProgrammeRow, facts: MemberFacts, opts: { childId?: string | null; now?: Date } = {}): Promise<Answer> {
  const [grants, chain] = await Promise.all([grantsOf(em, facts.id), sharesCovering(em, programme.id, facts.orgPath)]);
  return answerWith(em, programme, facts, { grants, chain }, opts);
}

/**
 * answerFor() with the member's grants and the shares covering their union already read (the
 * partner desk reads them with the facts, in one statement): only the rules are looked up,
 * and those are cached. `chain` is deepest share first, as sharesCovering() gives it.
 */
export async function answerWith(
  em: EntityManager,
  programme: ProgrammeRow,
  facts: MemberFacts,
  read: { grants: Grant[]; chain: readonly Pick<AllocationRow, 'quota' | 'used' | 'allocatedToChildren'>[] },
  opts: { childId?: string | null; now?: Date } = {},
): Promise<Answer> {
  return evaluate({
    programme,
    rules: await rulesOf(em, programme),
    facts,
    childId: opts.childId ?? null,
    grants: read.grants,
    // No allocation covers the member's union: nothing to claim from there.
    remainingQuota: unitsLeftFor(programme, read.chain),
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
  const [rules, grants, allocations] = await Promise.all([
    rulesOf(em, programme),
    grantsOfMembers(em, memberIds),
    programme.quota === null ? Promise.resolve([] as AllocationRow[]) : em.find(AllocationRow, { where: { programmeId: programme.id, orgId: In(orgIds) } }),
  ]);
  const now = opts.now ?? new Date();
  return members.map(({ facts, childId }) => {
    return evaluate({
      programme,
      rules,
      facts,
      childId: childId ?? null,
      grants: grants.get(facts.id) ?? [],
      remainingQuota: unitsLeftFor(programme, coveringChain(allocations, facts.orgPath)),
      now,
    });
  });
}
