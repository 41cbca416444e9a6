import fs from 'node:fs';
import path from 'node:path';
import { describeRule, diffRules, fromDocument, newRule, RULE_TYPES, ruleProblems, SENSITIVE_RULE_TYPES, toDocument, type Rule, type RuleType } from './rules';

/** The published grammar: the editor must offer every rule type it has, and send only what it allows. */
const SCHEMA = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'services', 'benefits', 'src', 'rules', 'rules.schema.json'), 'utf8')) as {
  $defs: Record<string, { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }>; required?: string[] }> & { rule: { properties: { type: { enum: string[] } } } };
};

describe('the rule types', () => {
  test('the editor offers exactly the types of the schema, each with a title and a hint in Chinese', () => {
    expect(RULE_TYPES.map((r) => r.type).sort()).toEqual([...SCHEMA.$defs.rule.properties.type.enum].sort());
    for (const r of RULE_TYPES) expect(`${r.title}${r.hint}`).toMatch(/^[\u4e00-\u9fff].*。$/);
    expect(SENSITIVE_RULE_TYPES).toEqual(['hardship', 'notAidedBy']);
  });

  test('a document holds only the properties each type takes, with empty optional lists left out', () => {
    const all: Rule[] = RULE_TYPES.map((r) => ({ ...newRule(r.type), minAge: null, maxAge: 12, stages: [], programmeIds: [], kinds: ['CARE_VISIT'] }) as Rule);
    for (const rule of toDocument(all).requires) {
      const allowed = Object.keys(SCHEMA.$defs[rule.type].properties);
      expect([rule.type, Object.keys(rule).filter((k) => !allowed.includes(k))]).toEqual([rule.type, []]);
      for (const req of SCHEMA.$defs[rule.type].required ?? []) expect([rule.type, req, req in rule]).toEqual([rule.type, req, true]);
    }
    expect(toDocument([{ type: 'child', minAge: null, maxAge: 12, stages: [] }]).requires).toEqual([{ type: 'child', maxAge: 12 }]);
    expect(toDocument([{ type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], programmeIds: [], withinDays: 365 }]).requires).toEqual([{ type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], withinDays: 365 }]);
  });

  test('the values the form offers are the values the schema allows', () => {
    const enumOf = (type: string, prop: string) => [...(SCHEMA.$defs[type].properties[prop].items?.enum ?? SCHEMA.$defs[type].properties[prop].enum ?? [])].sort();
    expect(enumOf('perMemberLimit', 'period')).toEqual(['MONTH', 'PROGRAMME', 'YEAR']);
    expect(enumOf('membership', 'status')).toEqual(['ACTIVE', 'LEFT', 'RETAINED', 'TRANSFERRING']);
  });

  test('a document read back keeps its rules; the default count per member is filled in', () => {
    expect(fromDocument({ requires: [{ type: 'perMemberLimit', count: 1, period: 'MONTH' }, { type: 'quota' }] })).toEqual([{ type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' }, { type: 'quota' }]);
    expect(fromDocument(null)).toEqual([]);
    expect(fromDocument({ nothing: true })).toEqual([]);
  });
});

describe('ruleProblems', () => {
  test('a good set of rules has none', () => {
    expect(ruleProblems([newRule('membership'), newRule('perMemberLimit'), newRule('quota')])).toEqual([]);
  });
  test('each empty list, bad number and crossed rule is named in a sentence', () => {
    expect(ruleProblems([{ type: 'membership', status: [] }])).toEqual(['“会籍状态”：至少选一种会籍状态。']);
    expect(ruleProblems([newRule('employmentType')])).toEqual(['“就业形态”：至少选一种就业形态。']);
    expect(ruleProblems([{ type: 'child', minAge: 12, maxAge: 6 }])).toEqual(['“子女年龄或学段”：最小年龄不能大于最大年龄。']);
    expect(ruleProblems([{ type: 'child', minAge: 31 }])).toEqual(['“子女年龄或学段”：年龄要填 0 到 30 的整数。']);
    expect(ruleProblems([{ type: 'perMemberLimit', count: 0, period: 'MONTH', per: 'CHILD' }])).toEqual(['“限领次数”：次数要填 1 到 1000 的整数。', '“限领次数”：按子女计次，需要同时设“子女年龄或学段”条件。']);
    expect(ruleProblems([{ type: 'notAidedBy', kinds: [], programmeIds: [], withinDays: 0 }])).toEqual(['“不重复帮扶”：至少选一类帮扶或一个项目。', '“不重复帮扶”：天数要填 1 到 3650 的整数。']);
    expect(ruleProblems([newRule('child'), newRule('child')])).toEqual(['子女条件只能有一条。']);
  });
});

describe('describeRule', () => {
  test('each rule reads as a plain sentence', () => {
    const read = (r: Rule) => describeRule(r, (id) => (id === 'P1' ? '市级劳模救助' : id));
    expect(read({ type: 'membership', status: ['ACTIVE', 'RETAINED'] })).toBe('会籍状态为正常、保留会籍');
    expect(read({ type: 'employmentType', anyOf: ['DELIVERY_RIDER', 'COURIER'] })).toBe('就业形态为外卖骑手、快递员');
    expect(read({ type: 'hardship', tiers: ['DEEP', 'ACCIDENT'] })).toBe('已建档的困难职工（深度困难、意外致困）');
    expect(read({ type: 'modelWorker' })).toBe('劳模');
    expect(read({ type: 'child', minAge: 6, maxAge: 18, stages: ['PRIMARY', 'JUNIOR_HIGH'] })).toBe('有登记的子女，年龄 6 至 18 岁，学段为小学、初中');
    expect(read({ type: 'child' })).toBe('有登记的子女，年龄不限，学段不限');
    expect(read({ type: 'child', minAge: 3 })).toBe('有登记的子女，年龄 3 岁及以上，学段不限');
    expect(read({ type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' })).toBe('每位会员每月最多 1 次');
    expect(read({ type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'CHILD' })).toBe('每个子女每年最多 1 次');
    expect(read({ type: 'quota' })).toBe('所在单位还有名额');
    expect(read({ type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], programmeIds: ['P1'], withinDays: 365 })).toBe('近 365 天内没有得到过困难劳模帮扶、“市级劳模救助”的帮扶');
  });
});

describe('diffRules', () => {
  const v1: Rule[] = [{ type: 'membership', status: ['ACTIVE'] }, { type: 'perMemberLimit', count: 1, period: 'MONTH' }];
  test('a changed count is one change, with before and after', () => {
    const v2: Rule[] = [{ type: 'membership', status: ['ACTIVE'] }, { type: 'perMemberLimit', count: 2, period: 'MONTH', per: 'MEMBER' }];
    expect(diffRules(v1, v2)).toEqual([{ kind: 'changed', title: '限领次数', before: '每位会员每月最多 1 次', after: '每位会员每月最多 2 次' }]);
  });
  test('added and removed rules are named; the same rules are no change, whatever the order of properties', () => {
    const v3: Rule[] = [{ type: 'perMemberLimit', period: 'MONTH', count: 1, per: 'MEMBER' }, { type: 'quota' }];
    expect(diffRules(v1, v3)).toEqual([
      { kind: 'removed', title: '会籍状态', before: '会籍状态为正常' },
      { kind: 'added', title: '名额用完即止', after: '所在单位还有名额' },
    ]);
    expect(diffRules(v1, [...v1])).toEqual([]);
    const types = (changes: { title: string }[]) => changes.map((c) => c.title);
    expect(types(diffRules([], v1))).toEqual(['会籍状态', '限领次数']);
  });
  test('two rules of one type are matched in order', () => {
    const a: Rule[] = [{ type: 'employmentType', anyOf: ['COURIER'] }, { type: 'employmentType', anyOf: ['REGULAR'] }];
    const b: Rule[] = [{ type: 'employmentType', anyOf: ['COURIER'] }];
    expect(diffRules(a, b)).toEqual([{ kind: 'removed', title: '就业形态', before: '就业形态为普通职工' }]);
    expect(diffRules(b, a).map((c) => c.kind)).toEqual(['added']);
  });
});

// Every type has a sentence: a new type in the schema without one fails here.
test.each(RULE_TYPES.map((r) => r.type))('%s has a sentence', (type: RuleType) => {
  expect(describeRule(newRule(type))).toMatch(/[\u4e00-\u9fff]/);
});
