import { newId, subtreeRange } from '@lianxin/auth';
import { badInput, DomainError, ErrorCode, inScope, notFound, requireOrgs, requireScope, type SubgraphContext, wholeSeconds, emptyPage, pathKeysetPage, type Page, type PageArgs, unscoped } from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import { BenefitsChangeKind, recordBenefitsChange } from '../changes/changes.feed';
import { ProgrammeRow, PartnerProgrammeRow } from '../programme/programme.entity';
import { SENSITIVE_KINDS } from '../programme/programme.enums';
import { programmeById } from '../programme/programme.loader';
import { PartnerKeyRow, PartnerKind, PartnerRow } from './partner.entity';
import { generatePartnerKey, HASH_PATTERN } from './partner.key';
import { PARTNER_SCOPE, partnerAdminQuery, partnerById, programmeIdsOfPartner } from './partner.loader';
import { PARTNER_LIMITS, type RegisterPartnerInput } from './partner.types';

// The resolvers validate input already; services are also called directly (seeders, tests), so they re-check.


/** Partners are managed by union staff and admins; a member's self scope must not pass the org checks below. */
function requireManager(ctx: SubgraphContext): void {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Partners are managed by union staff and admins.');
}

/** A partner the caller manages; out of scope reads as missing. */
async function managedPartner(ctx: SubgraphContext, id: string, em?: EntityManager): Promise<PartnerRow> {
  requireManager(ctx);
  const partner = await partnerAdminQuery(ctx, em).andWhere('pa.id = :id', { id }).getOne();
  if (!partner) throw notFound('partner', id);
  return partner;
}

function refresh(ctx: SubgraphContext, partner: PartnerRow): PartnerRow {
  partnerById(ctx).clear(partner.id).prime(partner.id, partner);
  programmeIdsOfPartner(ctx).clear(partner.id);
  return partner;
}

export async function registerPartner(ctx: SubgraphContext, input: RegisterPartnerInput, now: Date = new Date()): Promise<PartnerRow> {
  requireManager(ctx);
  const name = (input.name ?? '').trim();
  if (!name) throw badInput('name', 'must not be blank');
  if (name.length > PARTNER_LIMITS.name) throw badInput('name', `must be at most ${PARTNER_LIMITS.name} characters`);
  if (!Object.values(PartnerKind).includes(input.kind)) throw badInput('kind', `must be one of ${Object.values(PartnerKind).join(', ')}`);
  const org = await requireOrgs(ctx).org(input.orgId);
  if (!org || !inScope(requireScope(ctx), { path: org.path })) throw badInput('orgId', `no union ${input.orgId} exists in your scope; register the partner under your own union or one below it`);
  const partner = Object.assign(new PartnerRow(), { id: newId(now.getTime()), name, kind: input.kind, orgId: org.id, orgPath: org.path, active: true, createdAt: wholeSeconds(now) });
  await ctx.db.transaction((em) => em.insert(PartnerRow, partner));
  return refresh(ctx, partner);
}

/**
 * Binds a partner to a programme it serves. Never a sensitive programme: serving one
 * would tell the venue who receives hardship or education aid. The programme's version
 * is bumped in the same transaction, on condition it is still not sensitive; a rule
 * change making it sensitive bumps it too and checks for bound partners, so whichever
 * commits second sees the other.
 */
export async function bindPartnerProgramme(ctx: SubgraphContext, partnerId: string, programmeId: string): Promise<PartnerRow> {
  const partner = await managedPartner(ctx, partnerId);
  const programme = await programmeById(ctx).load(programmeId);
  if (!programme) throw notFound('programme', programmeId);
  if (programme.sensitive || SENSITIVE_KINDS.includes(programme.kind)) throw sensitive(programme);
  await ctx.db.transaction(async (em) => {
    const bound = await em.findOne(PartnerProgrammeRow, { where: { partnerId: partner.id, programmeId: programme.id } });
    if (bound) return;
    const result = await em
      .createQueryBuilder()
      .update(ProgrammeRow)
      .set({ version: () => 'version + 1' })
      .where('id = :id AND sensitive = :no', { id: programme.id, no: false })
      .execute();
    if (result.affected !== 1) throw sensitive(programme);
    await em.insert(PartnerProgrammeRow, { partnerId: partner.id, programmeId: programme.id });
    await recordBenefitsChange(em, BenefitsChangeKind.BINDING, partner.id);
  });
  programmeById(ctx).clear(programme.id);
  return refresh(ctx, partner);
}

const sensitive = (p: Pick<ProgrammeRow, 'name'>): DomainError =>
  badInput('programmeId', `${p.name} reveals hardship or aid to whoever serves it, so no partner can be bound to it. Hand out such support through the union instead.`);

/**
 * The partner stops serving the programme: its desk no longer sees that programme's vouchers,
 * members or redemptions (the desk's cache in every benefits replica drops the binding as the
 * feed reports it; redemptions read the binding in their own transaction).
 */
export async function unbindPartnerProgramme(ctx: SubgraphContext, partnerId: string, programmeId: string): Promise<PartnerRow> {
  const partner = await managedPartner(ctx, partnerId);
  await ctx.db.transaction(async (em) => {
    await em.delete(PartnerProgrammeRow, { partnerId: partner.id, programmeId });
    await recordBenefitsChange(em, BenefitsChangeKind.BINDING, partner.id);
  });
  return refresh(ctx, partner);
}

/** Deactivating a partner shuts its desk at once: its keys stop resolving (every gateway, within a poll of the feed) and its tokens see nothing. */
export async function setPartnerActive(ctx: SubgraphContext, partnerId: string, active: boolean): Promise<PartnerRow> {
  const partner = await managedPartner(ctx, partnerId);
  await ctx.db.transaction(async (em) => {
    await ctx.db.update(PartnerRow, 'pa', PARTNER_SCOPE, [partner.id], { active }, em);
    await recordBenefitsChange(em, BenefitsChangeKind.PARTNER, partner.id);
  });
  return refresh(ctx, Object.assign(new PartnerRow(), partner, { active }));
}

export interface IssuedKey {
  id: string;
  partnerId: string;
  prefix: string;
  key: string;
}

/** A new API key. The key is returned this once; only its sha256 is stored. */
export async function issuePartnerKey(ctx: SubgraphContext, partnerId: string, now: Date = new Date()): Promise<IssuedKey> {
  const partner = await managedPartner(ctx, partnerId);
  if (!partner.active) throw new DomainError(ErrorCode.INVALID_STATE, `${partner.name} is deactivated; reactivate it before issuing keys.`);
  const { key, prefix, hash } = generatePartnerKey();
  const id = newId(now.getTime());
  await ctx.db.transaction(async (em) => {
    await em.insert(PartnerKeyRow, { id, partnerId: partner.id, prefix, hash, createdAt: wholeSeconds(now), revokedAt: null });
    // A gateway that was just sent this key (and cached "unknown" for it) asks again.
    await recordBenefitsChange(em, BenefitsChangeKind.KEY, hash, now);
  });
  return { id, partnerId: partner.id, prefix, key };
}

/** Revokes a key for good (idempotent). Every gateway drops its cached lookup as benefits' feed reports it, within about a second. */
export async function revokePartnerKey(ctx: SubgraphContext, keyId: string, now: Date = new Date()): Promise<PartnerKeyRow> {
  requireManager(ctx);
  const keys = unscoped(ctx, 'a key is found by id, then shown only if its partner is managed by the caller').getRepository(PartnerKeyRow);
  const key = await keys.findOne({ where: { id: keyId } });
  // The key is managed through its partner: unseen partner, unseen key.
  if (!key || !(await partnerAdminQuery(ctx).andWhere('pa.id = :id', { id: key.partnerId }).getExists())) throw notFound('partner key', keyId);
  if (key.revokedAt) return key;
  const revokedAt = wholeSeconds(now);
  await ctx.db.transaction(async (em) => {
    await em.createQueryBuilder().update(PartnerKeyRow).set({ revokedAt }).where('id = :id AND revoked_at IS NULL', { id: key.id }).execute();
    await recordBenefitsChange(em, BenefitsChangeKind.KEY, key.hash, now);
  });
  return (await keys.findOne({ where: { id: key.id } })) ?? Object.assign(key, { revokedAt });
}

export interface KeyOwner {
  partnerId: string;
  keyId: string;
  active: boolean;
}

/** For the gateway (system caller): who holds the key with this sha256. Null when no key has it. */
export async function partnerByKeyHash(ctx: SubgraphContext, hash: string): Promise<KeyOwner | null> {
  if (ctx.caller.role !== 'system') throw new DomainError(ErrorCode.FORBIDDEN, 'Internal lookup.');
  if (!HASH_PATTERN.test(hash)) return null;
  const row = await unscoped(ctx, 'system lookup: the gateway resolves an API key hash to its partner')
    .getRepository(PartnerKeyRow)
    .createQueryBuilder('k')
    .innerJoin(PartnerRow, 'pa', 'pa.id = k.partnerId')
    .select('k.id', 'keyId')
    .addSelect('k.partnerId', 'partnerId')
    .addSelect('k.revokedAt', 'revokedAt')
    .addSelect('pa.active', 'partnerActive')
    .where('k.hash = :hash', { hash })
    .getRawOne<{ keyId: string; partnerId: string; revokedAt: unknown; partnerActive: unknown }>();
  if (!row) return null;
  return { partnerId: row.partnerId, keyId: row.keyId, active: row.revokedAt === null && (row.partnerActive === true || Number(row.partnerActive) === 1) };
}

/* ---------- reads ---------- */

export type PartnerPage = Page<PartnerRow>;

/** Partners registered in the caller's subtree, keyset on (org_path, id) over ix_partner_scope. */
export async function listPartners(ctx: SubgraphContext, page: PageArgs, orgId?: string | null): Promise<PartnerPage> {
  requireManager(ctx);
  const qb = partnerAdminQuery(ctx);
  if (orgId) {
    const org = await requireOrgs(ctx).org(orgId);
    if (!org || !inScope(requireScope(ctx), { path: org.path })) return emptyPage();
    const { from, to } = subtreeRange(org.path);
    qb.andWhere('pa.orgPath >= :nf AND pa.orgPath < :nt', { nf: from, nt: to });
  }
  const partners = await pathKeysetPage(qb, 'pa', page);
  for (const { node } of partners.edges) partnerById(ctx).prime(node.id, node);
  return partners;
}
