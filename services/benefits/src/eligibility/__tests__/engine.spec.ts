import { chinaDate, SchoolStage } from '@lianxin/members-client';
import { EligibilityStatus, evaluate, periodOf, ReasonCode, type EligibilityInput, type Facts, type ProgrammeView } from '../eligibility.engine';
import type { Grant } from '../../grant/grant.loader';
import type { Rule } from '../../rules/eligibility.rules';

/** The pure engine: no database, every edge decided by the China calendar (UTC+8). */

const P = 'P0000000000000000000000001';
const OTHER = 'P0000000000000000000000002';
const programme: ProgrammeView = { id: P, orgPath: '/CITY/D1/', state: 'ACTIVE', startsOn: '2030-01-01', endsOn: '2031-12-31', rulesVersion: 3 };
const facts = (over: Partial<Facts> = {}): Facts => ({
  id: 'M1',
  orgPath: '/CITY/D1/S1/E1/',
  status: 'ACTIVE',
  employmentType: 'DELIVERY_RIDER',
  modelWorker: false,
  hardshipTier: null,
  children: [],
  ...over,
});
const run = (requires: Rule[], over: Partial<EligibilityInput> = {}) =>
  evaluate({ programme, rules: { requires }, facts: facts(), grants: [], remainingQuota: null, now: new Date('2030-06-15T04:00:00Z'), ...over });
const codes = (a: { reasons: { code: ReasonCode }[] }) => a.reasons.map((r) => r.code);
const grant = (at: string, over: Partial<Grant> = {}): Grant => ({ programmeId: P, kind: 'CINEMA_VOUCHER', at: new Date(at), childId: null, ...over });

describe('China calendar', () => {
  it('dates an instant in Beijing, not UTC', () => {
    expect(chinaDate(new Date('2030-06-30T15:59:59Z'))).toBe('2030-06-30');
    expect(chinaDate(new Date('2030-06-30T16:00:00Z'))).toBe('2030-07-01');
  });

  it('starts the next month and year on the right day, December included', () => {
    expect(periodOf('MONTH', new Date('2030-06-30T16:00:00Z'))).toEqual({ key: '2030-07', next: '2030-08-01' });
    expect(periodOf('MONTH', new Date('2030-12-31T15:59:00Z'))).toEqual({ key: '2030-12', next: '2031-01-01' });
    expect(periodOf('YEAR', new Date('2030-12-31T16:00:00Z'))).toEqual({ key: '2031', next: '2032-01-01' });
    expect(periodOf('PROGRAMME', new Date('2030-12-31T16:00:00Z'))).toEqual({ key: 'P', next: null });
  });
});

describe('evaluate', () => {
  it('requires an ACTIVE membership unless the rules name the statuses they cover', () => {
    const left = facts({ status: 'LEFT' });
    const retained = facts({ status: 'RETAINED' });
    expect(codes(evaluate({ programme, rules: { requires: [] }, facts: left, grants: [], remainingQuota: null, now: new Date('2030-06-15T04:00:00Z') }))).toEqual([ReasonCode.NOT_ACTIVE_MEMBER]);
    expect(codes(evaluate({ programme, rules: { requires: [] }, facts: retained, grants: [], remainingQuota: null, now: new Date('2030-06-15T04:00:00Z') }))).toEqual([ReasonCode.NOT_ACTIVE_MEMBER]);
    const widened = { requires: [{ type: 'membership' as const, status: ['ACTIVE', 'RETAINED'] }] };
    expect(evaluate({ programme, rules: widened, facts: retained, grants: [], remainingQuota: null, now: new Date('2030-06-15T04:00:00Z') }).status).toBe(EligibilityStatus.ELIGIBLE);
    expect(run([]).status).toBe(EligibilityStatus.ELIGIBLE);
  });

  it('answers ELIGIBLE with no reasons and names the rule version', () => {
    const a = run([{ type: 'membership', status: ['ACTIVE'] }, { type: 'employmentType', anyOf: ['DELIVERY_RIDER'] }]);
    expect(a).toEqual({ status: EligibilityStatus.ELIGIBLE, reasons: [], ruleVersion: 3, nextEligibleOn: null, childId: null });
  });

  it('lists every failing rule together, not just the first', () => {
    const a = run(
      [{ type: 'membership', status: ['ACTIVE'] }, { type: 'employmentType', anyOf: ['COURIER'] }, { type: 'modelWorker' }, { type: 'hardship', tiers: ['DEEP'] }],
      { facts: facts({ status: 'LEFT', orgPath: '/CITY/D2/S3/E9/' }) },
    );
    expect(a.status).toBe(EligibilityStatus.INELIGIBLE);
    expect(codes(a)).toEqual([
      ReasonCode.OUTSIDE_PROGRAMME_AREA,
      ReasonCode.NOT_ACTIVE_MEMBER,
      ReasonCode.EMPLOYMENT_TYPE_NOT_COVERED,
      ReasonCode.NOT_MODEL_WORKER,
      ReasonCode.NOT_HARDSHIP_TIER,
    ]);
    expect(a.nextEligibleOn).toBeNull();
    expect(a.reasons.every((r) => r.message.length > 0)).toBe(true);
  });

  it('checks the subtree even when no rule mentions it, by path prefix and not by string likeness', () => {
    expect(codes(run([], { facts: facts({ orgPath: '/CITY/D10/S1/' }) }))).toEqual([ReasonCode.OUTSIDE_PROGRAMME_AREA]);
    expect(codes(run([], { facts: facts({ orgPath: '/CITY/D1/' }) }))).toEqual([]);
  });

  it('accepts a hardship tier only when it is one of the covered tiers', () => {
    const rule: Rule[] = [{ type: 'hardship', tiers: ['DEEP', 'ACCIDENT'] }];
    expect(run(rule, { facts: facts({ hardshipTier: 'DEEP' }) }).status).toBe(EligibilityStatus.ELIGIBLE);
    expect(codes(run(rule, { facts: facts({ hardshipTier: 'GENERAL' }) }))).toEqual([ReasonCode.NOT_HARDSHIP_TIER]);
    expect(codes(run(rule, { facts: facts({ hardshipTier: null }) }))).toEqual([ReasonCode.NOT_HARDSHIP_TIER]);
  });

  describe('programme window', () => {
    it('dates a programme that has not opened yet; a draft or ended one gives no date', () => {
      const early = run([], { programme: { ...programme, startsOn: '2030-07-01' } });
      expect(early).toMatchObject({ status: EligibilityStatus.INELIGIBLE, nextEligibleOn: '2030-07-01' });
      expect(codes(early)).toEqual([ReasonCode.PROGRAMME_NOT_OPEN]);
      expect(run([], { programme: { ...programme, state: 'DRAFT' } }).nextEligibleOn).toBeNull();
      expect(run([], { programme: { ...programme, endsOn: '2030-06-14' } })).toMatchObject({ status: EligibilityStatus.INELIGIBLE, nextEligibleOn: null });
    });

    it('opens at midnight Beijing time on the first day and stays open through the last', () => {
      const p = { ...programme, startsOn: '2030-07-01', endsOn: '2030-07-31' };
      expect(run([], { programme: p, now: new Date('2030-06-30T15:59:00Z') }).status).toBe(EligibilityStatus.INELIGIBLE);
      expect(run([], { programme: p, now: new Date('2030-06-30T16:00:00Z') }).status).toBe(EligibilityStatus.ELIGIBLE);
      expect(run([], { programme: p, now: new Date('2030-07-31T15:59:00Z') }).status).toBe(EligibilityStatus.ELIGIBLE);
      expect(run([], { programme: p, now: new Date('2030-07-31T16:00:00Z') }).status).toBe(EligibilityStatus.INELIGIBLE);
    });
  });

  describe('child', () => {
    const rule: Rule[] = [{ type: 'child', minAge: 6, maxAge: 18 }];
    const kid = (id: string, birthDate: string, schoolStage: SchoolStage = SchoolStage.PRIMARY) => ({ id, birthDate, schoolStage });

    it('counts age in whole years on the Beijing date: covered from the birthday on', () => {
      const f = facts({ children: [kid('C1', '2024-06-15')] });
      // 2030-06-14 23:59 in Beijing: still 5.
      expect(codes(run(rule, { facts: f, now: new Date('2030-06-14T15:59:00Z') }))).toEqual([ReasonCode.CHILD_NOT_COVERED]);
      // 2030-06-15 00:00 in Beijing (still the 14th in UTC): 6 today.
      expect(run(rule, { facts: f, now: new Date('2030-06-14T16:00:00Z') })).toMatchObject({ status: EligibilityStatus.ELIGIBLE, childId: 'C1' });
    });

    it('keeps a child covered through the whole year of maxAge and drops them on the next birthday', () => {
      const f = facts({ children: [kid('C1', '2012-06-15', 'SENIOR_HIGH')] });
      expect(run(rule, { facts: f, now: new Date('2031-06-14T15:59:00Z') }).status).toBe(EligibilityStatus.ELIGIBLE); // 18
      expect(codes(run(rule, { facts: f, now: new Date('2031-06-14T16:00:00Z') }))).toEqual([ReasonCode.CHILD_NOT_COVERED]); // 19
    });

    it('counts a 29 February birthday on 1 March in common years', () => {
      const f = facts({ children: [kid('C1', '2024-02-29')] });
      const sixth = [{ type: 'child', minAge: 6 }] as Rule[];
      expect(run(sixth, { facts: f, now: new Date('2030-02-28T04:00:00Z') }).status).toBe(EligibilityStatus.INELIGIBLE);
      expect(run(sixth, { facts: f, now: new Date('2030-03-01T04:00:00Z') }).status).toBe(EligibilityStatus.ELIGIBLE);
    });

    it('checks the school stage', () => {
      const stage: Rule[] = [{ type: 'child', stages: ['UNIVERSITY'] }];
      expect(codes(run(stage, { facts: facts({ children: [kid('C1', '2012-01-01', 'SENIOR_HIGH')] }) }))).toEqual([ReasonCode.CHILD_NOT_COVERED]);
      expect(run(stage, { facts: facts({ children: [kid('C1', '2010-01-01', 'UNIVERSITY')] }) }).childId).toBe('C1');
    });

    it('needs information when no child is recorded, or several qualify and none is named', () => {
      const none = run(rule);
      expect(none).toMatchObject({ status: EligibilityStatus.NEEDS_INFO, nextEligibleOn: null, childId: null });
      expect(codes(none)).toEqual([ReasonCode.NO_CHILD_RECORDED]);
      const two = facts({ children: [kid('C1', '2018-01-01'), kid('C2', '2020-01-01')] });
      expect(codes(run(rule, { facts: two }))).toEqual([ReasonCode.CHILD_REQUIRED]);
      expect(run(rule, { facts: two }).status).toBe(EligibilityStatus.NEEDS_INFO);
      expect(run(rule, { facts: two, childId: 'C2' })).toMatchObject({ status: EligibilityStatus.ELIGIBLE, childId: 'C2' });
      expect(run(rule, { facts: two, childId: 'NOT-MINE' })).toMatchObject({ status: EligibilityStatus.NEEDS_INFO, childId: null });
    });

    it('picks the one qualifying child when only one of several qualifies', () => {
      const f = facts({ children: [kid('BABY', '2029-01-01'), kid('C2', '2020-01-01')] });
      expect(run(rule, { facts: f })).toMatchObject({ status: EligibilityStatus.ELIGIBLE, childId: 'C2' });
    });

    it('answers INELIGIBLE, not NEEDS_INFO, when something else already rules the member out', () => {
      const a = run([...rule, { type: 'modelWorker' }]);
      expect(a.status).toBe(EligibilityStatus.INELIGIBLE);
      expect(codes(a)).toEqual([ReasonCode.NO_CHILD_RECORDED, ReasonCode.NOT_MODEL_WORKER]);
      expect(a.nextEligibleOn).toBeNull();
    });
  });

  describe('per-member limits', () => {
    const monthly: Rule[] = [{ type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }];

    it('stops a second ticket in the month and dates the first of next month', () => {
      const a = run(monthly, { grants: [grant('2030-06-02T04:00:00Z')] });
      expect(a).toMatchObject({ status: EligibilityStatus.INELIGIBLE, nextEligibleOn: '2030-07-01' });
      expect(codes(a)).toEqual([ReasonCode.LIMIT_REACHED]);
    });

    it('puts a grant in the Beijing month it was made in', () => {
      // 1 July 00:30 in Beijing, 30 June in UTC: a July ticket.
      const july = grant('2030-06-30T16:30:00Z');
      expect(run(monthly, { grants: [july], now: new Date('2030-06-30T17:00:00Z') }).nextEligibleOn).toBe('2030-08-01');
      // 30 June 23:59 in Beijing: a June ticket, so July is free.
      const june = grant('2030-06-30T15:59:00Z');
      expect(run(monthly, { grants: [june], now: new Date('2030-06-30T16:00:00Z') }).status).toBe(EligibilityStatus.ELIGIBLE);
    });

    it('rolls a December limit over into January of the next year', () => {
      const a = run(monthly, { grants: [grant('2030-12-01T04:00:00Z')], now: new Date('2030-12-31T15:00:00Z') });
      expect(a.nextEligibleOn).toBe('2031-01-01');
      const yearly: Rule[] = [{ type: 'perMemberLimit', count: 2, period: 'YEAR', per: 'MEMBER' }];
      expect(run(yearly, { grants: [grant('2030-02-01T04:00:00Z')] }).status).toBe(EligibilityStatus.ELIGIBLE);
      expect(run(yearly, { grants: [grant('2030-02-01T04:00:00Z'), grant('2030-03-01T04:00:00Z')] }).nextEligibleOn).toBe('2031-01-01');
      // A grant on 31 December 2029 in Beijing does not count in 2030.
      expect(run(yearly, { grants: [grant('2029-12-31T15:59:00Z'), grant('2030-03-01T04:00:00Z')] }).status).toBe(EligibilityStatus.ELIGIBLE);
    });

    it('counts only this programme\'s grants, and per child when the limit is per child', () => {
      expect(run(monthly, { grants: [grant('2030-06-02T04:00:00Z', { programmeId: OTHER })] }).status).toBe(EligibilityStatus.ELIGIBLE);
      const perChild: Rule[] = [{ type: 'child' }, { type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'CHILD' }];
      const f = facts({ children: [{ id: 'C1', birthDate: '2015-01-01', schoolStage: 'PRIMARY' }, { id: 'C2', birthDate: '2016-01-01', schoolStage: 'PRIMARY' }] });
      const awarded = [grant('2030-02-01T04:00:00Z', { childId: 'C1' })];
      expect(run(perChild, { facts: f, grants: awarded, childId: 'C1' })).toMatchObject({ status: EligibilityStatus.INELIGIBLE, nextEligibleOn: '2031-01-01', childId: 'C1' });
      expect(run(perChild, { facts: f, grants: awarded, childId: 'C2' })).toMatchObject({ status: EligibilityStatus.ELIGIBLE, childId: 'C2' });
    });

    it('never dates a per-programme limit', () => {
      const once: Rule[] = [{ type: 'perMemberLimit', count: 1, period: 'PROGRAMME', per: 'MEMBER' }];
      expect(run(once, { grants: [grant('2030-01-05T04:00:00Z')] })).toMatchObject({ status: EligibilityStatus.INELIGIBLE, nextEligibleOn: null });
    });
  });

  it('reports an exhausted quota, and ignores quota when the programme has none', () => {
    expect(codes(run([{ type: 'quota' }], { remainingQuota: 0 }))).toEqual([ReasonCode.QUOTA_EXHAUSTED]);
    expect(run([{ type: 'quota' }], { remainingQuota: 0 }).nextEligibleOn).toBeNull();
    expect(run([{ type: 'quota' }], { remainingQuota: 1 }).status).toBe(EligibilityStatus.ELIGIBLE);
    expect(run([{ type: 'quota' }], { remainingQuota: null }).status).toBe(EligibilityStatus.ELIGIBLE);
  });

  describe('already aided elsewhere', () => {
    const rule: Rule[] = [{ type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], withinDays: 365 }];
    const aid = (at: string) => grant(at, { programmeId: OTHER, kind: 'MODEL_WORKER_AID' });

    it('dates the first whole Beijing day after the exclusion window of the latest aid', () => {
      // Aided 10 March 2030, 10:00 in Beijing: excluded through 10 March 2031, free from the 11th.
      const a = run(rule, { grants: [aid('2029-12-01T04:00:00Z'), aid('2030-03-10T02:00:00Z')] });
      expect(a).toMatchObject({ status: EligibilityStatus.INELIGIBLE, nextEligibleOn: '2031-03-11' });
      expect(codes(a)).toEqual([ReasonCode.ALREADY_AIDED]);
      expect(run(rule, { grants: [aid('2030-03-10T02:00:00Z')], now: new Date('2031-03-10T16:00:00Z') }).status).toBe(EligibilityStatus.ELIGIBLE);
      expect(run(rule, { grants: [aid('2030-03-10T02:00:00Z')], now: new Date('2031-03-09T16:00:00Z') }).status).toBe(EligibilityStatus.INELIGIBLE);
    });

    it('ignores aid outside the window, of other kinds, and of this programme itself', () => {
      expect(run(rule, { grants: [aid('2029-06-01T04:00:00Z')] }).status).toBe(EligibilityStatus.ELIGIBLE);
      expect(run(rule, { grants: [grant('2030-06-01T04:00:00Z', { programmeId: OTHER, kind: 'EDUCATION_AID' })] }).status).toBe(EligibilityStatus.ELIGIBLE);
      expect(run(rule, { grants: [grant('2030-06-01T04:00:00Z', { kind: 'MODEL_WORKER_AID' })] }).status).toBe(EligibilityStatus.ELIGIBLE);
      const byId: Rule[] = [{ type: 'notAidedBy', programmeIds: [OTHER], withinDays: 30 }];
      expect(run(byId, { grants: [grant('2030-06-01T04:00:00Z', { programmeId: OTHER })] }).nextEligibleOn).toBe('2030-07-02');
    });
  });

  describe('nextEligibleOn', () => {
    const monthly: Rule = { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' };

    it('is the latest date when every blocking reason ends on a date', () => {
      const a = run([monthly, { type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], withinDays: 60 }], {
        grants: [grant('2030-06-02T04:00:00Z'), grant('2030-06-01T04:00:00Z', { programmeId: OTHER, kind: 'MODEL_WORKER_AID' })],
      });
      expect(codes(a)).toEqual([ReasonCode.LIMIT_REACHED, ReasonCode.ALREADY_AIDED]);
      expect(a.nextEligibleOn).toBe('2030-08-01');
      const b = run([monthly], { grants: [grant('2030-06-02T04:00:00Z')], programme: { ...programme, startsOn: '2030-09-01' } });
      expect(b.nextEligibleOn).toBe('2030-09-01');
    });

    it('is null as soon as one blocking reason does not pass with time', () => {
      const a = run([monthly, { type: 'modelWorker' }], { grants: [grant('2030-06-02T04:00:00Z')] });
      expect(codes(a)).toEqual([ReasonCode.LIMIT_REACHED, ReasonCode.NOT_MODEL_WORKER]);
      expect(a.nextEligibleOn).toBeNull();
      expect(run([monthly, { type: 'quota' }], { grants: [grant('2030-06-02T04:00:00Z')], remainingQuota: 0 }).nextEligibleOn).toBeNull();
    });

    it('is null for NEEDS_INFO and ELIGIBLE answers', () => {
      expect(run([{ type: 'child' }]).nextEligibleOn).toBeNull();
      expect(run([monthly]).nextEligibleOn).toBeNull();
    });
  });

  it('gives the same answer for the same input (pure)', () => {
    const input: Rule[] = [{ type: 'membership', status: ['ACTIVE'] }, monthlyRule()];
    const g = [grant('2030-06-02T04:00:00Z')];
    expect(run(input, { grants: g })).toEqual(run(input, { grants: g }));
  });
});

function monthlyRule(): Rule {
  return { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' };
}
