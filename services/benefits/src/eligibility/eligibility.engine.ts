import { addDays, chinaDate, type MemberFacts } from '@lianxin/members-client';
import type { Grant } from '../grant/grant.loader';
import type { Rule, RuleSet } from '../rules/eligibility.rules';

/** What the engine knows about the member: the members subgraph's facts, never shown to callers. */
export type Facts = Omit<MemberFacts, 'orgId' | 'name'>;

export interface ProgrammeView {
  id: string;
  orgPath: string;
  state: string;
  startsOn: string;
  endsOn: string;
  rulesVersion: number;
}

export enum EligibilityStatus {
  ELIGIBLE = 'ELIGIBLE',
  INELIGIBLE = 'INELIGIBLE',
  NEEDS_INFO = 'NEEDS_INFO',
}

/** Stable codes; clients switch on them. Add new ones, never rename. */
export enum ReasonCode {
  PROGRAMME_NOT_OPEN = 'PROGRAMME_NOT_OPEN',
  OUTSIDE_PROGRAMME_AREA = 'OUTSIDE_PROGRAMME_AREA',
  NOT_ACTIVE_MEMBER = 'NOT_ACTIVE_MEMBER',
  EMPLOYMENT_TYPE_NOT_COVERED = 'EMPLOYMENT_TYPE_NOT_COVERED',
  NOT_HARDSHIP_TIER = 'NOT_HARDSHIP_TIER',
  NOT_MODEL_WORKER = 'NOT_MODEL_WORKER',
  NO_CHILD_RECORDED = 'NO_CHILD_RECORDED',
  CHILD_REQUIRED = 'CHILD_REQUIRED',
  CHILD_NOT_COVERED = 'CHILD_NOT_COVERED',
  LIMIT_REACHED = 'LIMIT_REACHED',
  QUOTA_EXHAUSTED = 'QUOTA_EXHAUSTED',
  ALREADY_AIDED = 'ALREADY_AIDED',
}

/** Reasons a partner may be told. Anything else (hardship, aid, children) becomes NOT_ELIGIBLE for them. */
export const PARTNER_SAFE_REASONS: readonly ReasonCode[] = [
  ReasonCode.PROGRAMME_NOT_OPEN, ReasonCode.OUTSIDE_PROGRAMME_AREA, ReasonCode.NOT_ACTIVE_MEMBER, ReasonCode.LIMIT_REACHED, ReasonCode.QUOTA_EXHAUSTED,
];

export interface Reason {
  code: ReasonCode;
  message: string;
  /** This reason alone makes the answer NEEDS_INFO rather than INELIGIBLE. */
  needsInfo?: boolean;
  /** When this reason stops applying; null: not by waiting. */
  until?: string | null;
}

export interface Answer {
  status: EligibilityStatus;
  reasons: Reason[];
  ruleVersion: number;
  /** The first day the member can become eligible by waiting; null when waiting does not help or they are eligible. */
  nextEligibleOn: string | null;
  /** The child the answer is about, for per-child programmes. */
  childId: string | null;
}

/** The per-member limit window an instant falls in, and the first day of the next one. */
export function periodOf(period: 'MONTH' | 'YEAR' | 'PROGRAMME', at: Date): { key: string; next: string | null } {
  const day = chinaDate(at);
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  if (period === 'MONTH') return { key: day.slice(0, 7), next: m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01` };
  if (period === 'YEAR') return { key: String(y), next: `${y + 1}-01-01` };
  return { key: 'P', next: null };
}

function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = day.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}


export interface EligibilityInput {
  programme: ProgrammeView;
  rules: RuleSet;
  facts: Facts;
  /** For per-child programmes: which child. Optional when exactly one child qualifies. */
  childId?: string | null;
  /** Everything the member received, across programmes (the engine filters). */
  grants: Grant[];
  /** Units left along the member's allocation chain; null when the programme has no quota. */
  remainingQuota: number | null;
  now: Date;
}

/**
 * The one eligibility function: pure, no I/O, same input same answer. It checks every
 * rule (not just the first failing one) so the answer explains everything that stands in
 * the way, and says when waiting would help.
 */
export function evaluate(input: EligibilityInput): Answer {
  const { programme, rules, facts, grants, now } = input;
  const today = chinaDate(now);
  const reasons: Reason[] = [];

  if (programme.state !== 'ACTIVE' || today > programme.endsOn) {
    reasons.push({ code: ReasonCode.PROGRAMME_NOT_OPEN, message: 'The programme is not running.', until: null });
  } else if (today < programme.startsOn) {
    reasons.push({ code: ReasonCode.PROGRAMME_NOT_OPEN, message: `The programme opens on ${programme.startsOn}.`, until: programme.startsOn });
  }
  if (!facts.orgPath.startsWith(programme.orgPath)) {
    reasons.push({ code: ReasonCode.OUTSIDE_PROGRAMME_AREA, message: 'The member\'s union is outside the area this programme covers.', until: null });
  }

  // Benefits are for members in good standing: ACTIVE unless the rules name the statuses
  // they cover (e.g. a programme that also serves retained members).
  if (!rules.requires.some((r) => r.type === 'membership') && facts.status !== 'ACTIVE') {
    reasons.push({ code: ReasonCode.NOT_ACTIVE_MEMBER, message: 'Membership must be ACTIVE.', until: null });
  }

  const childRule = rules.requires.find((r): r is Extract<Rule, { type: 'child' }> => r.type === 'child');
  const child = childRule ? pickChild(childRule, facts, input.childId ?? null, today, reasons) : null;

  for (const rule of rules.requires) {
    switch (rule.type) {
      case 'membership':
        if (!rule.status.includes(facts.status)) reasons.push({ code: ReasonCode.NOT_ACTIVE_MEMBER, message: `Membership must be ${rule.status.join(' or ')}.`, until: null });
        break;
      case 'employmentType':
        if (!rule.anyOf.includes(facts.employmentType)) reasons.push({ code: ReasonCode.EMPLOYMENT_TYPE_NOT_COVERED, message: `For ${rule.anyOf.join(', ')} workers.`, until: null });
        break;
      case 'hardship':
        if (!facts.hardshipTier || !rule.tiers.includes(facts.hardshipTier)) reasons.push({ code: ReasonCode.NOT_HARDSHIP_TIER, message: 'For registered hardship workers of the covered tiers.', until: null });
        break;
      case 'modelWorker':
        if (!facts.modelWorker) reasons.push({ code: ReasonCode.NOT_MODEL_WORKER, message: 'For model workers.', until: null });
        break;
      case 'child':
        break; // handled by pickChild above
      case 'perMemberLimit': {
        if (rule.per === 'CHILD' && !child) break; // the child reasons already explain
        const { key, next } = periodOf(rule.period, now);
        const used = grants.filter((g) => g.programmeId === programme.id && periodOf(rule.period, g.at).key === key && (rule.per === 'MEMBER' || g.childId === child)).length;
        if (used >= rule.count) {
          const what = rule.per === 'CHILD' ? 'for this child' : '';
          const when = rule.period === 'PROGRAMME' ? 'in this programme' : rule.period === 'MONTH' ? 'a month' : 'a year';
          reasons.push({ code: ReasonCode.LIMIT_REACHED, message: `Limit of ${rule.count} ${when} ${what} reached.`.replace(/\s+/g, ' ').replace(' .', '.'), until: next });
        }
        break;
      }
      case 'quota':
        if (input.remainingQuota !== null && input.remainingQuota <= 0) reasons.push({ code: ReasonCode.QUOTA_EXHAUSTED, message: 'No places left.', until: null });
        break;
      case 'notAidedBy': {
        const since = now.getTime() - rule.withinDays * 86_400_000;
        const hits = grants.filter(
          (g) => g.programmeId !== programme.id && g.at.getTime() >= since && (rule.kinds?.includes(g.kind) || rule.programmeIds?.includes(g.programmeId)),
        );
        if (hits.length) {
          const last = hits.reduce((a, b) => (a.at > b.at ? a : b));
          reasons.push({ code: ReasonCode.ALREADY_AIDED, message: 'Already aided by another programme in the exclusion window.', until: addDays(chinaDate(last.at), rule.withinDays + 1) });
        }
        break;
      }
    }
  }

  const blocking = reasons.filter((r) => !r.needsInfo);
  const status = blocking.length ? EligibilityStatus.INELIGIBLE : reasons.length ? EligibilityStatus.NEEDS_INFO : EligibilityStatus.ELIGIBLE;
  // Waiting helps only if every blocking reason ends on a known date; then the last of them.
  const dates = blocking.map((r) => r.until ?? null);
  const nextEligibleOn = status === EligibilityStatus.INELIGIBLE && dates.every((d) => d !== null) ? (dates as string[]).sort().at(-1)! : null;
  return { status, reasons, ruleVersion: programme.rulesVersion, nextEligibleOn, childId: child };
}

function pickChild(rule: Extract<Rule, { type: 'child' }>, facts: Facts, childId: string | null, today: string, reasons: Reason[]): string | null {
  const fits = (c: Facts['children'][number]) => {
    const age = ageOn(c.birthDate, today);
    return (rule.minAge === undefined || age >= rule.minAge) && (rule.maxAge === undefined || age <= rule.maxAge) && (!rule.stages || rule.stages.includes(c.schoolStage));
  };
  if (facts.children.length === 0) {
    reasons.push({ code: ReasonCode.NO_CHILD_RECORDED, message: 'No child is recorded for this member; ask the union to add one.', needsInfo: true });
    return null;
  }
  if (childId) {
    const c = facts.children.find((x) => x.id === childId);
    if (!c) {
      reasons.push({ code: ReasonCode.CHILD_REQUIRED, message: 'That child is not recorded for this member; pick one of theirs.', needsInfo: true });
      return null;
    }
    if (!fits(c)) reasons.push({ code: ReasonCode.CHILD_NOT_COVERED, message: 'The child\'s age or school stage is not covered.', until: null });
    return c.id;
  }
  const fitting = facts.children.filter(fits);
  if (fitting.length === 1) return fitting[0].id;
  if (fitting.length === 0) {
    reasons.push({ code: ReasonCode.CHILD_NOT_COVERED, message: 'No recorded child\'s age or school stage is covered.', until: null });
    return null;
  }
  reasons.push({ code: ReasonCode.CHILD_REQUIRED, message: 'Several children qualify; say which one.', needsInfo: true });
  return null;
}
