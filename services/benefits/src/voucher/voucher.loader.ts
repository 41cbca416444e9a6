import { In, type EntityManager } from 'typeorm';
import { byKeys, defineLoader, type SubgraphContext } from '@lianxin/subgraph';
import { VoucherRow, type VoucherState } from '../grant/voucher.entity';

/**
 * A voucher is the member's own (self scope) and visible to staff of the member's union
 * subtree (its org_path is the member's union when issued). Partners have scope `none`:
 * they read vouchers only through partner/partner.scope.ts, never through this query.
 */
export const VOUCHER_SCOPE = { path: 'v.orgPath', member: 'v.memberId' } as const;

export const voucherQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(VoucherRow, 'v', VOUCHER_SCOPE, em);

export const voucherById = defineLoader<string, VoucherRow | null>((ctx) => async (ids) => {
  const rows = await voucherQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

export interface MemberVouchersKey {
  memberId: string;
  state: VoucherState | null;
  /** How many rows to return (the resolver asks for one more than the page, to see whether another follows). */
  first: number;
  /** Only vouchers older than this id (the decoded `after` cursor). */
  afterId?: string | null;
}

/**
 * `Member.vouchers` for a page of members: one statement per distinct (state) filter,
 * newest first (ULIDs sort by issue time). A member holds a few vouchers a month, so the
 * per-member cut (the cursor and the page size) is made here rather than with a window function.
 */
export const vouchersOfMember = defineLoader<MemberVouchersKey, VoucherRow[], string>(
  (ctx) => async (keys) => {
    const byState = new Map<string, Set<string>>();
    for (const k of keys) {
      const s = k.state ?? '';
      if (!byState.has(s)) byState.set(s, new Set());
      byState.get(s)!.add(k.memberId);
    }
    const found = new Map<string, VoucherRow[]>();
    for (const [state, members] of byState) {
      const qb = voucherQuery(ctx).andWhere('v.memberId IN (:...memberIds)', { memberIds: [...members] });
      if (state) qb.andWhere('v.state = :state', { state });
      for (const row of await qb.orderBy('v.memberId').addOrderBy('v.id', 'DESC').getMany()) {
        const key = `${row.memberId}|${state}`;
        if (!found.has(key)) found.set(key, []);
        found.get(key)!.push(row);
      }
    }
    return keys.map((k) => (found.get(`${k.memberId}|${k.state ?? ''}`) ?? []).filter((v) => !k.afterId || v.id < k.afterId).slice(0, k.first));
  },
  { cacheKeyFn: (k) => `${k.memberId}|${k.state ?? ''}|${k.first}|${k.afterId ?? ''}` },
);
