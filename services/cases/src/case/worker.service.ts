import { hasPermission, newId } from '@lianxin/auth';
import { badInput, defineLoader, DomainError, ErrorCode, maskPhone, type SubgraphContext } from '@lianxin/subgraph';
import { CaseContactAccessRow, type CaseRow } from '../casefile/case.entity';

/*
 * A worker who is not a member (phoned the hotline, walked in): staff record a name and a
 * phone for the callback (回访). The phone is personal data like a member's: encrypted at
 * rest (worker.pii.ts), masked by default, shown in full only to admins and staff holding
 * pii:read, and every full read is logged first. The ledger never holds either.
 */

const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;

/** A non-member's name and phone as staff typed them, checked. */
export function workerContact(input: { name: string; phone: string }): { name: string; phone: string } {
  const name = input.name.trim();
  if (name.length < 2 || name.length > 50) throw badInput('worker.name', 'write the worker\'s name as they gave it, 2-50 characters');
  const phone = input.phone.replace(/\s/g, '');
  if (!MOBILE.test(phone) && !LANDLINE.test(phone)) {
    throw badInput('worker.phone', 'write an 11-digit mobile such as 13812345678, or a landline with its area code such as 0571-87654321');
  }
  return { name, phone };
}

/** Audit rows of this request's full reads, one statement; nothing is shown if it fails. */
const contactAudit = defineLoader<string, true>((ctx) => async (caseIds) => {
  const at = new Date();
  await ctx.db.transaction((em) =>
    em
      .createQueryBuilder()
      .insert()
      .into(CaseContactAccessRow)
      .values(caseIds.map((caseId) => ({ id: newId(), caseId, actorSub: ctx.caller.sub, actorRole: ctx.caller.role, actorOrgId: ctx.caller.orgId ?? null, at })))
      .execute(),
  );
  return caseIds.map(() => true as const);
});

/** The worker's phone on a case the caller can already see: masked, or in full with pii:read, audited. */
export async function workerPhone(ctx: SubgraphContext, c: Pick<CaseRow, 'id' | 'workerPhone'>, reveal: boolean): Promise<string | null> {
  if (!c.workerPhone) return null;
  if (!reveal) return maskPhone(c.workerPhone);
  const allowed = ctx.caller.role === 'admin' || (ctx.caller.role === 'staff' && hasPermission(ctx.caller, 'pii:read'));
  if (!allowed) throw new DomainError(ErrorCode.FORBIDDEN, 'Viewing a full phone number needs the pii:read permission. Ask an admin to grant it, or omit reveal.');
  await contactAudit(ctx).load(c.id);
  return c.workerPhone;
}
