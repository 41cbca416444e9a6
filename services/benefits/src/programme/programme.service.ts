import { BenefitsChangeKind, recordBenefitsChange } from '../changes/changes.feed';
import { visibleOrg } from '@lianxin/members-client';
import { newId, pathIds, subtreeRange } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, idempotent, inScope, type OnceWriter, notFound, requireOrgs, requireScope, type SubgraphContext, emptyPage, pathKeysetPage, type Page, requiredText, calendarDay } from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import { chinaDate } from '@lianxin/members-client';
import { checkRules, SENSITIVE_RULES, type RuleSet } from '../rules/eligibility.rules';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow, PartnerProgrammeRow } from './programme.entity';
import { ProgrammeKind, ProgrammeState, SENSITIVE_KINDS } from './programme.enums';
import { programmeById, programmeQuery } from './programme.loader';
import { newShare } from './allocation.service';
import { amount, PROGRAMME_LIMITS, type CreateProgrammeInput, type ProgrammesArgs } from './programme.types';

// The resolvers validate input already; services are also called directly (seeders, tests), so they re-check.



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

/** With an idempotencyKey, a retry gets the programme the first call created (as it is now). */
export async function createProgramme(ctx: SubgraphContext, input: CreateProgrammeInput, now: Date = new Date(), idempotencyKey?: string | null): Promise<ProgrammeRow> {
  return idempotent(ctx, { operation: 'createProgramme', key: idempotencyKey, request: input }, (id) => programmeById(ctx).load(id), (once) => createOnce(ctx, input, now, once));
}

async function createOnce(ctx: SubgraphContext, input: CreateProgrammeInput, now: Date, once: OnceWriter): Promise<ProgrammeRow> {
  const name = requiredText('name', input.name, PROGRAMME_LIMITS.name);
  if (!Object.values(ProgrammeKind).includes(input.kind)) throw badInput('kind', `must be one of ${Object.values(ProgrammeKind).join(', ')}`);
  const startsOn = calendarDay('startsOn', input.startsOn);
  const endsOn = calendarDay('endsOn', input.endsOn);
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
  const root = newShare({ id: newId(now.getTime()), programmeId: programme.id, org, parentId: null, quota, budgetCents });
  await once.transaction(async (em) => {
    await em.insert(ProgrammeRow, programme);
    await em.insert(ProgrammeRulesRow, rulesRow);
    await em.insert(AllocationRow, root);
  }, () => programme.id);
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
    // The partner desk's cache in every replica drops the programme (rules, sensitivity) within a poll.
    await recordBenefitsChange(em, BenefitsChangeKind.PROGRAMME, programme.id, now);
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
    await recordBenefitsChange(em, BenefitsChangeKind.PROGRAMME, programme.id, now);
    return Object.assign(new ProgrammeRow(), programme, { state: rule.to, version: programme.version + 1 });
  });
  programmeById(ctx).clear(updated.id).prime(updated.id, updated);
  return updated;
}

export const openProgramme = (ctx: SubgraphContext, programmeId: string, now: Date = new Date()) => move(ctx, programmeId, 'open', now);
export const closeProgramme = (ctx: SubgraphContext, programmeId: string, now: Date = new Date()) => move(ctx, programmeId, 'close', now);

export type ProgrammePage = Page<ProgrammeRow>;

/**
 * Programmes the caller can see: staff, those run in their subtree and those handed down
 * from above; members, those covering them. `orgId` narrows to programmes that apply at
 * that union: run under it, or above it. Keyset on (org_path, id), the order of the
 * table's scope index.
 */
export async function listProgrammes(ctx: SubgraphContext, args: ProgrammesArgs, now: Date = new Date()): Promise<ProgrammePage> {
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
  // A member's list is what they can use now: drafts are the union's work in progress,
  // closed ones and those past their end can no longer be claimed, and those not yet begun
  // cannot be claimed yet (eligibility says PROGRAMME_NOT_OPEN). A voucher still reaches its
  // programme by id. Today is the China calendar day, as eligibility counts it.
  if (ctx.caller.role === 'member') {
    const today = chinaDate(now);
    qb.andWhere('p.state = :open AND p.startsOn <= :today AND p.endsOn >= :today', { open: ProgrammeState.ACTIVE, today });
  }
  const page = await pathKeysetPage(qb, 'p', args);
  for (const { node } of page.edges) programmeById(ctx).prime(node.id, node);
  return page;
}

export const getProgramme = (ctx: SubgraphContext, id: string): Promise<ProgrammeRow | null> => programmeById(ctx).load(id);
