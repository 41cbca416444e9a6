import { visibleOrg } from '@lianxin/members-client';
import { newId, pathIds } from '@lianxin/auth';
import { badInput, conflict, isUniqueViolation, type SubgraphContext, unscoped } from '@lianxin/subgraph';
import { In, type EntityManager } from 'typeorm';
import { CaseKind, Urgency } from '../casefile/case.enums';
import { DeadlinePolicyRow } from './deadline.entity';

export interface Deadline {
  resolveHours: number;
  acceptHours: number;
  /** The org whose rule applies; null for the built-in default. */
  setAtOrgId: string | null;
}

type Hours = { resolveHours: number; acceptHours: number };

/**
 * Everyday requests (a micro-wish, a suggestion, a care-post need): 15 days at normal
 * urgency, 7 at high, 3 when urgent. Accepting a transfer is triage whatever the kind, so
 * a receiver has 3, 2 or 1 day(s) to accept or return it for every kind.
 */
const EVERYDAY: Readonly<Record<Urgency, Hours>> = {
  [Urgency.NORMAL]: { resolveHours: 15 * 24, acceptHours: 3 * 24 },
  [Urgency.HIGH]: { resolveHours: 7 * 24, acceptHours: 2 * 24 },
  [Urgency.URGENT]: { resolveHours: 3 * 24, acceptHours: 24 },
};

/** The everyday acceptance windows with longer resolution times, for kinds that are processes rather than errands. */
const longer = (normalDays: number, highDays: number, urgentDays: number): Readonly<Record<Urgency, Hours>> => ({
  [Urgency.NORMAL]: { resolveHours: normalDays * 24, acceptHours: EVERYDAY.NORMAL.acceptHours },
  [Urgency.HIGH]: { resolveHours: highDays * 24, acceptHours: EVERYDAY.HIGH.acceptHours },
  [Urgency.URGENT]: { resolveHours: urgentDays * 24, acceptHours: EVERYDAY.URGENT.acceptHours },
});

/**
 * What applies where no org on the path has set a rule for a kind and urgency. The urgency
 * of the case says how fast; the kind says how much work "resolved" takes:
 *
 * - Most kinds are single pieces of work for the handling union, and the everyday 15/7/3
 *   days fit them. That includes URGENT_NEED: its urgency is carried by the urgency the
 *   desk records, and an urgent need recorded as URGENT gets 3 days.
 * - EDUCATION_AID (金秋助学) runs enterprise check, district review and delivery, each at a
 *   different org: 30/15/7 days.
 * - COLLECTIVE_BARGAINING (集体协商): the other side has 20 days to answer a request to
 *   bargain (集体合同规定 art. 32), then come rounds of talks, a vote of the workers'
 *   congress and filing with the labour bureau: 60/30/20 days. Even an urgent one cannot
 *   go under the 20 days the employer is allowed to answer.
 * - GRASSROOTS_BUILDING (基层建会): founding a union at an enterprise means a preparatory
 *   group, recruiting members, a founding assembly with elections and the higher union's
 *   approval: 90/45/30 days.
 *
 * The city replaces any of these with setDeadline, longer or shorter.
 */
export const DEFAULT_DEADLINES: Readonly<Record<CaseKind, Readonly<Record<Urgency, Hours>>>> = {
  [CaseKind.MICRO_WISH]: EVERYDAY,
  [CaseKind.SUGGESTION]: EVERYDAY,
  [CaseKind.URGENT_NEED]: EVERYDAY,
  [CaseKind.LEGAL_AID]: EVERYDAY,
  [CaseKind.HARDSHIP_AID]: EVERYDAY,
  [CaseKind.EDUCATION_AID]: longer(30, 15, 7),
  [CaseKind.COLLECTIVE_BARGAINING]: longer(60, 30, 20),
  [CaseKind.GRASSROOTS_BUILDING]: longer(90, 45, 30),
  [CaseKind.CARE_POST]: EVERYDAY,
  [CaseKind.OTHER]: EVERYDAY,
};

/** What a rule needs to take part in the decision; rows from deadline_policy qualify. */
export type DeadlineRuleSet = Pick<DeadlinePolicyRow, 'orgId' | 'orgPath' | 'kind' | 'urgency' | 'resolveHours' | 'acceptHours'>;

/**
 * The one place a deadline is decided, for a case raised, transferred or reopened, for the
 * policy matrix, for what setDeadline lets a lower org set, and for the demo seed (which
 * sets no rules, so it gets the defaults).
 *
 * `rules` are the rules set along one org's path (others of other kinds or urgencies are
 * ignored). When none is set for this kind and urgency the built-in default applies;
 * otherwise the strictest rule set on the path applies and the default plays no part, so
 * the city may lengthen past it and its rule is then the ceiling for every org below.
 * Lower orgs can only have set shorter rules (setDeadline refuses longer ones), so the
 * minimum is the nearest rule unless the city later shortened its own below it.
 * `setAtOrgId` names the org whose resolveHours applies; on a tie, the nearest org.
 */
export function applicableDeadline(rules: readonly DeadlineRuleSet[], kind: CaseKind, urgency: Urgency): Deadline {
  const mine = rules
    .filter((r) => r.kind === kind && r.urgency === urgency)
    // Nearest (deepest) first, so a tie goes to the rule closest to the org.
    .sort((a, b) => b.orgPath.length - a.orgPath.length || (a.orgId < b.orgId ? -1 : 1));
  if (mine.length === 0) return { ...DEFAULT_DEADLINES[kind][urgency], setAtOrgId: null };
  let best = mine[0];
  for (const r of mine) if (r.resolveHours < best.resolveHours) best = r;
  return { resolveHours: best.resolveHours, acceptHours: Math.min(...mine.map((r) => r.acceptHours)), setAtOrgId: best.orgId };
}

/** The effective rule at an org: one indexed read of the rules of at most four orgs, decided by applicableDeadline(). */
export async function effectiveDeadline(em: EntityManager, orgPath: string, kind: CaseKind, urgency: Urgency): Promise<Deadline> {
  return applicableDeadline(await em.find(DeadlinePolicyRow, { where: { orgId: In(pathIds(orgPath)), kind, urgency } }), kind, urgency);
}

export interface DeadlineEntry extends Deadline {
  kind: CaseKind;
  urgency: Urgency;
}

/** The full effective matrix for an org in the caller's scope. */
export async function deadlineMatrix(ctx: SubgraphContext, orgId: string): Promise<DeadlineEntry[]> {
  const org = await visibleOrg(ctx, orgId);
  const rules = await unscoped(ctx, 'the rules set along the path of an org just checked visible').getRepository(DeadlinePolicyRow).find({ where: { orgId: In(pathIds(org.path)) } });
  const out: DeadlineEntry[] = [];
  for (const kind of Object.values(CaseKind)) {
    for (const urgency of Object.values(Urgency)) {
      out.push({ kind, urgency, ...applicableDeadline(rules, kind, urgency) });
    }
  }
  return out;
}

export interface SetDeadline {
  orgId: string;
  kind: CaseKind;
  urgency: Urgency;
  resolveHours: number;
  acceptHours: number;
}

/**
 * Sets a rule at an org. The city (the root) sets the policy; below it a rule may only
 * shorten what the ancestors give, and the error says by how much it may go.
 */
export async function setDeadline(ctx: SubgraphContext, input: SetDeadline): Promise<DeadlineEntry> {
  const org = await visibleOrg(ctx, input.orgId);
  return ctx.db.transaction(async (em) => {
    const ancestors = pathIds(org.path).slice(0, -1);
    if (ancestors.length > 0) {
      const inherited = applicableDeadline(await em.find(DeadlinePolicyRow, { where: { orgId: In(ancestors), kind: input.kind, urgency: input.urgency } }), input.kind, input.urgency);
      if (input.resolveHours > inherited.resolveHours) {
        throw badInput('resolveHours', `may only shorten the inherited ${inherited.resolveHours} h for ${input.kind}/${input.urgency}; ask the city union to lengthen it`);
      }
      if (input.acceptHours > inherited.acceptHours) {
        throw badInput('acceptHours', `may only shorten the inherited ${inherited.acceptHours} h for ${input.kind}/${input.urgency}; ask the city union to lengthen it`);
      }
    }
    const repo = em.getRepository(DeadlinePolicyRow);
    const existing = await repo.findOne({ where: { orgId: org.id, kind: input.kind, urgency: input.urgency } });
    const row = Object.assign(existing ?? new DeadlinePolicyRow(), {
      id: existing?.id ?? newId(),
      orgId: org.id,
      orgPath: org.path,
      kind: input.kind,
      urgency: input.urgency,
      resolveHours: input.resolveHours,
      acceptHours: input.acceptHours,
      setBy: ctx.caller.sub,
      setAt: new Date(),
    });
    try {
      await repo.save(row);
    } catch (err) {
      // Two first-time rules for the same key at once: the unique index lets one in.
      if (isUniqueViolation(err)) throw conflict(`deadline rule ${input.kind}/${input.urgency}`);
      throw err;
    }
    return { kind: input.kind, urgency: input.urgency, resolveHours: row.resolveHours, acceptHours: row.acceptHours, setAtOrgId: org.id };
  });
}

