import { newId } from '@lianxin/auth';
import { conflict, DomainError, ErrorCode, idempotent, inScope, type OnceWriter, isUniqueViolation, notFound, requireScope, type SubgraphContext, withContentionRetry, wholeSeconds, unscoped } from '@lianxin/subgraph';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { EligibilityStatus, periodOf } from '../eligibility/eligibility.engine';
import type { Rule } from '../rules/eligibility.rules';
import { answerFor, rulesOf } from '../eligibility/eligibility.service';
import { dayEnd, memberFacts, type MemberFacts } from '@lianxin/members-client';
import { notifyVoucherIssued } from './voucher.notify';
import { returnToAllocation, takeFromChain } from '../programme/allocation.service';
import type { ProgrammeRow } from '../programme/programme.entity';
import { ProgrammeState, VOUCHER_KINDS } from '../programme/programme.enums';
import { programmeById } from '../programme/programme.loader';
import { newVoucherCode } from './voucher.code';
import { VoucherRow, VoucherState } from '../grant/voucher.entity';
import { voucherError, VoucherErrorCode } from './voucher.errors';
import { voucherById, voucherQuery } from './voucher.loader';


/** The last second of a programme's last day, Beijing time. */
const endOfProgramme = (p: Pick<ProgrammeRow, 'endsOn'>): Date => dayEnd(p.endsOn);

/** A voucher lasts voucher_valid_days from issue, never past the programme's end. */
export function expiryOf(p: Pick<ProgrammeRow, 'endsOn' | 'voucherValidDays'>, now: Date): Date {
  const end = endOfProgramme(p).getTime();
  const valid = p.voucherValidDays ? now.getTime() + p.voucherValidDays * 86_400_000 : end;
  return wholeSeconds(Math.min(valid, end));
}

type LimitRule = Extract<Rule, { type: 'perMemberLimit' }>;
const PERIOD_ORDER = { MONTH: 0, YEAR: 1, PROGRAMME: 2 } as const;

/**
 * The per-member limit the database backstops. A voucher has one limit_key, so with
 * several limit rules the one with the shortest period is keyed: simultaneous claims
 * collide within it first. The others are still enforced by the eligibility answer.
 * Per-child limits belong to aid (vouchers carry no child).
 */
function keyedLimit(rules: Rule[]): LimitRule | null {
  const limits = rules.filter((r): r is LimitRule => r.type === 'perMemberLimit' && r.per === 'MEMBER');
  limits.sort((a, b) => PERIOD_ORDER[a.period] - PERIOD_ORDER[b.period] || a.count - b.count);
  return limits[0] ?? null;
}

/**
 * Inserts the voucher in the lowest free slot `<programme>:<member>:<period>:<n>` of the
 * limit. limit_key is unique, so of two claims racing for the last slot the database
 * lets one in; the other finds every slot taken and the whole claim is undone.
 */
async function insertVoucher(em: EntityManager, row: VoucherRow, limit: LimitRule | null, now: Date): Promise<VoucherRow> {
  if (!limit) {
    await em.insert(VoucherRow, row);
    return row;
  }
  const prefix = `${row.programmeId}:${row.memberId}:${periodOf(limit.period, now).key}:`;
  const held = await em.find(VoucherRow, { where: { memberId: row.memberId, programmeId: row.programmeId, limitKey: Not(IsNull()) }, select: { id: true, limitKey: true } });
  const taken = new Set(held.map((v) => v.limitKey));
  for (let n = 1; n <= limit.count; n++) {
    const limitKey = `${prefix}${n}`;
    if (taken.has(limitKey)) continue;
    try {
      await em.insert(VoucherRow, { ...row, limitKey });
      return Object.assign(new VoucherRow(), row, { limitKey });
    } catch (err) {
      // A simultaneous claim took this slot first; the statement alone failed, try the next.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw voucherError(VoucherErrorCode.LIMIT_REACHED, `The limit of ${limit.count} per ${limit.period.toLowerCase()} is reached for this programme.`, {
    reasons: [VoucherErrorCode.LIMIT_REACHED],
    nextEligibleOn: periodOf(limit.period, now).next,
  });
}

/**
 * The one path to a new voucher, for a member's claim and a staff issue alike:
 * 1. the programme must be a voucher kind, open, and visible to the caller;
 * 2. eligibility on fresh facts (the cached ones could predate a status change);
 * 3. one transaction: take a unit from the member's own share, or once it is empty from
 *    the nearest share above with room (takeFromChain: one conditional UPDATE per share
 *    tried, so exactly N of any number of simultaneous claims get one of N units), then
 *    insert the voucher in a free per-member limit slot. Any refusal rolls both back, so
 *    nothing is half-written; contention is retried within the budget, then CONFLICT.
 */
async function issue(ctx: SubgraphContext, programmeId: string, facts: MemberFacts, now: Date, once?: OnceWriter): Promise<VoucherRow> {
  const programme = await programmeById(ctx).load(programmeId);
  if (!programme) throw notFound('programme', programmeId);
  if (!VOUCHER_KINDS.includes(programme.kind)) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `programmeId: ${programme.name} is a ${programme.kind} programme, which issues no vouchers. Vouchers exist for ${VOUCHER_KINDS.join(', ')}.`, { field: 'programmeId' });
  }
  if (programme.state !== ProgrammeState.ACTIVE) {
    throw new DomainError(ErrorCode.INVALID_STATE, `${programme.name} is ${programme.state === ProgrammeState.DRAFT ? 'not open yet' : 'closed'}; vouchers are issued only while it is open.`);
  }

  const answer = await answerFor(unscoped(ctx, 'programme rules, quotas and allocations decide for everyone they are handed down to').manager, programme, facts, { now });
  if (answer.status !== EligibilityStatus.ELIGIBLE) {
    throw voucherError(VoucherErrorCode.NOT_ELIGIBLE, `Not eligible for ${programme.name}: ${answer.reasons.map((r) => r.message).join(' ')}`, {
      reasons: answer.reasons.map((r) => r.code),
      ruleVersion: answer.ruleVersion,
      nextEligibleOn: answer.nextEligibleOn,
    });
  }
  const limit = keyedLimit((await rulesOf(unscoped(ctx, 'programme rules, quotas and allocations decide for everyone they are handed down to').manager, programme)).requires);

  const transaction = once ? once.transaction : <R>(work: (em: EntityManager) => Promise<R>) => ctx.db.transaction(work);
  const voucher = await withContentionRetry(() =>
    transaction(async (em) => {
      const allocation = await takeFromChain(em, programme.id, facts.orgPath, 1);
      if (!allocation) {
        throw voucherError(VoucherErrorCode.QUOTA_EXHAUSTED, `No ${programme.name} vouchers are left for this member's union. Ask the union whether more will be allocated.`, {
          reasons: [VoucherErrorCode.QUOTA_EXHAUSTED],
        });
      }
      const row = Object.assign(new VoucherRow(), {
        id: newId(now.getTime()),
        programmeId: programme.id,
        memberId: facts.id,
        orgId: facts.orgId,
        orgPath: facts.orgPath,
        allocationId: allocation.id,
        code: newVoucherCode(),
        state: VoucherState.ISSUED,
        issuedAt: wholeSeconds(now),
        expiresAt: expiryOf(programme, now),
        redeemedAt: null,
        partnerId: null,
        limitKey: null,
        issuedBy: ctx.caller.sub,
        version: 1,
      });
      const issued = await insertVoucher(em, row, limit, now);
      await notifyVoucherIssued(em, issued, programme.name, now);
      return issued;
    }, (v: VoucherRow) => v.id),
  );
  voucherById(ctx).prime(voucher.id, voucher);
  return voucher;
}

/** Facts as the members subgraph has them now; a claim must not rest on a cached status. */
async function freshFacts(ctx: SubgraphContext, memberId: string): Promise<MemberFacts> {
  const client = memberFacts(ctx);
  client.forget(memberId);
  const facts = await client.one(memberId);
  if (!facts) throw notFound('member', memberId);
  return facts;
}

/** A member claims a voucher for themself; with an idempotencyKey, a retry gets the voucher the first claim issued. */
export async function claimVoucher(ctx: SubgraphContext, programmeId: string, now: Date = new Date(), idempotencyKey?: string | null): Promise<VoucherRow> {
  const memberId = ctx.caller.memberId;
  if (ctx.caller.role !== 'member' || !memberId) throw new DomainError(ErrorCode.FORBIDDEN, 'Only a member can claim a voucher for themself; staff use issueVoucher.');
  return idempotent(ctx, { operation: 'claimVoucher', key: idempotencyKey, request: { programmeId } }, (id) => voucherById(ctx).load(id), async (once) =>
    issue(ctx, programmeId, await freshFacts(ctx, memberId), now, once),
  );
}

/** Staff issue a voucher to a member of their subtree, by the same rules as a claim. */
export async function issueVoucher(ctx: SubgraphContext, programmeId: string, memberId: string, now: Date = new Date()): Promise<VoucherRow> {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Vouchers are issued by union staff; members claim their own.');
  const facts = await freshFacts(ctx, memberId);
  // Out of scope reads as missing.
  if (!inScope(scope, { path: facts.orgPath })) throw notFound('member', memberId);
  return issue(ctx, programmeId, facts, now);
}

/**
 * The member or staff in scope cancel an issued voucher: a versioned update, the unit
 * goes back to the allocation and the per-member limit slot is freed, in one transaction.
 */
export async function cancelVoucher(ctx: SubgraphContext, id: string): Promise<VoucherRow> {
  const cancelled = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const v = await voucherQuery(ctx, em).andWhere('v.id = :id', { id }).getOne();
      if (!v) throw notFound('voucher', id);
      if (v.state !== VoucherState.ISSUED) {
        throw new DomainError(ErrorCode.INVALID_STATE, `This voucher is ${v.state.toLowerCase()}; only an issued voucher can be cancelled.`, { state: v.state });
      }
      const result = await em
        .createQueryBuilder()
        .update(VoucherRow)
        .set({ state: VoucherState.CANCELLED, limitKey: null, version: () => 'version + 1' })
        .where('id = :id AND version = :version AND state = :issued', { id: v.id, version: v.version, issued: VoucherState.ISSUED })
        .execute();
      if (result.affected !== 1) throw conflict('voucher');
      await returnToAllocation(em, v.allocationId, 1);
      return Object.assign(new VoucherRow(), v, { state: VoucherState.CANCELLED, limitKey: null, version: v.version + 1 });
    }),
  );
  voucherById(ctx).clear(cancelled.id).prime(cancelled.id, cancelled);
  return cancelled;
}

/** Whether the caller may see a voucher's code: the member it belongs to, staff and admin (who see it only in scope). */
export function maySeeCode(ctx: SubgraphContext, v: Pick<VoucherRow, 'memberId'>): boolean {
  const { caller } = ctx;
  if (caller.role === 'member') return caller.memberId === v.memberId;
  return caller.role === 'staff' || caller.role === 'admin';
}
