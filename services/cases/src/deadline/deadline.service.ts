import { newId, pathIds } from '@lianxin/auth';
import { badInput, conflict, inScope, isUniqueViolation, notFound, requireOrgs, requireScope, type SubgraphContext } from '@lianxin/subgraph';
import { In, type EntityManager } from 'typeorm';
import { CaseKind, Urgency } from '../case/case.enums';
import { DeadlinePolicyRow } from './deadline.entity';

export interface Deadline {
  resolveHours: number;
  acceptHours: number;
  /** The org whose rule applies; null for the built-in default. */
  setAtOrgId: string | null;
}

/**
 * What applies when the city has set nothing for a kind and urgency: 15 days for normal
 * requests, 7 for high, 3 for urgent; a transfer must be accepted within 3, 2 or 1 day(s).
 */
export const DEFAULT_DEADLINES: Readonly<Record<Urgency, { resolveHours: number; acceptHours: number }>> = {
  [Urgency.NORMAL]: { resolveHours: 15 * 24, acceptHours: 3 * 24 },
  [Urgency.HIGH]: { resolveHours: 7 * 24, acceptHours: 2 * 24 },
  [Urgency.URGENT]: { resolveHours: 3 * 24, acceptHours: 24 },
};

/**
 * The effective rule at an org: the strictest set anywhere along its path, so a lower
 * level can only ever shorten what it inherits. One indexed read of at most four orgs.
 */
export async function effectiveDeadline(em: EntityManager, orgPath: string, kind: CaseKind, urgency: Urgency): Promise<Deadline> {
  const rules = await em.find(DeadlinePolicyRow, { where: { orgId: In(pathIds(orgPath)), kind, urgency } });
  return strictest(rules, urgency);
}

function strictest(rules: DeadlinePolicyRow[], urgency: Urgency): Deadline {
  const base: Deadline = { ...DEFAULT_DEADLINES[urgency], setAtOrgId: null };
  return rules.reduce<Deadline>(
    (acc, r) => ({
      resolveHours: Math.min(acc.resolveHours, r.resolveHours),
      acceptHours: Math.min(acc.acceptHours, r.acceptHours),
      setAtOrgId: r.resolveHours <= acc.resolveHours ? r.orgId : acc.setAtOrgId,
    }),
    base,
  );
}

export interface DeadlineEntry extends Deadline {
  kind: CaseKind;
  urgency: Urgency;
}

/** The full effective matrix for an org in the caller's scope. */
export async function deadlineMatrix(ctx: SubgraphContext, orgId: string): Promise<DeadlineEntry[]> {
  const org = await visibleOrg(ctx, orgId);
  const rules = await ctx.db.getRepository(DeadlinePolicyRow).find({ where: { orgId: In(pathIds(org.path)) } });
  const out: DeadlineEntry[] = [];
  for (const kind of Object.values(CaseKind)) {
    for (const urgency of Object.values(Urgency)) {
      out.push({ kind, urgency, ...strictest(rules.filter((r) => r.kind === kind && r.urgency === urgency), urgency) });
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
      const inherited = strictest(await em.find(DeadlinePolicyRow, { where: { orgId: In(ancestors), kind: input.kind, urgency: input.urgency } }), input.urgency);
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

async function visibleOrg(ctx: SubgraphContext, orgId: string) {
  const org = await requireOrgs(ctx).org(orgId);
  if (!org || !inScope(requireScope(ctx), { path: org.path })) throw notFound('org', orgId);
  return org;
}
