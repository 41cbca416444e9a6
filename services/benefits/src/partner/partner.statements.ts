import { defineRaw, entityColumns, hydrateRaw, runRaw, unscoped, type SubgraphContext } from '@lianxin/subgraph';
import type { Grant } from '../grant/grant.loader';
import { AidApplicationRow, AidState } from '../grant/aid.entity';
import { VoucherRow, VoucherState } from '../grant/voucher.entity';
import { MemberFactRow } from '../memberfacts/memberfact.entity';
import type { AllocationRow } from '../programme/programme.entity';
import { coveringChain } from '../programme/allocation.service';

/**
 * What an eligibility check at the partner desk reads besides the programme, in one
 * statement (issue 11: it used to be three query-builder reads, each a round trip with its
 * own SQL building and hydration):
 *
 *   f  the member's facts from benefits' copy (memberfacts/);
 *   v  the member's live and redeemed vouchers, w  their aid awards (grants: limits and exclusions);
 *   l  the programme's shares whose org lies on the member's path (a claim draws from the
 *      deepest and reaches up the chain only when it is empty);
 *   u  units issued in the whole programme (what the desk shows as left).
 *
 * Rows of the five kinds come back as one result with neutral column names. The shares are
 * matched through the member's path in the copy, so a member not in the copy gets none and
 * the desk takes the old way for them (readsFor() below says so).
 */
export const DESK_ELIGIBILITY = defineRaw({
  name: 'benefits.deskEligibility',
  tables: ['member_fact', 'voucher', 'aid_application', 'programme', 'allocation'],
  access: {
    unscoped:
      "the partner desk: the programme was checked as bound to the calling partner before this runs, the member is the one a QR signed by this service names, and nothing read here reaches the partner but a masked name, a yes or no with partner-safe reasons, and the programme's units left",
  },
  sql: `SELECT 'f' AS k, f.member_id AS s1, f.org_id AS s2, f.org_path AS s3, f.masked_name AS s4, f.status AS s5, f.employment_type AS s6, f.hardship_tier AS s7, f.children AS s8,
               f.model_worker AS n1, f.version AS n2, NULL AS n3, f.synced_at AS t
          FROM member_fact f WHERE f.member_id = ?
        UNION ALL
        SELECT 'v', v.programme_id, p.kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, v.issued_at
          FROM voucher v LEFT JOIN programme p ON p.id = v.programme_id
         WHERE v.member_id = ? AND v.state IN (?, ?)
        UNION ALL
        SELECT 'w', a.programme_id, p.kind, a.child_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, a.updated_at
          FROM aid_application a LEFT JOIN programme p ON p.id = a.programme_id
         WHERE a.member_id = ? AND a.state IN (?, ?)
        UNION ALL
        SELECT 'l', al.id, al.org_path, NULL, NULL, NULL, NULL, NULL, NULL, al.quota, al.used, al.allocated_to_children, NULL
          FROM member_fact mf JOIN allocation al ON al.programme_id = ? AND SUBSTR(mf.org_path, 1, LENGTH(al.org_path)) = al.org_path
         WHERE mf.member_id = ?
        UNION ALL
        SELECT 'u', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, COALESCE(SUM(u.used), 0), NULL, NULL, NULL
          FROM allocation u WHERE u.programme_id = ?`,
});

interface Row {
  k: 'f' | 'v' | 'w' | 'l' | 'u';
  s1: string | null;
  s2: string | null;
  s3: string | null;
  s4: string | null;
  s5: string | null;
  s6: string | null;
  s7: string | null;
  s8: string | null;
  n1: number | string | null;
  n2: number | string | null;
  n3: number | string | null;
  t: Date | string | null;
}

export interface DeskEligibilityRead {
  /** The member's row in the copy, if there is one (whether it may answer is the copy's to say). */
  facts?: MemberFactRow;
  grants: Grant[];
  /** The shares covering the member's union (by the path in the copy), deepest first, as sharesCovering() gives them. */
  chain: Pick<AllocationRow, 'orgPath' | 'quota' | 'used' | 'allocatedToChildren'>[];
  /** Units issued in the whole programme. */
  used: number;
}

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export async function readForEligibility(ctx: Pick<SubgraphContext, 'scope' | 'db'>, programmeId: string, memberId: string): Promise<DeskEligibilityRead> {
  const rows = await runRaw<Row>(ctx, DESK_ELIGIBILITY, [
    memberId,
    memberId, VoucherState.ISSUED, VoucherState.REDEEMED,
    memberId, AidState.AWARDED, AidState.DELIVERED,
    programmeId, memberId,
    programmeId,
  ]);
  // Dates as TypeORM hydrates these columns (the embedded engine returns text).
  const ds = unscoped(ctx, 'column metadata only, to read dates as the entities do');
  const column = (entity: typeof VoucherRow | typeof AidApplicationRow | typeof MemberFactRow, property: string) => ds.getMetadata(entity).findColumnWithPropertyName(property)!;
  const date = (v: Date | string | null, entity: typeof VoucherRow | typeof AidApplicationRow | typeof MemberFactRow, property: string) =>
    ds.driver.prepareHydratedValue(v, column(entity, property)) as Date;
  const out: DeskEligibilityRead = { grants: [], chain: [], used: 0 };
  const awards: Grant[] = [];
  const shares: DeskEligibilityRead['chain'] = [];
  for (const r of rows) {
    switch (r.k) {
      case 'f':
        out.facts = Object.assign(new MemberFactRow(), {
          id: r.s1!, orgId: r.s2!, orgPath: r.s3!, maskedName: r.s4!, status: r.s5, employmentType: r.s6, hardshipTier: r.s7, children: r.s8!,
          modelWorker: Boolean(Number(r.n1)), version: Number(r.n2), syncedAt: date(r.t, MemberFactRow, 'syncedAt'),
        } as MemberFactRow);
        break;
      case 'v':
        out.grants.push({ programmeId: r.s1!, kind: r.s2 ?? '', at: date(r.t, VoucherRow, 'issuedAt'), childId: null });
        break;
      case 'w':
        awards.push({ programmeId: r.s1!, kind: r.s2 ?? '', at: date(r.t, AidApplicationRow, 'updatedAt'), childId: r.s3 });
        break;
      case 'l':
        shares.push({ orgPath: r.s2!, quota: num(r.n1), used: Number(r.n2), allocatedToChildren: Number(r.n3) });
        break;
      case 'u':
        out.used = Number(r.n1 ?? 0);
        break;
    }
  }
  // Vouchers before awards, as grantsOf() lists them.
  out.grants.push(...awards);
  out.chain = coveringChain(shares, out.facts?.orgPath ?? '');
  return out;
}

/**
 * What checkVoucher reads, in one statement (it was two query-builder reads: the voucher
 * with its programme's issued units, then the member's name from the copy): the voucher by
 * its code among the programmes the partner serves (the desk cache's list, partner.cache.ts),
 * the units issued in its programme, and the member's row in the copy for the masked name.
 */
export const DESK_VOUCHER = defineRaw({
  name: 'benefits.deskVoucher',
  tables: ['voucher', 'member_fact', 'allocation'],
  access: {
    unscoped:
      "the partner desk: the voucher is read only among the programmes the calling partner is bound to (passed in from the desk's cache of bindings), and nothing read here reaches the partner but a masked name, a yes or no with partner-safe reasons, the programme's name and its units left",
  },
  sql: `SELECT ${entityColumns(VoucherRow, 'v')}, ${entityColumns(MemberFactRow, 'f', 'f_')},
               (SELECT COALESCE(SUM(u.used), 0) FROM allocation u WHERE u.programme_id = v.programme_id) AS used
          FROM voucher v LEFT JOIN member_fact f ON f.member_id = v.member_id
         WHERE v.code = ? AND v.programme_id IN (?)`,
});

export interface DeskVoucherRead {
  voucher: VoucherRow;
  /** The member's row in the copy, if there is one (whether its name may be shown is the copy's to say). */
  facts?: MemberFactRow;
  /** Units issued in the voucher's programme. */
  used: number;
}

/** The voucher of `code` among the `served` programmes, or null: no such code, or not one of them. */
export async function readForVoucher(ctx: Pick<SubgraphContext, 'scope' | 'db'>, code: string, served: readonly string[]): Promise<DeskVoucherRead | null> {
  if (served.length === 0) return null;
  const rows = await runRaw<Record<string, unknown>>(ctx, DESK_VOUCHER, [code, [...served]]);
  if (rows.length === 0) return null;
  const [voucher] = hydrateRaw(ctx, VoucherRow, rows);
  const [facts] = hydrateRaw(ctx, MemberFactRow, rows, 'f_');
  return { voucher, facts: facts ?? undefined, used: Number(rows[0].used ?? 0) };
}
