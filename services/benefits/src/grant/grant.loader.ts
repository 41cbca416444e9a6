import type { EntityManager } from 'typeorm';
import { AidApplicationRow, AidState } from './aid.entity';
import { VoucherRow, VoucherState } from './voucher.entity';

/*
 * What members have been granted: the rows the voucher and aid modules write, read here by
 * the eligibility check (limits and exclusions). They sit below all three so the arrows run
 * one way: voucher and aid call the check, the check reads grants.
 */

/** Something the member already received: a live voucher or an aid award. */
export interface Grant {
  programmeId: string;
  kind: string;
  at: Date;
  childId: string | null;
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
