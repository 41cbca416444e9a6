/**
 * Eligibility rules as a cadre edits and reads them. The API takes and returns a rules
 * document, `{ requires: [ { type, … } ] }` (services/benefits/src/rules/rules.schema.json,
 * docs/rules.md); here each rule type gets a title, a plain sentence, the checks a form makes
 * before sending, and the difference between two versions. Pure: unit-tested.
 */
import { EMPLOYMENT_TYPE, HARDSHIP_TIER, MEMBERSHIP_STATUS, PROGRAMME_KIND, SCHOOL_STAGE } from '../../ui/labels';

export type RuleType = 'membership' | 'employmentType' | 'hardship' | 'modelWorker' | 'child' | 'perMemberLimit' | 'quota' | 'notAidedBy';
export type Period = 'MONTH' | 'YEAR' | 'PROGRAMME';

/** One rule as the API writes it: `type` decides which other properties it has. */
export interface Rule {
  type: RuleType;
  status?: string[];
  anyOf?: string[];
  tiers?: string[];
  minAge?: number | null;
  maxAge?: number | null;
  stages?: string[] | null;
  count?: number | null;
  period?: Period;
  per?: 'MEMBER' | 'CHILD';
  kinds?: string[] | null;
  programmeIds?: string[] | null;
  withinDays?: number | null;
}

export interface RulesDoc {
  requires: Rule[];
}

/** Every rule type, in the order the editor offers them, with what it is for. */
export const RULE_TYPES: { type: RuleType; title: string; hint: string }[] = [
  { type: 'membership', title: '会籍状态', hint: '哪些会籍状态的会员可以参加。不设这一条时，只有会籍正常的会员可以参加。' },
  { type: 'employmentType', title: '就业形态', hint: '只面向某些就业形态的职工，例如外卖骑手、快递员、网约车司机。' },
  { type: 'hardship', title: '困难职工', hint: '只面向已建档的困难职工。' },
  { type: 'modelWorker', title: '劳模', hint: '只面向劳模。' },
  { type: 'child', title: '子女年龄或学段', hint: '按子女发放（例如金秋助学）：会员要有登记在册、年龄和学段合适的子女。' },
  { type: 'perMemberLimit', title: '限领次数', hint: '每人（或每个子女）在一段时间里最多领几次，例如每人每月 1 次。过期或作废的券不算。' },
  { type: 'quota', title: '名额用完即止', hint: '所在单位的名额用完时，资格查询就直接说明“名额已用完”。' },
  { type: 'notAidedBy', title: '不重复帮扶', hint: '最近一段时间已经得到过其他帮扶的会员，不能再享受本项目。' },
];

export const RULE_TITLE = Object.fromEntries(RULE_TYPES.map((r) => [r.type, r.title])) as Record<RuleType, string>;

/** Rules whose use reveals hardship or aid: the programme becomes sensitive, for good. */
export const SENSITIVE_RULE_TYPES: readonly RuleType[] = ['hardship', 'notAidedBy'];

export const PERIOD: Record<Period, string> = { MONTH: '每月', YEAR: '每年', PROGRAMME: '整个项目期间' };

/** A new rule of a type, with the values most programmes want. */
export function newRule(type: RuleType): Rule {
  switch (type) {
    case 'membership':
      return { type, status: ['ACTIVE'] };
    case 'employmentType':
      return { type, anyOf: [] };
    case 'hardship':
      return { type, tiers: ['GENERAL', 'DEEP', 'ACCIDENT'] };
    case 'perMemberLimit':
      return { type, count: 1, period: 'MONTH', per: 'MEMBER' };
    case 'notAidedBy':
      return { type, kinds: [], programmeIds: [], withinDays: 365 };
    default:
      return { type };
  }
}

const some = (xs: string[] | null | undefined): xs is string[] => !!xs && xs.length > 0;
const isNumber = (n: number | null | undefined): n is number => typeof n === 'number' && !Number.isNaN(n);

/** What the API is sent: only the properties the rule's type takes, empty optional lists left out. */
export function toDocument(rules: Rule[]): RulesDoc {
  return {
    requires: rules.map((r): Rule => {
      switch (r.type) {
        case 'membership':
          return { type: r.type, status: r.status ?? [] };
        case 'employmentType':
          return { type: r.type, anyOf: r.anyOf ?? [] };
        case 'hardship':
          return { type: r.type, tiers: r.tiers ?? [] };
        case 'child':
          return { type: r.type, ...(isNumber(r.minAge) ? { minAge: r.minAge } : {}), ...(isNumber(r.maxAge) ? { maxAge: r.maxAge } : {}), ...(some(r.stages) ? { stages: r.stages } : {}) };
        case 'perMemberLimit':
          return { type: r.type, count: r.count ?? null, period: r.period ?? 'MONTH', per: r.per ?? 'MEMBER' };
        case 'notAidedBy':
          return { type: r.type, ...(some(r.kinds) ? { kinds: r.kinds } : {}), ...(some(r.programmeIds) ? { programmeIds: r.programmeIds } : {}), withinDays: r.withinDays ?? null };
        default:
          return { type: r.type };
      }
    }),
  };
}

/** The rules of a document the API returned (older documents may leave `per` out). */
export function fromDocument(doc: unknown): Rule[] {
  const requires = (doc as RulesDoc | null)?.requires;
  if (!Array.isArray(requires)) return [];
  return requires.map((r) => (r.type === 'perMemberLimit' ? { per: 'MEMBER', ...r } : { ...r }));
}

/**
 * What the form must fix before sending, as sentences: the schema's own limits and the
 * checks between rules it cannot express (docs/rules.md, "What the schema cannot say").
 */
export function ruleProblems(rules: Rule[]): string[] {
  const problems: string[] = [];
  const has = (t: RuleType) => rules.some((r) => r.type === t);
  if (rules.length > 20) problems.push('条件最多 20 条。');
  if (rules.filter((r) => r.type === 'child').length > 1) problems.push('子女条件只能有一条。');
  for (const r of rules) {
    const title = `“${RULE_TITLE[r.type]}”`;
    if (r.type === 'membership' && !some(r.status)) problems.push(`${title}：至少选一种会籍状态。`);
    if (r.type === 'employmentType' && !some(r.anyOf)) problems.push(`${title}：至少选一种就业形态。`);
    if (r.type === 'hardship' && !some(r.tiers)) problems.push(`${title}：至少选一个困难类别。`);
    if (r.type === 'child') {
      for (const age of [r.minAge, r.maxAge]) if (isNumber(age) && (!Number.isInteger(age) || age < 0 || age > 30)) problems.push(`${title}：年龄要填 0 到 30 的整数。`);
      if (isNumber(r.minAge) && isNumber(r.maxAge) && r.minAge > r.maxAge) problems.push(`${title}：最小年龄不能大于最大年龄。`);
    }
    if (r.type === 'perMemberLimit') {
      if (!isNumber(r.count) || !Number.isInteger(r.count) || r.count < 1 || r.count > 1000) problems.push(`${title}：次数要填 1 到 1000 的整数。`);
      if (r.per === 'CHILD' && !has('child')) problems.push(`${title}：按子女计次，需要同时设“子女年龄或学段”条件。`);
    }
    if (r.type === 'notAidedBy') {
      if (!some(r.kinds) && !some(r.programmeIds)) problems.push(`${title}：至少选一类帮扶或一个项目。`);
      if (!isNumber(r.withinDays) || !Number.isInteger(r.withinDays) || r.withinDays < 1 || r.withinDays > 3650) problems.push(`${title}：天数要填 1 到 3650 的整数。`);
    }
  }
  return problems;
}

const names = (values: string[] | null | undefined, map: Record<string, string>): string => (values ?? []).map((v) => map[v] ?? v).join('、');

/** One rule as a sentence a cadre reads out: "每位会员每月最多 1 次". `programmeName` names programmes by id. */
export function describeRule(r: Rule, programmeName: (id: string) => string = (id) => id): string {
  switch (r.type) {
    case 'membership':
      return `会籍状态为${names(r.status, MEMBERSHIP_STATUS)}`;
    case 'employmentType':
      return `就业形态为${names(r.anyOf, EMPLOYMENT_TYPE)}`;
    case 'hardship':
      return `已建档的困难职工（${names(r.tiers, HARDSHIP_TIER)}）`;
    case 'modelWorker':
      return '劳模';
    case 'child':
      return `有登记的子女，${childRange(r)}`;
    case 'perMemberLimit': {
      const who = r.per === 'CHILD' ? '每个子女' : '每位会员';
      return `${who}${PERIOD[r.period ?? 'MONTH']}最多 ${r.count ?? '?'} 次`;
    }
    case 'quota':
      return '所在单位还有名额';
    case 'notAidedBy': {
      const what = [names(r.kinds, PROGRAMME_KIND), (r.programmeIds ?? []).map((id) => `“${programmeName(id)}”`).join('、')].filter(Boolean).join('、');
      return `近 ${r.withinDays ?? '?'} 天内没有得到过${what}的帮扶`;
    }
    default:
      return String((r as { type: string }).type);
  }
}

/** "年龄 6 至 18 岁，学段为小学、初中": what ages and stages a child rule covers. */
export function childRange(r: Rule): string {
  const age = isNumber(r.minAge) && isNumber(r.maxAge) ? `年龄 ${r.minAge} 至 ${r.maxAge} 岁` : isNumber(r.minAge) ? `年龄 ${r.minAge} 岁及以上` : isNumber(r.maxAge) ? `年龄 ${r.maxAge} 岁及以下` : '年龄不限';
  return `${age}，${some(r.stages) ? `学段为${names(r.stages, SCHOOL_STAGE)}` : '学段不限'}`;
}

export interface RuleChange {
  kind: 'added' | 'removed' | 'changed';
  title: string;
  before?: string;
  after?: string;
}

/**
 * What changed from one version to the next, rule by rule: rules are matched by type (the
 * second rule of a type with the second), so a changed count reads as one change, not a
 * removal and an addition.
 */
export function diffRules(before: Rule[], after: Rule[], programmeName?: (id: string) => string): RuleChange[] {
  const key = (rules: Rule[]) => {
    const seen: Record<string, number> = {};
    return rules.map((r) => `${r.type}#${(seen[r.type] = (seen[r.type] ?? 0) + 1)}`);
  };
  const describe = (r: Rule) => describeRule(fromDocument({ requires: [r] })[0], programmeName);
  const b = new Map(key(before).map((k, i) => [k, before[i]]));
  const a = new Map(key(after).map((k, i) => [k, after[i]]));
  const changes: RuleChange[] = [];
  for (const [k, r] of b) {
    const next = a.get(k);
    if (!next) changes.push({ kind: 'removed', title: RULE_TITLE[r.type], before: describe(r) });
    else if (describe(r) !== describe(next)) changes.push({ kind: 'changed', title: RULE_TITLE[r.type], before: describe(r), after: describe(next) });
  }
  for (const [k, r] of a) if (!b.has(k)) changes.push({ kind: 'added', title: RULE_TITLE[r.type], after: describe(r) });
  return changes;
}
