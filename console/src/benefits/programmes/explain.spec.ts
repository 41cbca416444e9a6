import fs from 'node:fs';
import path from 'node:path';
import { chineseDate, explain, EXPLAINED_CODES, type ExplainInput } from './explain';

const SDL = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'services', 'benefits', 'schema.graphql'), 'utf8');
const reasonCodes = (/enum ReasonCode \{([\s\S]*?)\n\}/.exec(SDL)?.[1] ?? '').replace(/"""[\s\S]*?"""/g, '').split(/\s+/).filter((w) => /^[A-Z_]+$/.test(w));

const cinema = { name: '全市职工免费观影', kind: 'CINEMA_VOUCHER', state: 'ACTIVE', startsOn: '2026-11-01', endsOn: '2026-12-31' };
const base = (over: Partial<ExplainInput>): ExplainInput => ({
  answer: { status: 'ELIGIBLE', reasons: [], ruleVersion: 3, nextEligibleOn: null },
  memberName: '王建国',
  programme: cinema,
  rules: [{ type: 'membership', status: ['ACTIVE'] }, { type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }, { type: 'quota' }],
  today: '2026-11-20',
  ...over,
});

describe('explain', () => {
  test('eligible: one sentence, and the rule version', () => {
    expect(explain(base({}))).toEqual({ headline: '王建国现在可以领取“全市职工免费观影”。', reasons: [], next: null, version: '以上按第 3 版领取条件判断。' });
  });

  test('a monthly limit: the limit in words, and the day it lifts', () => {
    const x = explain(base({ answer: { status: 'INELIGIBLE', reasons: [{ code: 'LIMIT_REACHED' }], ruleVersion: 3, nextEligibleOn: '2026-12-01' } }));
    expect(x).toEqual({
      headline: '王建国现在还不能领取“全市职工免费观影”，原因是：',
      reasons: ['每位会员每月最多领取 1 次，王建国本月已经领取过 1 次了。'],
      next: '从 2026年12月1日 起，王建国就可以领取了。',
      version: '以上按第 3 版领取条件判断。',
    });
  });

  test('every reason is said, and when waiting does not help that is said too', () => {
    const x = explain(base({
      memberName: '刘芳',
      rules: [{ type: 'employmentType', anyOf: ['DELIVERY_RIDER', 'COURIER'] }, { type: 'quota' }],
      answer: { status: 'INELIGIBLE', reasons: [{ code: 'EMPLOYMENT_TYPE_NOT_COVERED' }, { code: 'QUOTA_EXHAUSTED' }, { code: 'OUTSIDE_PROGRAMME_AREA' }], ruleVersion: 1, nextEligibleOn: null },
    }));
    expect(x.reasons).toEqual(['这个项目只面向外卖骑手、快递员，刘芳的就业形态不在其中。', '刘芳所在单位的名额已经用完了。', '刘芳所在的工会不在这个项目覆盖的范围内。']);
    expect(x.next).toBe('这些情况不会随着时间自动改变。');
  });

  test('education aid speaks of applying, of the child, and of the ages it covers', () => {
    const aid = { ...cinema, name: '金秋助学', kind: 'EDUCATION_AID' };
    const rules = [{ type: 'child' as const, minAge: 6, maxAge: 18, stages: ['PRIMARY', 'JUNIOR_HIGH'] }, { type: 'perMemberLimit' as const, count: 1, period: 'YEAR' as const, per: 'CHILD' as const }];
    const x = explain(base({ programme: aid, rules, childName: '王小明', answer: { status: 'INELIGIBLE', reasons: [{ code: 'CHILD_NOT_COVERED' }, { code: 'LIMIT_REACHED' }], ruleVersion: 2, nextEligibleOn: null } }));
    expect(x.headline).toBe('王建国现在还不能申请“金秋助学”（为子女王小明），原因是：');
    expect(x.reasons).toEqual(['子女王小明不在范围内：这个项目要求年龄 6 至 18 岁，学段为小学、初中。', '每个子女每年最多申请 1 次，子女王小明今年已经申请过 1 次了。']);
    const needs = explain(base({ programme: aid, rules, answer: { status: 'NEEDS_INFO', reasons: [{ code: 'NO_CHILD_RECORDED' }], ruleVersion: 2 } }));
    expect(needs.headline).toBe('还不能判断王建国能不能申请“金秋助学”，需要先补充信息：');
    expect(needs.reasons).toEqual(['王建国还没有登记子女。请先在会员资料里登记子女，再来查询。']);
  });

  test('a programme not open says why: in preparation, not yet started, past its last day, or closed', () => {
    const notOpen = (state: string, today: string) => explain(base({ programme: { ...cinema, state }, today, answer: { status: 'INELIGIBLE', reasons: [{ code: 'PROGRAMME_NOT_OPEN' }], ruleVersion: 1 } })).reasons[0];
    expect(notOpen('DRAFT', '2026-11-20')).toBe('这个项目还在筹备中，还没有开放。');
    expect(notOpen('ACTIVE', '2026-10-20')).toBe('这个项目要到 2026年11月1日 才开始。');
    expect(notOpen('ACTIVE', '2027-01-05')).toBe('这个项目已经在 2026年12月31日 截止了。');
    expect(notOpen('CLOSED', '2026-11-20')).toBe('这个项目已经结束了。');
  });

  test('already aided names what aided them and for how long', () => {
    const x = explain(base({ rules: [{ type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], programmeIds: ['P1'], withinDays: 365 }], programmeName: () => '市级劳模救助', answer: { status: 'INELIGIBLE', reasons: [{ code: 'ALREADY_AIDED' }], ruleVersion: 1, nextEligibleOn: '2027-03-02' } }));
    expect(x.reasons).toEqual(['王建国最近 365 天内已经得到过困难劳模帮扶、“市级劳模救助”的帮扶，不能重复享受。']);
    expect(x.next).toBe('从 2027年3月2日 起，王建国就可以领取了。');
  });

  test('every reason code of the API has its own Chinese sentence', () => {
    expect([...EXPLAINED_CODES].sort()).toEqual([...reasonCodes].sort());
    for (const code of reasonCodes) {
      const sentence = explain(base({ rules: [], answer: { status: 'INELIGIBLE', reasons: [{ code }], ruleVersion: 1 } })).reasons[0];
      expect([code, /[\u4e00-\u9fff]/.test(sentence), sentence.includes(code)]).toEqual([code, true, false]);
    }
  });

  test('dates read the Chinese way', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
  });
});
