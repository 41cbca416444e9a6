import type { DataSource } from 'typeorm';
import { returnToAllocation } from '../programme/allocation.service';
import { VoucherRow, VoucherState } from '../grant/voucher.entity';
import { withContentionRetry } from '@lianxin/subgraph';

export interface ExpiryResult {
  expired: number;
}

/**
 * Issued vouchers past their expiry become EXPIRED and give their unit back. Each one in
 * its own transaction: a conditional update (still ISSUED, same version) that must
 * change exactly one row, then the unit back to its allocation and the limit slot freed.
 * A voucher redeemed, cancelled or expired by another sweep in the meantime changes no
 * row and returns nothing, so two sweeps at once (or in two replicas) return each unit
 * exactly once. Runs over `ix_voucher_expiry (state, expires_at)`.
 */
export async function expireVouchers(db: DataSource, now: Date = new Date(), batch = 200): Promise<ExpiryResult> {
  let expired = 0;
  const seen = new Set<string>();
  for (;;) {
    const due = await db
      .getRepository(VoucherRow)
      .createQueryBuilder('v')
      .select(['v.id', 'v.allocationId', 'v.version'])
      .where('v.state = :issued AND v.expiresAt <= :now', { issued: VoucherState.ISSUED, now })
      .orderBy('v.expiresAt')
      .addOrderBy('v.id')
      .limit(batch)
      .getMany();
    // A voucher another writer holds keeps coming back until it settles; never spin on it.
    const fresh = due.filter((v) => !seen.has(v.id));
    for (const v of fresh) {
      seen.add(v.id);
      if (await expireOne(db, v, now)) expired++;
    }
    if (due.length < batch || fresh.length === 0) return { expired };
  }
}

async function expireOne(db: DataSource, v: Pick<VoucherRow, 'id' | 'allocationId' | 'version'>, now: Date): Promise<boolean> {
  return withContentionRetry(() =>
    db.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(VoucherRow)
        .set({ state: VoucherState.EXPIRED, limitKey: null, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND state = :issued AND expires_at <= :now', { id: v.id, version: v.version, issued: VoucherState.ISSUED, now })
        .execute();
      if (result.affected !== 1) return false;
      await returnToAllocation(em, v.allocationId, 1);
      return true;
    }),
  );
}
