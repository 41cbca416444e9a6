import { pathIds } from '@lianxin/auth';
import { In, type EntityManager } from 'typeorm';
import { AllocationRow } from './programme.entity';

/**
 * How a programme's quota and budget are shared down the tree. Each allocation holds a
 * share; part of it may be carved out to child orgs (`allocated_to_children`), the rest
 * is claimed directly by members under it not covered by a deeper allocation (`used`).
 * So for every allocation: used + allocated_to_children <= quota, and a child's quota is
 * counted in its parent's allocated_to_children: no child can exceed its parent, and the
 * whole tree can never issue more than the root quota.
 */

/** Units still claimable directly at this allocation; null when it has no quota. */
export const remainingQuota = (a: Pick<AllocationRow, 'quota' | 'used' | 'allocatedToChildren'>): number | null =>
  a.quota === null ? null : a.quota - a.allocatedToChildren - a.used;

export const remainingBudget = (a: Pick<AllocationRow, 'budgetCents' | 'spentCents' | 'budgetToChildren'>): number | null =>
  a.budgetCents === null ? null : a.budgetCents - a.budgetToChildren - a.spentCents;

/** The deepest allocation covering an org: the one a member there claims from. Null if none covers it. */
export async function nearestAllocation(em: EntityManager, programmeId: string, orgPath: string): Promise<AllocationRow | null> {
  const ids = pathIds(orgPath);
  const rows = await em.find(AllocationRow, { where: { programmeId, orgId: In(ids) } });
  let best: AllocationRow | null = null;
  for (const r of rows) if (!best || r.orgPath.length > best.orgPath.length) best = r;
  return best;
}

/**
 * Takes units (and money) from one allocation with a single conditional UPDATE: under any
 * number of concurrent claims, exactly as many succeed as there are units. Returns false
 * when there is not enough left.
 */
export async function takeFromAllocation(em: EntityManager, allocationId: string, units: number, cents = 0): Promise<boolean> {
  const result = await em
    .createQueryBuilder()
    .update(AllocationRow)
    .set({ used: () => `used + ${Number(units)}`, spentCents: () => `spent_cents + ${Number(cents)}`, version: () => 'version + 1' })
    .where('id = :id', { id: allocationId })
    .andWhere('(quota IS NULL OR used + allocated_to_children + :units <= quota)', { units })
    .andWhere('(budget_cents IS NULL OR spent_cents + budget_to_children + :cents <= budget_cents)', { cents })
    .execute();
  return result.affected === 1;
}

/** Gives units back (an expired or cancelled voucher). */
export async function returnToAllocation(em: EntityManager, allocationId: string, units: number, cents = 0): Promise<void> {
  await em
    .createQueryBuilder()
    .update(AllocationRow)
    .set({ used: () => `used - ${Number(units)}`, spentCents: () => `spent_cents - ${Number(cents)}`, version: () => 'version + 1' })
    .where('id = :id AND used >= :units', { id: allocationId, units })
    .execute();
}
