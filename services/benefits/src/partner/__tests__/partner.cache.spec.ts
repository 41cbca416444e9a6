import type { DataSource } from 'typeorm';
import type { Caller } from '@lianxin/auth';
import type { SubgraphContext } from '@lianxin/subgraph';
import { callerStub, contextFor } from '@lianxin/test-kit';
import { BenefitsChangeKind, BenefitsChangeRow, BenefitsHeadRow, recordBenefitsChange } from '../../changes/changes.feed';
import { PartnerProgrammeRow, ProgrammeRow } from '../../programme/programme.entity';
import { closeProgramme, setProgrammeRules } from '../../programme/programme.service';
import { benefitsEngines } from '../../programme/__tests__/harness';
import * as vouchers from '../../voucher/voucher.service';
import { NOW, refusal, SECRET, world } from '../../voucher/__tests__/world';
import { memberQrPayload } from '../member.qr';
import { PartnerDeskCache } from '../partner.cache';
import * as desk from '../partner.desk';
import { PartnerKeyRow, PartnerKind, PartnerRow } from '../partner.entity';
import * as partners from '../partner.service';
import { RegisterPartnerInput } from '../partner.types';

const { admin, staff, member: memberCaller } = callerStub;

/**
 * The partner desk with its cache on, as a benefits replica runs it: the cache follows
 * benefits' change feed, here polled by hand (`cache.feed.poll()`) where a replica polls every
 * second. What the desk answers is the same as without the cache (partner.spec.ts); what is
 * shown here is where it comes from: a warm check reads no binding or programme row, and a
 * change made through the services reaches the desk with the next poll.
 */
describe.each(benefitsEngines('partner_cache'))('the partner desk cache on $name', (engine) => {
  let db: DataSource;
  let close: () => Promise<void>;
  let cache: PartnerDeskCache;
  let ctxOf: (caller: Caller) => SubgraphContext;
  const w = world(() => db);
  const { orgs, facts } = w;

  beforeAll(async () => {
    ({ db, close } = await engine.open());
    // Polled by hand; 60 s between polls keeps it trusted for the whole suite.
    cache = new PartnerDeskCache(db, { pollMs: 60_000 });
    ctxOf = contextFor({ db: () => db, orgs: orgs.directory, facts, services: { internalSecret: SECRET, partnerDesk: cache } });
    await cache.feed.poll();
  });
  afterAll(() => close?.());

  const deskOf = (p: PartnerRow): Caller => ({ sub: `partner-key:${p.id}`, role: 'partner', partnerId: p.id, perms: [] });

  /** A cinema programme, a partner serving it, a claimed voucher and a member who may claim. */
  async function served() {
    const programme = await w.programme({ quota: 10 });
    const cinema = await partners.registerPartner(ctxOf(staff(orgs.d1)), Object.assign(new RegisterPartnerInput(), { name: '滨江影城', kind: PartnerKind.CINEMA, orgId: orgs.d1.id }), NOW);
    await partners.bindPartnerProgramme(ctxOf(staff(orgs.d1)), cinema.id, programme.id);
    const holder = facts.add(orgs.e1, { name: '王建国' });
    const voucher = await vouchers.claimVoucher(ctxOf(memberCaller(facts.facts.get(holder.id)!)), programme.id, NOW);
    const fresh = facts.add(orgs.e2, { name: '李娜' });
    const qr = memberQrPayload(SECRET, fresh.id);
    const eligibility = () => desk.checkEligibility(ctxOf(deskOf(cinema)), programme.id, qr, NOW);
    const voucherCheck = () => desk.checkVoucher(ctxOf(deskOf(cinema)), voucher.code!, NOW);
    await cache.feed.poll();
    return { programme, cinema, voucher, eligibility, voucherCheck };
  }

  const UNKNOWN = { valid: false, reasons: ['UNKNOWN_CODE'], programmeName: null, memberName: null, expiresAt: null, remainingQuota: null };

  test('warm, a check reads no binding and no programme row: rows changed behind the feed\'s back are not seen', async () => {
    const { programme, cinema, eligibility, voucherCheck } = await served();
    expect(await eligibility()).toEqual({ eligible: true, reasons: [], memberName: '李*', remainingQuota: 9 });
    expect(await voucherCheck()).toMatchObject({ valid: true, programmeName: '免费观影', remainingQuota: 9 });
    // Straight to the tables, with no feed entry: only a desk that reads them would notice.
    await db.getRepository(PartnerProgrammeRow).delete({ partnerId: cinema.id, programmeId: programme.id });
    await db.getRepository(ProgrammeRow).update({ id: programme.id }, { name: '改名未经服务' });
    expect(await eligibility()).toMatchObject({ eligible: true });
    expect(await voucherCheck()).toMatchObject({ valid: true, programmeName: '免费观影' });
    // The same change through the service writes the feed: the next poll drops the binding.
    await partners.unbindPartnerProgramme(ctxOf(staff(orgs.d1)), cinema.id, programme.id);
    await cache.feed.poll();
    expect((await refusal(eligibility())).code).toBe('NOT_FOUND');
    expect(await voucherCheck()).toEqual(UNKNOWN);
  });

  test('an unbind takes effect at the desk with the next poll of the feed, not after a TTL', async () => {
    const { programme, cinema, eligibility, voucherCheck } = await served();
    await eligibility();
    await partners.unbindPartnerProgramme(ctxOf(staff(orgs.d1)), cinema.id, programme.id);
    await cache.feed.poll();
    expect((await refusal(eligibility())).code).toBe('NOT_FOUND');
    expect(await voucherCheck()).toEqual(UNKNOWN);
    // Bound again: served again, with the next poll.
    await partners.bindPartnerProgramme(ctxOf(admin), cinema.id, programme.id);
    await cache.feed.poll();
    expect(await eligibility()).toMatchObject({ eligible: true });
  });

  test('nothing once the partner is deactivated; served again when reactivated', async () => {
    const { cinema, eligibility, voucherCheck } = await served();
    await eligibility();
    await partners.setPartnerActive(ctxOf(staff(orgs.d1)), cinema.id, false);
    await cache.feed.poll();
    expect((await refusal(eligibility())).code).toBe('NOT_FOUND');
    expect(await voucherCheck()).toEqual(UNKNOWN);
    await partners.setPartnerActive(ctxOf(staff(orgs.d1)), cinema.id, true);
    await cache.feed.poll();
    expect(await eligibility()).toMatchObject({ eligible: true });
  });

  test('a programme change (closed) reaches the desk with the next poll', async () => {
    const { programme, eligibility } = await served();
    expect(await eligibility()).toMatchObject({ eligible: true });
    await closeProgramme(ctxOf(admin), programme.id, NOW);
    await cache.feed.poll();
    expect(await eligibility()).toMatchObject({ eligible: false });
  });

  test('a sensitive programme is never served, even when bound behind the services\' back', async () => {
    const { programme, cinema, eligibility } = await served();
    await eligibility();
    // Only possible straight in the tables (the services refuse it); the feed then names the programme.
    await db.getRepository(ProgrammeRow).update({ id: programme.id }, { sensitive: true });
    await db.transaction((em) => recordBenefitsChange(em, BenefitsChangeKind.PROGRAMME, programme.id));
    await cache.feed.poll();
    expect((await refusal(eligibility())).code).toBe('NOT_FOUND');
    expect(await cache.served(cinema.id)).toEqual([]);
  });

  test('callers who are not partners are FORBIDDEN with the cache on, and the cache holds nothing of them', async () => {
    const held = cache.size;
    for (const caller of [staff(orgs.d1), admin, memberCaller(facts.add(orgs.e1))]) {
      expect((await refusal(desk.checkVoucher(ctxOf(caller), 'x', NOW))).code).toBe('FORBIDDEN');
      expect((await refusal(desk.checkEligibility(ctxOf(caller), 'x', 'y', NOW))).code).toBe('FORBIDDEN');
    }
    expect(cache.size).toEqual(held);
  });

  test('every writer appends to the feed in its own transaction; a refused write appends nothing', async () => {
    const { programme, cinema } = await served();
    const feed = () => db.getRepository(BenefitsChangeRow).find({ order: { seq: 'ASC' } });
    const start = (await feed()).length;
    const key = await partners.issuePartnerKey(ctxOf(staff(orgs.d1)), cinema.id, NOW);
    const hash = (await db.getRepository(PartnerKeyRow).findOneByOrFail({ id: key.id })).hash;
    await partners.revokePartnerKey(ctxOf(staff(orgs.d1)), key.id, NOW);
    await partners.setPartnerActive(ctxOf(staff(orgs.d1)), cinema.id, false);
    await partners.setPartnerActive(ctxOf(staff(orgs.d1)), cinema.id, true);
    await partners.unbindPartnerProgramme(ctxOf(staff(orgs.d1)), cinema.id, programme.id);
    await setProgrammeRules(ctxOf(admin), programme.id, { requires: [{ type: 'membership', status: ['ACTIVE', 'RETAINED'] }] }, NOW);
    expect((await feed()).slice(start).map((c) => [c.kind, c.subject])).toEqual([
      ['KEY', hash],
      ['KEY', hash],
      ['PARTNER', cinema.id],
      ['PARTNER', cinema.id],
      ['BINDING', cinema.id],
      ['PROGRAMME', programme.id],
    ]);
    // Refused: another district's staff cannot see the partner; nothing is written.
    const rows = (await feed()).length;
    expect((await refusal(partners.setPartnerActive(ctxOf(staff(orgs.d2)), cinema.id, false))).code).toBe('NOT_FOUND');
    expect((await refusal(setProgrammeRules(ctxOf(admin), programme.id, { requires: [{ type: 'nonsense' }] }, NOW))).code).toBe('BAD_USER_INPUT');
    expect(await feed()).toHaveLength(rows);
  });

  test('a feed reset (the head behind the cursor) drops everything cached', async () => {
    const { eligibility } = await served();
    await eligibility();
    expect(cache.size.partners).toBeGreaterThan(0);
    const before = cache.feed.stats.drops.reset;
    // A restored backup: the feed starts again from zero.
    await db.getRepository(BenefitsChangeRow).clear();
    await db.getRepository(BenefitsHeadRow).update({ id: 1 }, { seq: 0 });
    await cache.feed.poll();
    expect(cache.size).toEqual({ partners: 0, programmes: 0 });
    expect(cache.feed.stats.drops.reset).toBe(before + 1);
    expect(await db.getRepository(PartnerRow).count()).toBeGreaterThan(0);
  });
});
