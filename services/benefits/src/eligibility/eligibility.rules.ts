import { badInput } from '@lianxin/subgraph';

/**
 * Eligibility rules are data: a programme's rules are a JSON document of requirements,
 * versioned, evaluated by one engine (eligibility.engine.ts). Adding a programme never
 * means adding code; adding a *kind of requirement* means adding one case here and one in
 * the engine.
 */
export type Rule =
  /** Which membership statuses qualify; without this rule, only ACTIVE members do. */
  | { type: 'membership'; status: string[] }
  | { type: 'employmentType'; anyOf: string[] }
  | { type: 'hardship'; tiers: string[] }
  | { type: 'modelWorker' }
  | { type: 'child'; minAge?: number; maxAge?: number; stages?: string[] }
  | { type: 'perMemberLimit'; count: number; period: 'MONTH' | 'YEAR' | 'PROGRAMME'; per: 'MEMBER' | 'CHILD' }
  | { type: 'quota' }
  | { type: 'notAidedBy'; kinds?: string[]; programmeIds?: string[]; withinDays: number };

export interface RuleSet {
  requires: Rule[];
}

const STATUSES = ['ACTIVE', 'RETAINED', 'TRANSFERRING', 'LEFT'];
const EMPLOYMENT = ['REGULAR', 'DELIVERY_RIDER', 'RIDE_HAILING_DRIVER', 'COURIER', 'LIVE_STREAMER'];
const TIERS = ['GENERAL', 'DEEP', 'ACCIDENT'];
const STAGES = ['PRESCHOOL', 'PRIMARY', 'JUNIOR_HIGH', 'SENIOR_HIGH', 'VOCATIONAL', 'UNIVERSITY', 'NONE'];

/** Rules that reveal hardship or aid: a programme using one is sensitive (never shown to partners). */
export const SENSITIVE_RULES: readonly Rule['type'][] = ['hardship', 'notAidedBy'];

/** Parses and checks a rules document; every problem names the rule and what to write instead. */
export function parseRules(json: string): RuleSet {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw badInput('rules', 'is not valid JSON; write {"requires": [ {"type": "membership", "status": ["ACTIVE"]}, … ]}');
  }
  const requires = (doc as { requires?: unknown })?.requires;
  if (!Array.isArray(requires)) throw badInput('rules', 'needs a "requires" array of rules');
  if (requires.length > 20) throw badInput('rules', 'at most 20 rules');
  return { requires: requires.map((r, i) => checkRule(r, i)) };
}

function checkRule(raw: unknown, i: number): Rule {
  const r = raw as Record<string, unknown>;
  const where = `rules.requires[${i}]`;
  const list = (key: string, allowed: string[]): string[] => {
    const v = r[key];
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && allowed.includes(x))) {
      throw badInput(where, `"${key}" must be a non-empty list of ${allowed.join(', ')}`);
    }
    return v as string[];
  };
  const int = (key: string, min: number, max: number, optional = false): number | undefined => {
    const v = r[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw badInput(where, `"${key}" must be a whole number from ${min} to ${max}`);
    return v;
  };
  switch (r?.type) {
    case 'membership':
      return { type: 'membership', status: list('status', STATUSES) };
    case 'employmentType':
      return { type: 'employmentType', anyOf: list('anyOf', EMPLOYMENT) };
    case 'hardship':
      return { type: 'hardship', tiers: list('tiers', TIERS) };
    case 'modelWorker':
      return { type: 'modelWorker' };
    case 'child': {
      const rule = { type: 'child' as const, minAge: int('minAge', 0, 30, true), maxAge: int('maxAge', 0, 30, true), stages: r.stages === undefined ? undefined : list('stages', STAGES) };
      if (rule.minAge !== undefined && rule.maxAge !== undefined && rule.minAge > rule.maxAge) throw badInput(where, '"minAge" is above "maxAge"');
      return rule;
    }
    case 'perMemberLimit': {
      const period = r.period;
      const per = r.per ?? 'MEMBER';
      if (period !== 'MONTH' && period !== 'YEAR' && period !== 'PROGRAMME') throw badInput(where, '"period" must be MONTH, YEAR or PROGRAMME');
      if (per !== 'MEMBER' && per !== 'CHILD') throw badInput(where, '"per" must be MEMBER or CHILD');
      return { type: 'perMemberLimit', count: int('count', 1, 1000)!, period, per };
    }
    case 'quota':
      return { type: 'quota' };
    case 'notAidedBy': {
      const kinds = r.kinds === undefined ? undefined : (r.kinds as string[]);
      const programmeIds = r.programmeIds === undefined ? undefined : (r.programmeIds as string[]);
      if ((!kinds || kinds.length === 0) && (!programmeIds || programmeIds.length === 0)) throw badInput(where, 'name "kinds" or "programmeIds" to exclude');
      if ((kinds && !kinds.every((k) => typeof k === 'string')) || (programmeIds && !programmeIds.every((k) => typeof k === 'string'))) throw badInput(where, 'lists of strings only');
      return { type: 'notAidedBy', kinds, programmeIds, withinDays: int('withinDays', 1, 3650)! };
    }
    default:
      throw badInput(where, `unknown rule type ${JSON.stringify(r?.type)}; use membership, employmentType, hardship, modelWorker, child, perMemberLimit, quota or notAidedBy`);
  }
}
