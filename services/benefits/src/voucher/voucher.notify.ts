import type { DataSource, EntityManager } from 'typeorm';
import { chinaDate, notifyWorker, NotificationTemplate } from '@lianxin/members-client';
import { withContentionRetry, wholeSeconds } from '@lianxin/subgraph';
import { VoucherRow, VoucherState } from '../grant/voucher.entity';
import { ProgrammeRow } from '../programme/programme.entity';

const DAY_MS = 86_400_000;
/** How long before expiry the member is reminded. */
export const EXPIRY_WARNING_DAYS = 3;

const programmeName = async (em: EntityManager, id: string): Promise<string> => (await em.findOne(ProgrammeRow, { where: { id }, select: { id: true, name: true } }))?.name ?? '工会服务';

/** A voucher issued, in the issuing transaction. */
export async function notifyVoucherIssued(em: EntityManager, v: Pick<VoucherRow, 'id' | 'memberId' | 'expiresAt'>, programme: string, at: Date): Promise<void> {
  await notifyWorker(em, { key: `voucher:${v.id}:issued`, memberId: v.memberId, template: NotificationTemplate.VOUCHER_ISSUED, params: { programme, expiresOn: chinaDate(v.expiresAt) }, at });
}

/**
 * Reminds members of issued vouchers that expire within the next 3 days, once each. Like
 * the expiry sweep, each voucher in its own transaction: a conditional update (still
 * ISSUED, not yet warned) that must change exactly one row, then the notification. Two
 * sweeps at once (or two replicas) warn each voucher once; a voucher issued with less than
 * 3 days to run is warned at the next sweep. Returns how many were warned.
 */
export async function warnExpiringVouchers(db: DataSource, now: Date = new Date(), batch = 200): Promise<number> {
  const until = wholeSeconds(now.getTime() + EXPIRY_WARNING_DAYS * DAY_MS);
  let warned = 0;
  const seen = new Set<string>();
  for (;;) {
    const due = await db
      .getRepository(VoucherRow)
      .createQueryBuilder('v')
      .select(['v.id', 'v.memberId', 'v.programmeId', 'v.expiresAt'])
      .where('v.state = :issued AND v.expiresAt > :now AND v.expiresAt <= :until AND v.expiryWarnedAt IS NULL', { issued: VoucherState.ISSUED, now, until })
      .orderBy('v.expiresAt')
      .addOrderBy('v.id')
      .limit(batch)
      .getMany();
    const fresh = due.filter((v) => !seen.has(v.id));
    for (const v of fresh) {
      seen.add(v.id);
      if (await warnOne(db, v, now)) warned++;
    }
    if (due.length < batch || fresh.length === 0) return warned;
  }
}

function warnOne(db: DataSource, v: Pick<VoucherRow, 'id' | 'memberId' | 'programmeId' | 'expiresAt'>, now: Date): Promise<boolean> {
  return withContentionRetry(() =>
    db.transaction(async (em) => {
      const r = await em
        .createQueryBuilder()
        .update(VoucherRow)
        .set({ expiryWarnedAt: wholeSeconds(now) })
        .where('id = :id AND state = :issued AND expiry_warned_at IS NULL', { id: v.id, issued: VoucherState.ISSUED })
        .execute();
      if (r.affected !== 1) return false;
      const programme = await programmeName(em, v.programmeId);
      await notifyWorker(em, { key: `voucher:${v.id}:expiring`, memberId: v.memberId, template: NotificationTemplate.VOUCHER_EXPIRING, params: { programme, expiresOn: chinaDate(v.expiresAt) }, at: now });
      return true;
    }),
  );
}
