import { createHash } from 'node:crypto';
import { newId } from '@lianxin/auth';
import { badInput, conflict, isUniqueViolation, lean, notFound, type SubgraphContext, withContentionRetry, wholeSeconds, decodeIdCursor, encodeIdCursor, unscoped } from '@lianxin/subgraph';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { EligibilityStatus, PARTNER_SAFE_REASONS, type ReasonCode } from '../eligibility/eligibility.engine';
import { answerFor, answerWith } from '../eligibility/eligibility.service';
import type { Answer } from '../eligibility/eligibility.engine';
import type { MemberFactsReplica } from '../memberfacts/memberfacts.replica';
import { readForEligibility, readForVoucher } from './partner.statements';
import { memberFacts, type MemberFactsSource } from '@lianxin/members-client';
import { maskName } from '../member/member.mask';
import { ProgrammeRow, PartnerProgrammeRow } from '../programme/programme.entity';
import { ProgrammeState } from '../programme/programme.enums';
import { normaliseVoucherCode } from '../voucher/voucher.code';
import { RedemptionRow, VoucherRow, VoucherState } from '../grant/voucher.entity';
import { voucherError, VoucherErrorCode } from '../voucher/voucher.errors';
import { verifyMemberQr } from './member.qr';
import { cachedServedProgramme, deskCache } from './partner.cache';
import { partnerIdOf, partnerQuery } from './partner.scope';
import { PARTNER_LIMITS, PartnerReason } from './partner.types';

/**
 * The partner desk: check a voucher, check a member's eligibility by their QR, redeem,
 * list one's own redemptions. Every read goes through partnerQuery() (the programmes the
 * calling partner serves, never a sensitive one); what comes back is a yes or no, reason
 * codes, a masked name, programme names and quota figures — never a member fact.
 */


/**
 * Where the desk reads member facts: benefits' own copy (memberfacts/), fed by members'
 * `member.changed`, so a check makes no members call; members itself when the subgraph was
 * started without a copy. Claims and aid applications do not come here: they ask members.
 */
function deskFacts(ctx: SubgraphContext): MemberFactsSource {
  return (ctx.services?.memberFactsReplica as MemberFactsSource | undefined) ?? memberFacts(ctx);
}

/* ---------- what the desk serves ---------- */

export interface DeskProgrammeResult {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  open: boolean;
}

/**
 * The programmes the calling partner is bound to (never a sensitive one, nothing once the
 * partner is deactivated): what its desk offers in the eligibility check. Running ones
 * first, then by start day.
 */
export async function deskProgrammes(ctx: SubgraphContext): Promise<DeskProgrammeResult[]> {
  const rows = await partnerQuery(ctx, ProgrammeRow, 'p', { programme: 'p.id' }).orderBy('p.startsOn', 'DESC').addOrderBy('p.id', 'ASC').getMany();
  return rows
    .map((p) => ({ id: p.id, name: p.name, startsOn: p.startsOn, endsOn: p.endsOn, open: p.state === ProgrammeState.ACTIVE }))
    .sort((a, b) => Number(b.open) - Number(a.open));
}

/* ---------- checks ---------- */

export interface VoucherCheckResult {
  valid: boolean;
  reasons: PartnerReason[];
  programmeName: string | null;
  memberName: string | null;
  expiresAt: Date | null;
  remainingQuota: number | null;
}

/** Unknown, and a code of a programme the partner does not serve: the very same answer. */
const UNKNOWN: Readonly<VoucherCheckResult> = Object.freeze({ valid: false, reasons: [PartnerReason.UNKNOWN_CODE], programmeName: null, memberName: null, expiresAt: null, remainingQuota: null });

type VoucherWithProgramme = VoucherRow & { programme: ProgrammeRow };

const voucherQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  partnerQuery(ctx, VoucherRow, 'v', { programme: 'v.programmeId' }, em).innerJoinAndMapOne('v.programme', ProgrammeRow, 'vp', 'vp.id = v.programmeId');

const voucherByCode = (ctx: SubgraphContext, code: string, em?: EntityManager): Promise<VoucherWithProgramme | null> =>
  voucherQuery(ctx, em).andWhere('v.code = :code', { code }).getOne() as Promise<VoucherWithProgramme | null>;

/** Why a voucher cannot be redeemed now; empty when it can. */
function blockers(v: VoucherRow, now: Date): PartnerReason[] {
  switch (v.state) {
    case VoucherState.REDEEMED:
      return [PartnerReason.ALREADY_REDEEMED];
    case VoucherState.CANCELLED:
      return [PartnerReason.CANCELLED];
    case VoucherState.EXPIRED:
      return [PartnerReason.EXPIRED];
    default:
      // Past its expiry but not yet swept: expired all the same.
      return v.expiresAt.getTime() <= now.getTime() ? [PartnerReason.EXPIRED] : [];
  }
}

/**
 * Units of the programme not yet issued anywhere in its tree (children's shares are carved
 * from the root's), as a column of the read that already passed the partner binding
 * (`alias` is a ProgrammeRow there): the sum over the programme's allocations, read in the
 * same statement rather than in one more.
 */
const USED = '__used';
function withUsed<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, programmeId: string): SelectQueryBuilder<T> {
  return qb.addSelect(`(SELECT COALESCE(SUM(__al.used), 0) FROM allocation __al WHERE __al.programme_id = ${programmeId})`, USED);
}

function unissued(programme: Pick<ProgrammeRow, 'quota'>, raw: Record<string, unknown> | undefined): number | null {
  if (programme.quota === null) return null;
  return Math.max(0, programme.quota - Number(raw?.[USED] ?? 0));
}

async function maskedNames(ctx: SubgraphContext, memberIds: string[]): Promise<Map<string, string>> {
  const facts = await deskFacts(ctx).get(memberIds);
  // A member no longer on the register still gets a name-shaped mask, never an id.
  return new Map(memberIds.map((id) => [id, maskName(facts.get(id)?.name ?? '')]));
}

/** The voucher with its programme and the quota used: from the desk's cache of bindings and programmes when warm (no binding or programme row read), else in one joined read. */
async function voucherCheckRead(ctx: SubgraphContext, code: string): Promise<{ entities: VoucherRow[]; raw: Record<string, unknown>[] }> {
  const cache = deskCache(ctx);
  if (!cache) return withUsed(voucherQuery(ctx).andWhere('v.code = :code', { code }), 'vp.id').getRawAndEntities();
  const served = await cache.served(partnerIdOf(ctx));
  const { entities, raw } = await withUsed(partnerQuery(ctx, VoucherRow, 'v', { programme: 'v.programmeId' }, undefined, served).andWhere('v.code = :code', { code }), 'v.programme_id').getRawAndEntities();
  const programme = entities[0] && (await cache.programme(entities[0].programmeId));
  if (!programme) return { entities: [], raw: [] };
  return { entities: [Object.assign(entities[0], { programme })], raw };
}

export async function checkVoucher(ctx: SubgraphContext, code: string, now: Date = new Date()): Promise<VoucherCheckResult> {
  partnerIdOf(ctx);
  const normal = normaliseVoucherCode(code);
  const cache = deskCache(ctx);
  if (!lean.on || !cache) return checkVoucherAsBefore(ctx, normal, now);
  // One statement (partner.statements.ts): the voucher among the programmes the cache says
  // the partner serves, its programme's issued units and the member's row in the copy.
  const read = normal ? await readForVoucher(ctx, normal, await cache.served(partnerIdOf(ctx))) : null;
  const programme = read && (await cache.programme(read.voucher.programmeId));
  if (!read || !programme) return { ...UNKNOWN, reasons: [...UNKNOWN.reasons] };
  const v = read.voucher;
  const reasons = blockers(v, now);
  const copy = ctx.services?.memberFactsReplica as MemberFactsReplica | undefined;
  // The copy's masked name when it may answer; else the name as deskFacts() gets it.
  const memberName = copy?.usable(read.facts)?.name ?? (await maskedNames(ctx, [v.memberId])).get(v.memberId)!;
  const left = programme.quota === null ? null : Math.max(0, programme.quota - read.used);
  return { valid: reasons.length === 0, reasons, programmeName: programme.name, memberName, expiresAt: v.expiresAt, remainingQuota: left };
}

/** checkVoucher as before issue 11's last cut (SUBGRAPH_LEAN=off, or no desk cache): the voucher read, then the name. */
async function checkVoucherAsBefore(ctx: SubgraphContext, normal: string | null, now: Date): Promise<VoucherCheckResult> {
  const found = normal ? await voucherCheckRead(ctx, normal) : null;
  const v = found?.entities[0] as VoucherWithProgramme | undefined;
  if (!v) return { ...UNKNOWN, reasons: [...UNKNOWN.reasons] };
  const reasons = blockers(v, now);
  const names = await maskedNames(ctx, [v.memberId]);
  return { valid: reasons.length === 0, reasons, programmeName: v.programme.name, memberName: names.get(v.memberId)!, expiresAt: v.expiresAt, remainingQuota: unissued(v.programme, found!.raw[0]) };
}

export interface PartnerEligibilityResult {
  eligible: boolean;
  reasons: PartnerReason[];
  memberName: string | null;
  remainingQuota: number | null;
}

/** Reasons a partner may hear pass as they are; every other one (hardship, aid, children, employment) is NOT_ELIGIBLE. */
export function partnerReasons(codes: readonly ReasonCode[]): PartnerReason[] {
  const out = new Set<PartnerReason>();
  for (const code of codes) out.add(PARTNER_SAFE_REASONS.includes(code) ? (code as unknown as PartnerReason) : PartnerReason.NOT_ELIGIBLE);
  return [...out];
}

/**
 * Whether the member a QR names may use one of the partner's programmes. The QR is
 * signed by this service, so a partner cannot enumerate members by id. The decision is
 * the member's own eligibility answer, reduced to partner-safe reason codes.
 */
export async function checkEligibility(ctx: SubgraphContext, programmeId: string, memberQr: string, now: Date = new Date()): Promise<PartnerEligibilityResult> {
  partnerIdOf(ctx);
  const secret = ctx.services?.internalSecret as string | undefined;
  const memberId = secret ? verifyMemberQr(secret, memberQr) : null;
  if (!lean.on) return checkEligibilityAsBefore(ctx, programmeId, memberId, now);
  // Two reads that do not depend on each other, overlapped: the programme the partner serves
  // (from the desk's cache when it is warm and trusted, partner.cache.ts; else through the
  // binding in the database), and everything else about the member and the programme's
  // shares in one statement (partner.statements.ts). An unknown or unbound programme
  // answers NOT_FOUND whatever the other read found. A cached programme row is shared between
  // requests: nothing below (answerWith, evaluate) may change it.
  const programmeRead = cachedServedProgramme(ctx, programmeId).then((cached) =>
    cached === undefined ? partnerQuery(ctx, ProgrammeRow, 'p', { programme: 'p.id' }).andWhere('p.id = :id', { id: programmeId }).getOne() : cached,
  );
  const memberRead = memberId ? readForEligibility(ctx, programmeId, memberId) : Promise.resolve(null);
  memberRead.catch(() => undefined);
  const programme = await programmeRead;
  if (!programme) throw notFound('programme', programmeId);
  const read = await memberRead;
  if (!memberId || !read) return invalidQr();
  const em = unscoped(ctx, 'programme rules, quotas and allocations decide for everyone they are handed down to').manager;
  const left = programme.quota === null ? null : Math.max(0, programme.quota - read.used);
  const copy = ctx.services?.memberFactsReplica as MemberFactsReplica | undefined;
  const fromCopy = copy?.usable(read.facts);
  if (fromCopy) {
    const answer = await answerWith(em, programme, fromCopy, read, { now });
    return partnerAnswer(answer, fromCopy.name, left);
  }
  // Not in the copy, too old, the feed behind, or no copy at all: the facts as deskFacts()
  // gets them (members), and the member's share by the path those facts give.
  const facts = await deskFacts(ctx).one(memberId);
  if (!facts) return invalidQr();
  return partnerAnswer(await answerFor(em, programme, facts, { now }), facts.name, left);
}

/**
 * The check as it was before issue 11 (SUBGRAPH_LEAN=off, for the bench to measure against):
 * no desk cache, the programme through the binding joins with its units issued, the facts,
 * then the rules, grants and share in three more reads.
 */
async function checkEligibilityAsBefore(ctx: SubgraphContext, programmeId: string, memberId: string | null, now: Date): Promise<PartnerEligibilityResult> {
  const programmeRead = withUsed(partnerQuery(ctx, ProgrammeRow, 'p', { programme: 'p.id' }).andWhere('p.id = :id', { id: programmeId }), 'p.id').getRawAndEntities();
  const factsRead = memberId ? deskFacts(ctx).one(memberId) : Promise.resolve(null);
  factsRead.catch(() => undefined);
  const { entities, raw } = await programmeRead;
  const programme = entities[0];
  if (!programme) throw notFound('programme', programmeId);
  const facts = await factsRead;
  if (!facts) return invalidQr();
  const answer = await answerFor(unscoped(ctx, 'programme rules, quotas and allocations decide for everyone they are handed down to').manager, programme, facts, { now });
  return partnerAnswer(answer, facts.name, unissued(programme, raw[0]));
}

/** A QR this service did not sign, or of a member no longer on the register: nothing about anyone. */
const invalidQr = (): PartnerEligibilityResult => ({ eligible: false, reasons: [PartnerReason.INVALID_QR], memberName: null, remainingQuota: null });

function partnerAnswer(answer: Answer, name: string, remainingQuota: number | null): PartnerEligibilityResult {
  const eligible = answer.status === EligibilityStatus.ELIGIBLE;
  return { eligible, reasons: eligible ? [] : partnerReasons(answer.reasons.map((r) => r.code)), memberName: maskName(name), remainingQuota };
}

/* ---------- redemption ---------- */

export interface RedemptionResult {
  id: string;
  code: string;
  programmeId: string;
  programmeName: string;
  memberName: string;
  redeemedAt: Date;
}

type RedemptionWithParts = RedemptionRow & { voucher: VoucherRow; programme: ProgrammeRow };

const redemptionQuery = (ctx: SubgraphContext) =>
  partnerQuery(ctx, RedemptionRow, 'r', { programme: 'r.programmeId', partner: 'r.partnerId' })
    .innerJoinAndMapOne('r.voucher', VoucherRow, 'rv', 'rv.id = r.voucherId')
    .innerJoinAndMapOne('r.programme', ProgrammeRow, 'rp', 'rp.id = r.programmeId');

async function shape(ctx: SubgraphContext, rows: RedemptionWithParts[]): Promise<RedemptionResult[]> {
  const names = rows.length ? await maskedNames(ctx, [...new Set(rows.map((r) => r.voucher.memberId))]) : new Map<string, string>();
  return rows.map((r) => ({ id: r.id, code: r.voucher.code, programmeId: r.programmeId, programmeName: r.programme.name, memberName: names.get(r.voucher.memberId)!, redeemedAt: r.at }));
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]+$/;

function idempotencyKeyOf(key: string): string {
  if (!key || key.length > PARTNER_LIMITS.idempotencyKey || !IDEMPOTENCY_KEY.test(key)) {
    throw badInput('idempotencyKey', `must be 1-${PARTNER_LIMITS.idempotencyKey} printable ASCII characters without spaces, e.g. a UUID; send the same key again only to retry the same redemption`);
  }
  return key;
}

const requestHashOf = (code: string): string => createHash('sha256').update(`redeemVoucher\n${code}`).digest('hex');

async function priorRedemption(ctx: SubgraphContext, idempotencyKey: string): Promise<RedemptionWithParts | null> {
  return (await redemptionQuery(ctx).andWhere('r.idempotencyKey = :key', { key: idempotencyKey }).getOne()) as RedemptionWithParts | null;
}

/** A retry: the first answer again, or an error when the key was used for something else. */
async function replay(ctx: SubgraphContext, prior: RedemptionWithParts, requestHash: string): Promise<RedemptionResult> {
  if (prior.requestHash !== requestHash) {
    throw voucherError(
      VoucherErrorCode.IDEMPOTENCY_KEY_REUSED,
      'This idempotency key was already used for a different redemption. Use a new key for each new redemption; reuse a key only to retry the very same request.',
    );
  }
  return (await shape(ctx, [prior]))[0];
}

/**
 * Redeems a voucher exactly once. In one transaction:
 *   UPDATE voucher SET state = REDEEMED … WHERE code = ? AND state = ISSUED AND
 *     expires_at > now AND programme_id IN (the caller's programmes)
 * must change exactly one row (of any number of simultaneous attempts, one does), then
 * the redemption row is inserted; its unique voucher_id is the backstop, and its unique
 * (partner_id, idempotency_key) makes a retry find the first answer. The same key with
 * another code is IDEMPOTENCY_KEY_REUSED; a new key on a redeemed voucher is
 * ALREADY_REDEEMED.
 */
export async function redeemVoucher(ctx: SubgraphContext, code: string, idempotencyKey: string, now: Date = new Date()): Promise<RedemptionResult> {
  const partnerId = partnerIdOf(ctx);
  const key = idempotencyKeyOf(idempotencyKey);
  const normal = normaliseVoucherCode(code);
  const requestHash = requestHashOf(normal ?? (code ?? '').trim());

  const prior = await priorRedemption(ctx, key);
  if (prior) return replay(ctx, prior, requestHash);
  if (!normal) throw unknownCode();

  const at = wholeSeconds(now);
  let redemptionId: string | null = null;
  try {
    redemptionId = await withContentionRetry(() =>
      ctx.db.transaction(async (em) => {
        const served = partnerQuery(ctx, PartnerProgrammeRow, 'b', { programme: 'b.programmeId' }, em).select('b.programmeId');
        const result = await em
          .createQueryBuilder()
          .update(VoucherRow)
          .set({ state: VoucherState.REDEEMED, redeemedAt: at, partnerId, version: () => 'version + 1' })
          .where('code = :code AND state = :issued AND expires_at > :now', { code: normal, issued: VoucherState.ISSUED, now })
          .andWhere(`programme_id IN (${served.getQuery()})`)
          .setParameters(served.getParameters())
          .execute();
        if (result.affected !== 1) return null;
        const v = await voucherByCode(ctx, normal, em);
        if (!v) throw conflict('voucher');
        const id = newId(now.getTime());
        await em.insert(RedemptionRow, { id, voucherId: v.id, programmeId: v.programmeId, partnerId, idempotencyKey: key, requestHash, at });
        return id;
      }),
    );
  } catch (err) {
    // A simultaneous request with the same key got in first; everything here was rolled back.
    if (!isUniqueViolation(err)) throw err;
  }
  if (redemptionId) {
    const done = (await redemptionQuery(ctx).andWhere('r.id = :id', { id: redemptionId }).getOne()) as RedemptionWithParts | null;
    if (done) return (await shape(ctx, [done]))[0];
  }
  return explainRefusal(ctx, key, requestHash, normal, now);
}

const unknownCode = () =>
  voucherError(VoucherErrorCode.UNKNOWN_CODE, 'No voucher with this code exists for a programme you serve. Check the code, or scan the QR code again.', { reasons: [PartnerReason.UNKNOWN_CODE] });

/** Nothing was redeemed: say why, from fresh reads made after the transaction ended. */
async function explainRefusal(ctx: SubgraphContext, key: string, requestHash: string, code: string, now: Date): Promise<RedemptionResult> {
  const prior = await priorRedemption(ctx, key);
  if (prior) return replay(ctx, prior, requestHash);
  const v = await voucherByCode(ctx, code);
  if (!v) throw unknownCode();
  const [reason] = blockers(v, now);
  switch (reason) {
    case PartnerReason.ALREADY_REDEEMED:
      throw voucherError(VoucherErrorCode.ALREADY_REDEEMED, 'This voucher has already been redeemed; it cannot be used again.', { reasons: [reason] });
    case PartnerReason.CANCELLED:
      throw voucherError(VoucherErrorCode.CANCELLED, 'This voucher was cancelled and cannot be used.', { reasons: [reason] });
    case PartnerReason.EXPIRED:
      throw voucherError(VoucherErrorCode.EXPIRED, `This voucher expired at ${v.expiresAt.toISOString()} and cannot be used.`, { reasons: [reason] });
    default:
      // Still issued and valid: the voucher changed under us (e.g. the binding); retrying is safe.
      throw conflict('voucher');
  }
}

/* ---------- the partner's own redemptions ---------- */

export interface RedemptionPage {
  edges: { cursor: string; node: RedemptionResult }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}


/** Newest first, keyset on the redemption id (ULIDs sort by time) over ix_redemption_partner. */
export async function myRedemptions(ctx: SubgraphContext, first: number, after?: string | null): Promise<RedemptionPage> {
  partnerIdOf(ctx);
  const qb = redemptionQuery(ctx);
  if (after) qb.andWhere('r.id < :after', { after: decodeIdCursor(after) });
  const rows = (await qb.orderBy('r.id', 'DESC').limit(first + 1).getMany()) as RedemptionWithParts[];
  const page = await shape(ctx, rows.slice(0, first));
  return {
    edges: page.map((node) => ({ cursor: encodeIdCursor(node.id), node })),
    pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeIdCursor(page[page.length - 1].id) : null },
  };
}
