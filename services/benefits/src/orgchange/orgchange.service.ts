import { BenefitsChangeKind, recordBenefitsChange } from '../changes/changes.feed';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { OrgChangeAction, orgChangeTopic, type OrgChange } from '@lianxin/members-client';
import { receiveOnce } from '@lianxin/outbox';
import { rewritePathPrefix, withContentionRetry } from '@lianxin/subgraph';
import { AllocationRow, ProgrammeRow } from '../programme/programme.entity';
import { VoucherRow } from '../grant/voucher.entity';
import { AidApplicationRow } from '../grant/aid.entity';
import { CareBatchRow, CareVisitRow } from '../care/care.entity';
import { PartnerRow } from '../partner/partner.entity';
import { MemberFactRow } from '../memberfacts/memberfact.entity';

/*
 * What benefits does when members reports that the tree changed (`org.changed`), applied
 * once per event (the inbox) and in members' order:
 *
 * - MOVE: every copy of a path under the moved org follows: programmes, allocations,
 *   vouchers, partners, care batches and visits, aid applications.
 * - MERGE: what the merged org held becomes the survivor's. Its members' vouchers, aid
 *   applications and care visits follow them (members moved them already); programmes,
 *   partners and care batches it owned are owned by the survivor. Its programme shares
 *   (allocations) are added to the survivor's share of the same programme (quota, budget,
 *   used, spent, what was carved out to children; the children and the vouchers point at the
 *   survivor's share then), or, where the survivor has none, become the survivor's share.
 * - The copy of member facts (member_fact) follows too: members moved the members already.
 * - CLOSE: nothing to change; recorded so it is not applied twice.
 */

const PATH_COPIES: readonly string[] = ['programme', 'allocation', 'voucher', 'partner', 'care_batch', 'care_visit', 'aid_application', 'member_fact'];

/** Rows that belong to an org and simply change hands in a merge. */
const OWNED = [ProgrammeRow, VoucherRow, AidApplicationRow, CareBatchRow, CareVisitRow, PartnerRow, MemberFactRow] as const;

/** Applies one change; false when it had been applied before (nothing changes then). */
export function applyOrgChange(db: DataSource, change: OrgChange): Promise<boolean> {
  return withContentionRetry(() =>
    db.transaction(async (em) => {
      if (!(await receiveOnce(em, orgChangeTopic('benefits'), change.eventId))) return false;
      if (change.action === OrgChangeAction.MOVE) {
        for (const table of PATH_COPIES) await rewritePathPrefix(em, table, 'org_path', change.fromPath, change.toPath);
      } else if (change.action === OrgChangeAction.MERGE) {
        await handOver(em, change);
      }
      // Programmes' paths or owners changed: the partner desk's cache in every replica drops its programmes.
      if (change.action === OrgChangeAction.MOVE || change.action === OrgChangeAction.MERGE) await recordBenefitsChange(em, BenefitsChangeKind.PROGRAMMES, change.orgId);
      return true;
    }),
  );
}

async function handOver(em: EntityManager, change: OrgChange): Promise<void> {
  const survivor = { orgId: change.survivorId, orgPath: change.survivorPath };
  if (!survivor.orgId || !survivor.orgPath) throw new Error(`org.changed ${change.eventId}: a merge without a survivor`);
  const shares = await em.getRepository(AllocationRow).find({ where: { orgId: change.orgId }, order: { id: 'ASC' } });
  const theirs = shares.length ? await em.getRepository(AllocationRow).find({ where: { orgId: survivor.orgId, programmeId: In(shares.map((s) => s.programmeId)) } }) : [];
  for (const share of shares) {
    const into = theirs.find((t) => t.programmeId === share.programmeId);
    if (!into) {
      await em.update(AllocationRow, { id: share.id }, { ...survivor, version: share.version + 1 } as never);
      continue;
    }
    const sum = (a: number | null, b: number | null) => (a === null ? null : a + (b ?? 0));
    await em.update(AllocationRow, { id: into.id }, {
      quota: sum(into.quota, share.quota), budgetCents: sum(into.budgetCents, share.budgetCents),
      used: into.used + share.used, spentCents: Number(into.spentCents) + Number(share.spentCents),
      allocatedToChildren: into.allocatedToChildren + share.allocatedToChildren, budgetToChildren: Number(into.budgetToChildren) + Number(share.budgetToChildren),
      version: into.version + 1,
    });
    await em.update(AllocationRow, { parentId: share.id }, { parentId: into.id });
    await em.update(VoucherRow, { allocationId: share.id }, { allocationId: into.id });
    await em.delete(AllocationRow, { id: share.id });
  }
  for (const entity of OWNED) await em.update(entity, { orgId: change.orgId } as never, survivor as never);
}
