import { LRUCache } from 'lru-cache';
import { In, type EntityManager } from 'typeorm';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow } from '../programme/programme.entity';
import { nearestAllocation, remainingQuota } from '../programme/allocation.service';
import { VoucherRow, VoucherState } from '../voucher/voucher.entity';
import { AidApplicationRow, AidState } from '../aid/aid.entity';
import { evaluate, type Answer, type Grant } from './eligibility.engine';
import { storedRules, type RuleSet } from './eligibility.rules';
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
 * What members already received, for limits and exclusions: live or redeemed vouchers
 * and aid awards, with their programme's kind. Expired and cancelled vouchers gave their
 * unit back and do not count. One statement whatever the number of members (the partner
 * desk runs this on every eligibility check): both kinds of grant in a UNION ALL, each
 * joined to its programme for the kind. Raw rows are hydrated through the driver with the
 * entities' own column metadata, so dates come back exactly as em.find() would give them
 * on MariaDB and SQLite alike.
 */
export async function grantsOfMembers(em: EntityManager, memberIds: readonly string[]): Promise<Map<string, Grant[]>> {
  const ids = [...new Set(memberIds)];
  const grants = new Map<string, Grant[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return grants;
  const marks = ids.map(() => '?').join(', ');
  const rows: { src: number; member_id: string; programme_id: string; kind: string | null; granted_at: unknown; child_id: string | null }[] = await em.query(
    `SELECT 0 AS src, v.member_id, v.programme_id, p.kind, v.issued_at AS granted_at, NULL AS child_id
       FROM voucher v LEFT JOIN programme p ON p.id = v.programme_id
      WHERE v.member_id IN (${marks}) AND v.state IN (?, ?)
     UNION ALL
     SELECT 1 AS src, a.member_id, a.programme_id, p.kind, a.updated_at AS granted_at, a.child_id
       FROM aid_application a LEFT JOIN programme p ON p.id = a.programme_id
      WHERE a.member_id IN (${marks}) AND a.state IN (?, ?)`,
    [...ids, VoucherState.ISSUED, VoucherState.REDEEMED, ...ids, AidState.AWARDED, AidState.DELIVERED],
  );
  const { driver } = em.connection;
  const issuedAt = em.connection.getMetadata(VoucherRow).findColumnWithPropertyName('issuedAt')!;
  const updatedAt = em.connection.getMetadata(AidApplicationRow).findColumnWithPropertyName('updatedAt')!;
  // Vouchers before awards, as the answers have always listed them.
  for (const src of [0, 1]) {
    for (const r of rows) {
      if (Number(r.src) !== src) continue;
      grants.get(r.member_id)?.push({
        programmeId: r.programme_id,
        kind: r.kind ?? '',
        at: driver.prepareHydratedValue(r.granted_at, src === 0 ? issuedAt : updatedAt) as Date,
        childId: src === 0 ? null : r.child_id,
      });
    }
  }
  return grants;
}

/** grantsOfMembers() for one member. */
export async function grantsOf(em: EntityManager, memberId: string): Promise<Grant[]> {
  return (await grantsOfMembers(em, [memberId])).get(memberId)!;
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
  const [rules, grants, allocations] = await Promise.all([
    rulesOf(em, programme),
    grantsOfMembers(em, memberIds),
    programme.quota === null ? Promise.resolve([] as AllocationRow[]) : em.find(AllocationRow, { where: { programmeId: programme.id, orgId: In(orgIds) } }),
  ]);
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
