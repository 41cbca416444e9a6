import { visibleOrg } from '@lianxin/members-client';
import { isWithin, newId, pathIds, subtreeRange } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, inScope, isUniqueViolation, notFound, requireOrgs, requireScope, type SubgraphContext, emptyPage, pathKeysetPage, type Page, withDeadlockRetry } from '@lianxin/subgraph';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { chinaDate } from '@lianxin/members-client';
import { checkRules, SENSITIVE_RULES, type RuleSet } from '../rules/eligibility.rules';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow, PartnerProgrammeRow } from './programme.entity';
import { ProgrammeKind, ProgrammeState, SENSITIVE_KINDS } from './programme.enums';
import { programmeById, programmeQuery } from './programme.loader';
import { DAY_PATTERN, PROGRAMME_LIMITS, type CreateProgrammeInput, type ProgrammesArgs } from './programme.types';

// The resolvers validate input already; services are also called directly (seeders, tests), so they re-check.

function text(field: string, value: string, max: number): string {
  const trimmed = (value ?? '').trim();
  if (!trimmed) throw badInput(field, 'must not be blank');
  if (trimmed.length > max) throw badInput(field, `must be at most ${max} characters`);
  return trimmed;
}

function day(field: string, value: string): string {
  const real = DAY_PATTERN.test(value ?? '') && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!real) throw badInput(field, `${JSON.stringify(value)} is not a calendar date; write it YYYY-MM-DD`);
  return value;
}

function amount(field: string, value: number | null | undefined, min: number, max: number): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(field, `must be a whole number from ${min} to ${max}`);
  return value;
}

/** A programme is sensitive when its kind or any of its rules reveals hardship or aid. */
export const isSensitive = (kind: ProgrammeKind, rules: RuleSet): boolean =>
  SENSITIVE_KINDS.includes(kind) || rules.requires.some((r) => SENSITIVE_RULES.includes(r.type));

/**
 * The programme for a change by its owner's staff: unseen is NOT_FOUND; seen but handed
 * down from above (a district reading the city's programme) is FORBIDDEN.
 */
async function ownedProgramme(ctx: SubgraphContext, em: EntityManager, id: string): Promise<ProgrammeRow> {
  const programme = await programmeQuery(ctx, em).andWhere('p.id = :id', { id }).getOne();
  if (!programme) throw notFound('programme', id);
  if (!inScope(requireScope(ctx), { path: programme.orgPath })) {
    throw new DomainError(
      ErrorCode.FORBIDDEN,
      'This programme is run by a union above yours; only staff of that union (or above) can change it. You can allocate your own share of it to unions under you.',
    );
  }
  return programme;
}

export async function createProgramme(ctx: SubgraphContext, input: CreateProgrammeInput, now: Date = new Date()): Promise<ProgrammeRow> {
  const name = text('name', input.name, PROGRAMME_LIMITS.name);
  if (!Object.values(ProgrammeKind).includes(input.kind)) throw badInput('kind', `must be one of ${Object.values(ProgrammeKind).join(', ')}`);
  const startsOn = day('startsOn', input.startsOn);
  const endsOn = day('endsOn', input.endsOn);
  if (endsOn < startsOn) throw badInput('endsOn', `${endsOn} is before startsOn (${startsOn}); swap them`);
  const today = chinaDate(now);
  if (endsOn < today) throw badInput('endsOn', `${endsOn} has already passed (today is ${today} in Beijing); pick a day from today on`);
  const quota = amount('quota', input.quota, 0, PROGRAMME_LIMITS.quota);
  const budgetCents = amount('budgetCents', input.budgetCents, 0, PROGRAMME_LIMITS.cents);
  const amountCents = amount('amountCents', input.amountCents, 0, PROGRAMME_LIMITS.cents);
  const voucherValidDays = amount('voucherValidDays', input.voucherValidDays, 1, PROGRAMME_LIMITS.validDays);
  const rules = checkRules(input.rules);
  // The org directory is remote: ask it before the transaction, not while holding one.
  const org = await visibleOrg(ctx, input.orgId);

  const programme = Object.assign(new ProgrammeRow(), {
    id: newId(now.getTime()),
    orgId: org.id,
    orgPath: org.path,
    name,
    kind: input.kind,
    sensitive: isSensitive(input.kind, rules),
    startsOn,
    endsOn,
    quota,
    budgetCents,
    amountCents,
    voucherValidDays,
    rulesVersion: 1,
    state: ProgrammeState.DRAFT,
    createdBy: ctx.caller.sub,
    createdAt: now,
    version: 1,
  });
  const rulesRow = Object.assign(new ProgrammeRulesRow(), { programmeId: programme.id, version: 1, rules: JSON.stringify(rules), createdBy: ctx.caller.sub, createdAt: now });
  // The owner's root share is the whole programme: children are carved out of it.
  const root = Object.assign(new AllocationRow(), {
    id: newId(now.getTime()),
    programmeId: programme.id,
    orgId: org.id,
    orgPath: org.path,
    parentId: null,
    quota,
    budgetCents,
    used: 0,
    spentCents: 0,
    allocatedToChildren: 0,
    budgetToChildren: 0,
    version: 1,
  });
  await ctx.db.transaction(async (em) => {
    await em.insert(ProgrammeRow, programme);
    await em.insert(ProgrammeRulesRow, rulesRow);
    await em.insert(AllocationRow, root);
  });
  programmeById(ctx).prime(programme.id, programme);
  return programme;
}

/**
 * A rule change is a new version (append-only); answers from now on name it. Sensitivity
 * only ever grows: vouchers handed out under hardship rules must not become visible to
 * partners because the rules were later relaxed.
 */
export async function setProgrammeRules(ctx: SubgraphContext, programmeId: string, doc: unknown, now: Date = new Date()): Promise<ProgrammeRow> {
  const rules = checkRules(doc);
  const updated = await ctx.db.transaction(async (em) => {
    const programme = await ownedProgramme(ctx, em, programmeId);
    if (programme.state === ProgrammeState.CLOSED) {
      throw new DomainError(ErrorCode.INVALID_STATE, 'This programme is closed; its rules can no longer change. Create a new programme instead.');
    }
    const sensitive = programme.sensitive || isSensitive(programme.kind, rules);
    const next = programme.rulesVersion + 1;
    // The versioned update goes first: it locks the programme row, so a partner binding
    // (which bumps the programme's version too) cannot slip in between the check below and the commit.
    const result = await em
      .createQueryBuilder()
      .update(ProgrammeRow)
      .set({ rulesVersion: next, sensitive, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: programme.id, version: programme.version })
      .execute();
    if (result.affected !== 1) throw conflict(`programme ${programme.name}`);
    if (sensitive && !programme.sensitive) {
      const bound = await em.count(PartnerProgrammeRow, { where: { programmeId: programme.id } });
      if (bound > 0) {
        throw badInput(
          'rules',
          `these rules mention hardship or other aid, which partners must never see, and ${bound} partner(s) serve this programme. Unbind the partners first, or leave those rules out.`,
        );
      }
    }
    await em.insert(ProgrammeRulesRow, { programmeId: programme.id, version: next, rules: JSON.stringify(rules), createdBy: ctx.caller.sub, createdAt: now });
    return Object.assign(new ProgrammeRow(), programme, { rulesVersion: next, sensitive, version: programme.version + 1 });
  });
  programmeById(ctx).clear(updated.id).prime(updated.id, updated);
  return updated;
}

const MOVES: Record<'open' | 'close', { from: ProgrammeState[]; to: ProgrammeState; wrong: (p: ProgrammeRow) => string }> = {
  open: {
    from: [ProgrammeState.DRAFT],
    to: ProgrammeState.ACTIVE,
    wrong: (p) => (p.state === ProgrammeState.ACTIVE ? 'This programme is already open.' : 'This programme is closed and cannot reopen; create a new programme instead.'),
  },
  close: {
    from: [ProgrammeState.DRAFT, ProgrammeState.ACTIVE],
    to: ProgrammeState.CLOSED,
    wrong: () => 'This programme is already closed.',
  },
};

async function move(ctx: SubgraphContext, programmeId: string, action: 'open' | 'close', now: Date): Promise<ProgrammeRow> {
  const rule = MOVES[action];
  const updated = await ctx.db.transaction(async (em) => {
    const programme = await ownedProgramme(ctx, em, programmeId);
    if (!rule.from.includes(programme.state)) throw new DomainError(ErrorCode.INVALID_STATE, rule.wrong(programme));
    if (action === 'open' && programme.endsOn < chinaDate(now)) {
      throw new DomainError(ErrorCode.INVALID_STATE, `This programme ended on ${programme.endsOn}; it cannot open. Create a new programme for a new period.`);
    }
    const result = await em
      .createQueryBuilder()
      .update(ProgrammeRow)
      .set({ state: rule.to, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: programme.id, version: programme.version })
      .execute();
    if (result.affected !== 1) throw conflict(`programme ${programme.name}`);
    return Object.assign(new ProgrammeRow(), programme, { state: rule.to, version: programme.version + 1 });
  });
  programmeById(ctx).clear(updated.id).prime(updated.id, updated);
  return updated;
}

export const openProgramme = (ctx: SubgraphContext, programmeId: string, now: Date = new Date()) => move(ctx, programmeId, 'open', now);
export const closeProgramme = (ctx: SubgraphContext, programmeId: string, now: Date = new Date()) => move(ctx, programmeId, 'close', now);

/** What allocate() asks for: the child's whole share after the call (not a delta). */
export interface AllocateInput {
  programmeId: string;
  orgId: string;
  quota?: number | null;
  budgetCents?: number | null;
}

/**
 * Creates or resizes the share of `orgId`, carved out of the nearest share above it. In
 * one transaction and with conditional updates only, so concurrent calls can never
 * over-allocate a parent or shrink a child below what it already handed out:
 *   parent: used + allocated_to_children (+ delta) <= quota      (budget likewise)
 *   child:  used + allocated_to_children <= new quota             (budget likewise)
 * A union allocates only from a share it holds (or one under it) to unions under it: a
 * district with no share of the city's programme cannot hand out the city's units.
 */
export async function allocate(ctx: SubgraphContext, input: AllocateInput): Promise<AllocationRow> {
  const scope = requireScope(ctx);
  const programme = await programmeById(ctx).load(input.programmeId);
  if (!programme) throw notFound('programme', input.programmeId);
  if (programme.state === ProgrammeState.CLOSED) throw new DomainError(ErrorCode.INVALID_STATE, 'This programme is closed; its shares can no longer change.');
  const org = await visibleOrg(ctx, input.orgId);
  if (org.path === programme.orgPath || !isWithin(org.path, programme.orgPath)) {
    throw badInput('orgId', 'shares go to unions strictly under the union running the programme; pick one of its child unions or further down');
  }
  const quota = amount('quota', input.quota, 0, PROGRAMME_LIMITS.quota);
  const budgetCents = amount('budgetCents', input.budgetCents, 0, PROGRAMME_LIMITS.cents);
  // A share must be limited wherever its parent is, or a claim there could overrun it.
  if ((programme.quota === null) !== (quota === null)) {
    throw badInput('quota', programme.quota === null ? 'this programme has no quota; leave quota out' : 'this programme has a quota; give the share\'s quota');
  }
  if ((programme.budgetCents === null) !== (budgetCents === null)) {
    throw badInput('budgetCents', programme.budgetCents === null ? 'this programme has no budget; leave budgetCents out' : 'this programme has a budget; give the share\'s budgetCents');
  }

  const run = () =>
    ctx.db.transaction(async (em) => {
      const repo = em.getRepository(AllocationRow);
      const chain = await repo
        .createQueryBuilder('a')
        .where('a.programmeId = :pid', { pid: programme.id })
        .andWhere('a.orgId IN (:...ids)', { ids: pathIds(org.path) })
        .getMany();
      const existingRef = chain.find((a) => a.orgId === org.id) ?? null;
      const parentRef = existingRef
        ? (chain.find((a) => a.id === existingRef.parentId) ?? null)
        : chain.filter((a) => a.orgPath !== org.path).reduce<AllocationRow | null>((best, a) => (!best || a.orgPath.length > best.orgPath.length ? a : best), null);
      if (!parentRef) throw new DomainError(ErrorCode.INVALID_STATE, 'This programme has no share above that union to carve from; ask the union running it.');
      if (!inScope(scope, { path: parentRef.orgPath })) {
        throw new DomainError(
          ErrorCode.FORBIDDEN,
          existingRef
            ? 'That union\'s share was carved from a share held above your union; only staff there can resize it.'
            : 'Your union holds no share of this programme to hand on. Ask the union above you to allocate a share to your union first.',
        );
      }
      if (!existingRef) {
        const { from, to } = subtreeRange(org.path);
        const below = await repo
          .createQueryBuilder('a')
          .where('a.programmeId = :pid', { pid: programme.id })
          .andWhere('a.orgPath >= :from AND a.orgPath < :to', { from, to })
          .getCount();
        if (below > 0) {
          throw badInput('orgId', 'unions under this one already hold shares carved from higher up; resize those shares instead, or allocate to this union before allocating below it');
        }
      }

      // Lock the child, then its parent (deeper first, as every allocation does), and read
      // them as they are now: a concurrent resize or claim has either finished or waits.
      const lock = async (id: string): Promise<AllocationRow> => {
        await em.createQueryBuilder().update(AllocationRow).set({ version: () => 'version + 1' }).where('id = :id', { id }).execute();
        return repo.findOneByOrFail({ id });
      };
      const existing = existingRef ? await lock(existingRef.id) : null;
      const parent = await lock(parentRef.id);

      const dq = (quota ?? 0) - (existing?.quota ?? 0);
      const db = (budgetCents ?? 0) - (existing?.budgetCents ?? 0);
      if (existing) {
        const handedQ = existing.used + existing.allocatedToChildren;
        const handedB = existing.spentCents + existing.budgetToChildren;
        if (quota !== null && quota < handedQ) throw badInput('quota', `this union's share already issued or handed on ${handedQ} unit(s); it cannot shrink below that`, { min: handedQ });
        if (budgetCents !== null && budgetCents < handedB) throw badInput('budgetCents', `this union's share already spent or handed on ${handedB} fen; it cannot shrink below that`, { min: handedB });
      }
      // The most this union's share can be: what it holds now plus what the parent has free.
      const maxQ = parent.quota === null ? null : parent.quota - parent.used - parent.allocatedToChildren + (existing?.quota ?? 0);
      const maxB = parent.budgetCents === null ? null : parent.budgetCents - parent.spentCents - parent.budgetToChildren + (existing?.budgetCents ?? 0);
      if (quota !== null && maxQ !== null && quota > maxQ) throw badInput('quota', `the share above has room for at most ${maxQ} unit(s) for this union; ask for less, or ask the union above for more`, { max: maxQ });
      if (budgetCents !== null && maxB !== null && budgetCents > maxB) {
        throw badInput('budgetCents', `the share above has room for at most ${maxB} fen for this union; ask for less, or ask the union above for more`, { max: maxB });
      }

      // The rows are locked, so these conditions hold; they stay as the backstop of the invariant.
      if (existing) {
        const shrink = em.createQueryBuilder().update(AllocationRow).set({ quota, budgetCents }).where('id = :id', { id: existing.id });
        if (quota !== null) shrink.andWhere('used + allocated_to_children <= :quota', { quota });
        if (budgetCents !== null) shrink.andWhere('spent_cents + budget_to_children <= :budgetCents', { budgetCents });
        if ((await shrink.execute()).affected !== 1) throw conflict('share of this union');
      }
      const carve = em
        .createQueryBuilder()
        .update(AllocationRow)
        .set({ allocatedToChildren: () => `allocated_to_children + ${dq}`, budgetToChildren: () => `budget_to_children + ${db}` })
        .where('id = :id', { id: parent.id });
      if (dq > 0) carve.andWhere('used + allocated_to_children + :dq <= quota', { dq });
      if (db > 0) carve.andWhere('spent_cents + budget_to_children + :db <= budget_cents', { db });
      if ((await carve.execute()).affected !== 1) throw conflict('share above this union');

      if (existing) return Object.assign(new AllocationRow(), existing, { quota, budgetCents });
      const row = Object.assign(new AllocationRow(), {
        id: newId(),
        programmeId: programme.id,
        orgId: org.id,
        orgPath: org.path,
        parentId: parent.id,
        quota,
        budgetCents,
        used: 0,
        spentCents: 0,
        allocatedToChildren: 0,
        budgetToChildren: 0,
        version: 1,
      });
      await em.insert(AllocationRow, row);
      return row;
    });
  try {
    return await withDeadlockRetry(run);
  } catch (err) {
    // uq_allocation_org: someone created this union's share at the same moment.
    if (isUniqueViolation(err)) throw conflict('share of this union');
    throw err;
  }
}

export type ProgrammePage = Page<ProgrammeRow>;

/** Keyset on (org_path, id), the order of the table's scope index. */
const keysetPage = (qb: SelectQueryBuilder<ProgrammeRow>, first: number, after?: string | null): Promise<ProgrammePage> => pathKeysetPage(qb, 'p', first, after ?? undefined);

/**
 * Programmes the caller can see: staff, those run in their subtree and those handed down
 * from above; members, those covering them. `orgId` narrows to programmes that apply at
 * that union: run under it, or above it.
 */
export async function listProgrammes(ctx: SubgraphContext, args: Partial<ProgrammesArgs>): Promise<ProgrammePage> {
  const first = Math.min(Math.max(args.first ?? 50, 1), 500);
  const qb = programmeQuery(ctx);
  if (args.orgId) {
    const org = await requireOrgs(ctx).org(args.orgId);
    // Narrowing to an org the caller cannot see finds nothing, as if it did not exist.
    // A member's scope sees unions at or above their own; staff, unions in their subtree.
    if (!org || !inScope(requireScope(ctx), { path: org.path })) return emptyPage();
    const { from, to } = subtreeRange(org.path);
    qb.andWhere('((p.orgPath >= :nf AND p.orgPath < :nt) OR p.orgId IN (:...nAncestors))', { nf: from, nt: to, nAncestors: pathIds(org.path) });
  }
  if (args.kind) qb.andWhere('p.kind = :kind', { kind: args.kind });
  if (args.state) qb.andWhere('p.state = :state', { state: args.state });
  // A member's list is what they can use: drafts are the union's work in progress, and
  // closed ones can no longer be claimed (a voucher still reaches its programme by id).
  if (ctx.caller.role === 'member') qb.andWhere('p.state = :open', { open: ProgrammeState.ACTIVE });
  const page = await keysetPage(qb, first, args.after);
  for (const { node } of page.edges) programmeById(ctx).prime(node.id, node);
  return page;
}

export const getProgramme = (ctx: SubgraphContext, id: string): Promise<ProgrammeRow | null> => programmeById(ctx).load(id);
