/**
 * An eligibility answer as a person says it: "王建国现在还不能领取“免费观影”：每位会员每月
 * 最多领取 1 次，王建国本月已经领取过 1 次了。从 2026年12月1日 起就可以领取了。" The API gives
 * reason codes, the rule version and the date; the words and the rule details (how many a
 * month, which ages) come from here and from the rules of that version. Pure: unit-tested.
 */
import { EMPLOYMENT_TYPE, HARDSHIP_TIER, MEMBERSHIP_STATUS, PROGRAMME_KIND } from '../../ui/labels';
import { childRange, type Rule } from './rules';

export interface AnswerLike {
  status: string;
  reasons: { code: string }[];
  ruleVersion: number;
  nextEligibleOn?: string | null;
}

export interface ExplainInput {
  answer: AnswerLike;
  memberName: string;
  programme: { name: string; kind: string; state: string; startsOn: string; endsOn: string };
  /** The rules of the answer's version, for the details; [] when not known. */
  rules: Rule[];
  /** The child the answer is about, when the programme is per child. */
  childName?: string | null;
  /** Today in Beijing, YYYY-MM-DD. */
  today: string;
  /** Names of programmes a notAidedBy rule lists, by id. */
  programmeName?: (id: string) => string;
}

export interface Explanation {
  /** The answer in one sentence. */
  headline: string;
  /** Every reason, each a sentence. Empty when eligible. */
  reasons: string[];
  /** When waiting helps, from when; when it does not, that it does not. */
  next: string | null;
  /** Which version of the rules decided. */
  version: string;
}

/** What a member does with a programme of this kind. */
const VERB: Record<string, string> = {
  CINEMA_VOUCHER: '领取', SWIMMING_VOUCHER: '领取', GYM_VOUCHER: '领取', GIFT_BATCH: '领取', HEALTH_CHECK: '参加', SANATORIUM: '参加', FREE_CLASS: '参加',
  EDUCATION_AID: '申请', MODEL_WORKER_AID: '申请', CARE_VISIT: '享受',
};
export const verbOf = (kind: string): string => VERB[kind] ?? '享受';

/** 2026-12-01 → 2026年12月1日 */
export function chineseDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

const names = (values: string[] | null | undefined, map: Record<string, string>): string => (values ?? []).map((v) => map[v] ?? v).join('、');
const WHEN: Record<string, string> = { MONTH: '本月', YEAR: '今年', PROGRAMME: '在这个项目里' };
const EVERY: Record<string, string> = { MONTH: '每月', YEAR: '每年', PROGRAMME: '整个项目期间' };

/** The sentence for one reason code, with the details of the rule behind it. */
function reasonSentence(code: string, x: ExplainInput): string {
  const who = x.memberName;
  const verb = verbOf(x.programme.kind);
  const rule = (type: Rule['type']) => x.rules.find((r) => r.type === type);
  switch (code) {
    case 'PROGRAMME_NOT_OPEN': {
      const p = x.programme;
      if (p.state === 'DRAFT') return '这个项目还在筹备中，还没有开放。';
      if (p.state === 'CLOSED') return '这个项目已经结束了。';
      if (x.today < p.startsOn) return `这个项目要到 ${chineseDate(p.startsOn)} 才开始。`;
      return `这个项目已经在 ${chineseDate(p.endsOn)} 截止了。`;
    }
    case 'OUTSIDE_PROGRAMME_AREA':
      return `${who}所在的工会不在这个项目覆盖的范围内。`;
    case 'NOT_ACTIVE_MEMBER': {
      const r = rule('membership');
      return r ? `只有会籍状态为${names(r.status, MEMBERSHIP_STATUS)}的会员才能参加，${who}现在的会籍状态不在其中。` : `只有会籍正常的会员才能参加，${who}现在的会籍不是“正常”。`;
    }
    case 'EMPLOYMENT_TYPE_NOT_COVERED': {
      const r = rule('employmentType');
      return `这个项目只面向${r ? names(r.anyOf, EMPLOYMENT_TYPE) : '特定就业形态的职工'}，${who}的就业形态不在其中。`;
    }
    case 'NOT_HARDSHIP_TIER': {
      const r = rule('hardship');
      return `这个项目只面向已建档的困难职工${r ? `（${names(r.tiers, HARDSHIP_TIER)}）` : ''}，${who}不在其中。`;
    }
    case 'NOT_MODEL_WORKER':
      return `这个项目只面向劳模，${who}不是劳模。`;
    case 'NO_CHILD_RECORDED':
      return `${who}还没有登记子女。请先在会员资料里登记子女，再来查询。`;
    case 'CHILD_REQUIRED':
      return `${who}有不止一个子女，请选定为哪个子女查询。`;
    case 'CHILD_NOT_COVERED': {
      const r = rule('child');
      const child = x.childName ? `子女${x.childName}` : `${who}登记的子女`;
      return `${child}不在范围内${r ? `：这个项目要求${childRange(r)}` : ''}。`;
    }
    case 'LIMIT_REACHED': {
      const r = rule('perMemberLimit');
      if (!r) return `${who}这一期的次数已经用完了。`;
      const period = r.period ?? 'MONTH';
      const whose = r.per === 'CHILD' ? (x.childName ? `子女${x.childName}` : '这个子女') : who;
      return `${r.per === 'CHILD' ? '每个子女' : '每位会员'}${EVERY[period]}最多${verb} ${r.count} 次，${whose}${WHEN[period]}已经${verb}过 ${r.count} 次了。`;
    }
    case 'QUOTA_EXHAUSTED':
      return `${who}所在单位的名额已经用完了。`;
    case 'ALREADY_AIDED': {
      const r = rule('notAidedBy');
      if (!r) return `${who}最近已经得到过其他帮扶，不能重复享受。`;
      const what = [names(r.kinds, PROGRAMME_KIND), (r.programmeIds ?? []).map((id) => `“${x.programmeName?.(id) ?? id}”`).join('、')].filter(Boolean).join('、');
      return `${who}最近 ${r.withinDays} 天内已经得到过${what}的帮扶，不能重复享受。`;
    }
    default:
      return `还有一个原因（${code}），请联系技术支持。`;
  }
}

/** Every reason code the API can give has a sentence here (the unit test holds it to the SDL). */
export const EXPLAINED_CODES = [
  'PROGRAMME_NOT_OPEN', 'OUTSIDE_PROGRAMME_AREA', 'NOT_ACTIVE_MEMBER', 'EMPLOYMENT_TYPE_NOT_COVERED', 'NOT_HARDSHIP_TIER', 'NOT_MODEL_WORKER',
  'NO_CHILD_RECORDED', 'CHILD_REQUIRED', 'CHILD_NOT_COVERED', 'LIMIT_REACHED', 'QUOTA_EXHAUSTED', 'ALREADY_AIDED',
];

export function explain(x: ExplainInput): Explanation {
  const { answer, memberName: who } = x;
  const verb = verbOf(x.programme.kind);
  const what = `“${x.programme.name}”${x.childName ? `（为子女${x.childName}）` : ''}`;
  const reasons = answer.reasons.map((r) => reasonSentence(r.code, x));
  const version = `以上按第 ${answer.ruleVersion} 版领取条件判断。`;
  if (answer.status === 'ELIGIBLE') return { headline: `${who}现在可以${verb}${what}。`, reasons: [], next: null, version };
  if (answer.status === 'NEEDS_INFO') return { headline: `还不能判断${who}能不能${verb}${what}，需要先补充信息：`, reasons, next: null, version };
  const next = answer.nextEligibleOn ? `从 ${chineseDate(answer.nextEligibleOn)} 起，${who}就可以${verb}了。` : '这些情况不会随着时间自动改变。';
  return { headline: `${who}现在还不能${verb}${what}，原因是：`, reasons, next, version };
}
