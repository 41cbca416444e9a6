import { visibleOrg } from '@lianxin/members-client';
import { isWithin, newId, pathIds, subtreeRange } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, inScope, isUniqueViolation, notFound, requireScope, type SubgraphContext, withContentionRetry } from '@lianxin/subgraph';
import { In, type EntityManager } from 'typeorm';
import { AllocationRow, type ProgrammeRow } from './programme.entity';
import { ProgrammeState, VOUCHER_KINDS } from './programme.enums';
import { programmeById } from './programme.loader';
import { amount, PROGRAMME_LIMITS } from './programme.types';

/**
 * How a programme's quota and budget are shared down the tree. Each allocation holds a
 * share; part of it may be carved out to child orgs (`allocated_to_children`), the rest
 * is claimed directly by members under it not covered by a deeper allocation (`used`).
 * So for every allocation: used + allocated_to_children <= quota, and a child's quota is
 * counted in its parent's allocated_to_children: no child can exceed its parent, and the
 * whole tree can never issue more than the root quota.
 */

/** A new share of a programme, nothing used or handed on yet: the owner's root share, or one carved from `parentId`. */
export function newShare(share: { id: string; programmeId: string; org: { id: string; path: string }; parentId: string | null; quota: number | null; budgetCents: number | null }): AllocationRow {
  return Object.assign(new AllocationRow(), {
    id: share.id,
    programmeId: share.programmeId,
    orgId: share.org.id,
    orgPath: share.org.path,
    parentId: share.parentId,
    quota: share.quota,
    budgetCents: share.budgetCents,
    used: 0,
    spentCents: 0,
    allocatedToChildren: 0,
    budgetToChildren: 0,
    version: 1,
  });
}

/** Units still claimable directly at this allocation; null when it has no quota. */
export const remainingQuota = (a: Pick<AllocationRow, 'quota' | 'used' | 'allocatedToChildren'>): number | null =>
  a.quota === null ? null : a.quota - a.allocatedToChildren - a.used;

export const remainingBudget = (a: Pick<AllocationRow, 'budgetCents' | 'spentCents' | 'budgetToChildren'>): number | null =>
  a.budgetCents === null ? null : a.budgetCents - a.budgetToChildren - a.spentCents;

/** The shares covering an org, deepest first: the member's own share, then each one above it up to the root. */
export function coveringChain<A extends Pick<AllocationRow, 'orgPath'>>(shares: readonly A[], orgPath: string): A[] {
  return shares.filter((a) => orgPath.startsWith(a.orgPath)).sort((a, b) => b.orgPath.length - a.orgPath.length);
}

/** The shares covering an org, deepest first; empty if none covers it. */
export async function sharesCovering(em: EntityManager, programmeId: string, orgPath: string): Promise<AllocationRow[]> {
  return coveringChain(await em.find(AllocationRow, { where: { programmeId, orgId: In(pathIds(orgPath)) } }), orgPath);
}

/** The deepest allocation covering an org: the member's own share, the first one a claim there draws from. Null if none covers it. */
export async function nearestAllocation(em: EntityManager, programmeId: string, orgPath: string): Promise<AllocationRow | null> {
  return (await sharesCovering(em, programmeId, orgPath))[0] ?? null;
}

/**
 * Units a member under this chain can still be given: what their own share has left plus
 * what each share above it holds back for itself (claims reach up only once a share is empty).
 * Null when the programme has no quota; 0 when no share covers the member.
 */
export function claimableQuota(chain: readonly Pick<AllocationRow, 'quota' | 'used' | 'allocatedToChildren'>[]): number | null {
  if (chain.length && chain[0].quota === null) return null;
  return chain.reduce((sum, a) => sum + Math.max(0, remainingQuota(a) ?? 0), 0);
}

/**
 * Units left for a member at the foot of this chain (deepest share first), as the programme
 * hands them out: a voucher claim reaches up the chain (takeFromChain), so it counts every
 * share's remainder; aid awards and care batches spend from the union's own share only.
 * Null without a quota; 0 when no share covers the member.
 */
export function unitsLeftFor(programme: Pick<ProgrammeRow, 'quota' | 'kind'>, chain: readonly Pick<AllocationRow, 'quota' | 'used' | 'allocatedToChildren'>[]): number | null {
  if (programme.quota === null) return null;
  if (!chain.length) return 0;
  return VOUCHER_KINDS.includes(programme.kind) ? claimableQuota(chain) : Math.max(0, remainingQuota(chain[0]) ?? 0);
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

/**
 * Takes units (and money) for someone at `orgPath` from their own share, and only when it
 * cannot give them, from the share above it, and so on up to the root. Returns the share
 * that gave (the voucher or award keeps its id, so an expiry gives the unit back there), or
 * null when no share on the chain has room.
 *
 * Why: a claim writes one allocation row, and every claim that writes the same row waits for
 * the one before it to commit (on Galera, it fails certification instead). With the city's
 * quota carved into district or enterprise shares, a district's claims touch only its own row
 * and the city's row is written only by members whose share is spent, so a hot quota does not
 * queue the whole city behind one row. Each step is the same conditional UPDATE as before,
 * so no share ever gives more than it holds: the tree still issues at most the root quota.
 *
 * Shares the snapshot read already shows empty are skipped without an UPDATE (which would
 * lock them until commit). A snapshot that is stale the other way only costs an UPDATE that
 * changes nothing; one stale towards "empty" (a unit given back meanwhile) only means this
 * claim draws from higher up. Locks are taken deepest first, as allocate() takes them.
 */
export async function takeFromChain(em: EntityManager, programmeId: string, orgPath: string, units: number, cents = 0): Promise<AllocationRow | null> {
  for (const share of await sharesCovering(em, programmeId, orgPath)) {
    const unitsLeft = remainingQuota(share);
    const centsLeft = remainingBudget(share);
    if ((unitsLeft !== null && unitsLeft < units) || (centsLeft !== null && centsLeft < cents)) continue;
    if (await takeFromAllocation(em, share.id, units, cents)) return share;
  }
  return null;
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

/** What allocate() asks for: the child's whole share after the call (not a delta). */
export interface AllocateInput {
  programmeId: string;
  orgId: string;
  quota?: number | null;
  budgetCents?: number | null;
}

/**
 * Creates or resizes the share of `orgId`, carved out of the nearest share above it. In
 * one transaction and with conditional updates only, so concurrent calls can never
 * over-allocate a parent or shrink a child below what it already handed out:
 *   parent: used + allocated_to_children (+ delta) <= quota      (budget likewise)
 *   child:  used + allocated_to_children <= new quota             (budget likewise)
 * A union allocates only from a share it holds (or one under it) to unions under it: a
 * district with no share of the city's programme cannot hand out the city's units.
 */
export async function allocate(ctx: SubgraphContext, input: AllocateInput): Promise<AllocationRow> {
  const scope = requireScope(ctx);
  const programme = await programmeById(ctx).load(input.programmeId);
  if (!programme) throw notFound('programme', input.programmeId);
  if (programme.state === ProgrammeState.CLOSED) throw new DomainError(ErrorCode.INVALID_STATE, 'This programme is closed; its shares can no longer change.');
  const org = await visibleOrg(ctx, input.orgId);
  if (org.path === programme.orgPath || !isWithin(org.path, programme.orgPath)) {
    throw badInput('orgId', 'shares go to unions strictly under the union running the programme; pick one of its child unions or further down');
  }
  const quota = amount('quota', input.quota, 0, PROGRAMME_LIMITS.quota);
  const budgetCents = amount('budgetCents', input.budgetCents, 0, PROGRAMME_LIMITS.cents);
  // A share must be limited wherever its parent is, or a claim there could overrun it.
  if ((programme.quota === null) !== (quota === null)) {
    throw badInput('quota', programme.quota === null ? 'this programme has no quota; leave quota out' : 'this programme has a quota; give the share\'s quota');
  }
  if ((programme.budgetCents === null) !== (budgetCents === null)) {
    throw badInput('budgetCents', programme.budgetCents === null ? 'this programme has no budget; leave budgetCents out' : 'this programme has a budget; give the share\'s budgetCents');
  }

  const run = () =>
    ctx.db.transaction(async (em) => {
      const repo = em.getRepository(AllocationRow);
      const chain = await repo
        .createQueryBuilder('a')
        .where('a.programmeId = :pid', { pid: programme.id })
        .andWhere('a.orgId IN (:...ids)', { ids: pathIds(org.path) })
        .getMany();
      const existingRef = chain.find((a) => a.orgId === org.id) ?? null;
      const parentRef = existingRef
        ? (chain.find((a) => a.id === existingRef.parentId) ?? null)
        : chain.filter((a) => a.orgPath !== org.path).reduce<AllocationRow | null>((best, a) => (!best || a.orgPath.length > best.orgPath.length ? a : best), null);
      if (!parentRef) throw new DomainError(ErrorCode.INVALID_STATE, 'This programme has no share above that union to carve from; ask the union running it.');
      if (!inScope(scope, { path: parentRef.orgPath })) {
        throw new DomainError(
          ErrorCode.FORBIDDEN,
          existingRef
            ? 'That union\'s share was carved from a share held above your union; only staff there can resize it.'
            : 'Your union holds no share of this programme to hand on. Ask the union above you to allocate a share to your union first.',
        );
      }
      if (!existingRef) {
        const { from, to } = subtreeRange(org.path);
        const below = await repo
          .createQueryBuilder('a')
          .where('a.programmeId = :pid', { pid: programme.id })
          .andWhere('a.orgPath >= :from AND a.orgPath < :to', { from, to })
          .getCount();
        if (below > 0) {
          throw badInput('orgId', 'unions under this one already hold shares carved from higher up; resize those shares instead, or allocate to this union before allocating below it');
        }
      }

      // Lock the child, then its parent (deeper first, as every allocation does), and read
      // them as they are now: a concurrent resize or claim has either finished or waits.
      const lock = async (id: string): Promise<AllocationRow> => {
        await em.createQueryBuilder().update(AllocationRow).set({ version: () => 'version + 1' }).where('id = :id', { id }).execute();
        return repo.findOneByOrFail({ id });
      };
      const existing = existingRef ? await lock(existingRef.id) : null;
      const parent = await lock(parentRef.id);

      const dq = (quota ?? 0) - (existing?.quota ?? 0);
      const db = (budgetCents ?? 0) - (existing?.budgetCents ?? 0);
      if (existing) {
        const handedQ = existing.used + existing.allocatedToChildren;
        const handedB = existing.spentCents + existing.budgetToChildren;
        if (quota !== null && quota < handedQ) throw badInput('quota', `this union's share already issued or handed on ${handedQ} unit(s); it cannot shrink below that`, { min: handedQ });
        if (budgetCents !== null && budgetCents < handedB) throw badInput('budgetCents', `this union's share already spent or handed on ${handedB} fen; it cannot shrink below that`, { min: handedB });
      }
      // The most this union's share can be: what it holds now plus what the parent has free.
      const maxQ = parent.quota === null ? null : parent.quota - parent.used - parent.allocatedToChildren + (existing?.quota ?? 0);
      const maxB = parent.budgetCents === null ? null : parent.budgetCents - parent.spentCents - parent.budgetToChildren + (existing?.budgetCents ?? 0);
      if (quota !== null && maxQ !== null && quota > maxQ) throw badInput('quota', `the share above has room for at most ${maxQ} unit(s) for this union; ask for less, or ask the union above for more`, { max: maxQ });
      if (budgetCents !== null && maxB !== null && budgetCents > maxB) {
        throw badInput('budgetCents', `the share above has room for at most ${maxB} fen for this union; ask for less, or ask the union above for more`, { max: maxB });
      }

      // The rows are locked, so these conditions hold; they stay as the backstop of the invariant.
      if (existing) {
        const shrink = em.createQueryBuilder().update(AllocationRow).set({ quota, budgetCents }).where('id = :id', { id: existing.id });
        if (quota !== null) shrink.andWhere('used + allocated_to_children <= :quota', { quota });
        if (budgetCents !== null) shrink.andWhere('spent_cents + budget_to_children <= :budgetCents', { budgetCents });
        if ((await shrink.execute()).affected !== 1) throw conflict('share of this union');
      }
      const carve = em
        .createQueryBuilder()
        .update(AllocationRow)
        .set({ allocatedToChildren: () => `allocated_to_children + ${dq}`, budgetToChildren: () => `budget_to_children + ${db}` })
        .where('id = :id', { id: parent.id });
      if (dq > 0) carve.andWhere('used + allocated_to_children + :dq <= quota', { dq });
      if (db > 0) carve.andWhere('spent_cents + budget_to_children + :db <= budget_cents', { db });
      if ((await carve.execute()).affected !== 1) throw conflict('share above this union');

      if (existing) return Object.assign(new AllocationRow(), existing, { quota, budgetCents });
      const row = newShare({ id: newId(), programmeId: programme.id, org, parentId: parent.id, quota, budgetCents });
      await em.insert(AllocationRow, row);
      return row;
    });
  try {
    return await withContentionRetry(run);
  } catch (err) {
    // uq_allocation_org: someone created this union's share at the same moment.
    if (isUniqueViolation(err)) throw conflict('share of this union');
    throw err;
  }
}
