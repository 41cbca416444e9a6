import { chinaDate } from '@lianxin/members-client';
import { assertTakesMembers } from '../org/org.open';
import { In, type EntityManager } from 'typeorm';
import { hasPermission, newId, subtreeRange } from '@lianxin/auth';
import { badInput, conflict, escapeLike, DomainError, ErrorCode, isUniqueViolation, notFound, scoped, type SubgraphContext, emptyPage, idempotent, lean, pathKeysetPage, pathKeysetPageOf, pathKeysetStart, hydrateRaw, inScope, requireScope, runRaw, underOrg, type OnceWriter, type Page, type PageArgs, unscoped } from '@lianxin/subgraph';
import { OrgLevel, OrgRow } from '../org/org.entity';
import { ORG_SCOPE, orgById } from '../org/org.loader';
import { MemberStatusEventRow } from '../membership/membership.entity';
import { JoinChannel, MemberChildRow, MemberRow, MembershipStatus } from './member.entity';
import { announceMemberChange } from './member.feed';
import { MEMBER_SCOPE, memberById, memberQuery, piiAudit } from './member.loader';
import { birthDateOfIdNumber, maskIdNumber, maskPhone } from './member.validation';
import { piiHash, piiHashes } from './member.pii';
import { MEMBERS_PAGE } from './member.statements';
import type { ChildInput, EnrolMemberInput, MemberFilter, PersonInput, UpdateMemberInput } from './member.types';

/** A calendar date given as a Date at UTC midnight (how GraphQL Date inputs arrive) -> 'YYYY-MM-DD'. */
export const toDateString = (d: Date): string => d.toISOString().slice(0, 10);

/** The unions work on China time: a join at 07:00 in Shanghai belongs to that day, not to the UTC day before. */

/** A member the caller can see, or NOT_FOUND: missing and out of scope look the same. */
export async function visibleMember(ctx: SubgraphContext, id: string, em?: EntityManager): Promise<MemberRow> {
  const member = em
    ? await scoped(ctx, em.getRepository(MemberRow), 'm', MEMBER_SCOPE).andWhere('m.id = :id', { id }).getOne()
    : await memberById(ctx).load(id);
  if (!member) throw notFound('member', id);
  return member;
}

/** An org in the caller's scope that members can belong to (an enterprise-level union). */
export async function joinableOrg(ctx: SubgraphContext, em: EntityManager, orgId: string): Promise<OrgRow> {
  const org = await scoped(ctx, em.getRepository(OrgRow), 'o', ORG_SCOPE).andWhere('o.id = :orgId', { orgId }).getOne();
  if (!org) throw notFound('org', orgId);
  assertTakesMembers(org, 'orgId');
  if (org.level !== OrgLevel.ENTERPRISE) {
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `Members belong to enterprise-level unions; ${org.name} is a ${org.level.toLowerCase()} union. Pick one of its enterprises.`, { field: 'orgId' });
  }
  return org;
}

/** One page of the members in scope, in (org_path, id) order. */
export async function listMembers(ctx: SubgraphContext, filter: MemberFilter, page: PageArgs): Promise<Page<MemberRow>> {
  let under: string | undefined;
  if (filter.orgId) {
    const org = await unscoped(ctx, 'only narrows the scoped member query: an org outside the scope finds no members').getRepository(OrgRow).findOne({ where: { id: filter.orgId }, select: { path: true } });
    // Narrowing to an org outside the scope finds nothing, as if the org did not exist.
    if (!org) return emptyPage();
    under = org.path;
  }
  const found = lean.on ? await membersPage(ctx, filter, page, under) : await membersPageBuilt(ctx, filter, page, under);
  // Prime the loader so _entities / member(id) later in this request cost nothing.
  for (const { node } of found.edges) memberById(ctx).prime(node.id, node);
  return found;
}

/** listMembers' read as one raw statement (member.statements.ts): the same rows, in the same order. */
async function membersPage(ctx: SubgraphContext, filter: MemberFilter, page: PageArgs, under: string | undefined): Promise<Page<MemberRow>> {
  // '/' to '0' holds every path ('0' follows '/').
  const range = under ? subtreeRange(under) : { from: '/', to: '0' };
  const start = pathKeysetStart(page.after);
  const opt = (v: string | undefined) => [v ?? null, v ?? null];
  const rows = await runRaw<Record<string, unknown>>(ctx, MEMBERS_PAGE, [
    range.from, range.to,
    start.path, start.path, start.id,
    ...opt(filter.status),
    ...opt(filter.employmentType),
    ...opt(filter.namePrefix ? `${escapeLike(filter.namePrefix)}%` : undefined),
    // Exact lookups compare keyed hashes: the stored ID numbers and phones are ciphertext.
    ...opt(filter.idNumber ? piiHash('idNumber', filter.idNumber) : undefined),
    ...opt(filter.phone ? piiHash('phone', filter.phone) : undefined),
    page.first + 1,
  ]);
  const found = pathKeysetPageOf(hydrateRaw(ctx, MemberRow, rows), page.first);
  // The orgs came along: orgById answers the page's org names from them, each checked against the scope as ORG_SCOPE would.
  const scope = requireScope(ctx);
  const firstOfOrg = new Map<unknown, Record<string, unknown>>();
  for (const row of rows.slice(0, page.first)) if (!firstOfOrg.has(row.o_id)) firstOfOrg.set(row.o_id, row);
  for (const org of hydrateRaw(ctx, OrgRow, [...firstOfOrg.values()], 'o_')) {
    if (org && inScope(scope, { path: org.path })) orgById(ctx).prime(org.id, org);
  }
  return found;
}

/** The query-builder read listMembers used before (SUBGRAPH_LEAN=off). */
async function membersPageBuilt(ctx: SubgraphContext, filter: MemberFilter, page: PageArgs, under: string | undefined): Promise<Page<MemberRow>> {
  const qb = memberQuery(ctx);
  if (under) underOrg(qb, 'm', under);
  if (filter.status) qb.andWhere('m.status = :status', { status: filter.status });
  if (filter.employmentType) qb.andWhere('m.employmentType = :et', { et: filter.employmentType });
  if (filter.namePrefix) qb.andWhere(`m.name LIKE :np ESCAPE '!'`, { np: `${escapeLike(filter.namePrefix)}%` });
  // Exact lookups compare keyed hashes: the stored ID numbers and phones are ciphertext.
  if (filter.idNumber) qb.andWhere('m.idNumberHash = :idh', { idh: piiHash('idNumber', filter.idNumber) });
  if (filter.phone) qb.andWhere('m.phoneHash = :ph', { ph: piiHash('phone', filter.phone) });
  return pathKeysetPage(qb, 'm', page);
}

/** The one answer to joining twice, whichever check (ours or the unique index) caught it. */
const duplicateMember = (): DomainError =>
  new DomainError(ErrorCode.DUPLICATE, 'A member with this ID number already exists. Find them and transfer or reactivate the membership instead of joining again.', { field: 'idNumber' });

export async function assertNotAlreadyMember(em: EntityManager, idNumber: string): Promise<void> {
  const existing = await em.getRepository(MemberRow).findOne({ where: { idNumberHash: piiHash('idNumber', idNumber) }, select: { id: true, status: true } });
  if (existing) throw duplicateMember();
}

export function newMemberRow(person: PersonInput, org: OrgRow, channel: JoinChannel, now: Date): MemberRow {
  const idNumber = person.idNumber.toUpperCase();
  return Object.assign(new MemberRow(), {
    id: newId(now.getTime()),
    orgId: org.id,
    orgPath: org.path,
    name: person.name.trim(),
    gender: person.gender,
    birthDate: birthDateOfIdNumber(idNumber),
    idNumber,
    phone: person.phone,
    ...piiHashes({ idNumber, phone: person.phone }),
    employmentType: person.employmentType,
    modelWorker: false,
    hardshipTier: null,
    hardshipReviewedOn: null,
    status: MembershipStatus.ACTIVE,
    statusReason: null,
    joinChannel: channel,
    joinedOn: chinaDate(now),
    createdAt: now,
    version: 1,
  });
}

export function statusEvent(member: MemberRow, from: MembershipStatus | null, reason: string | null, actor: string, at: Date): MemberStatusEventRow {
  return Object.assign(new MemberStatusEventRow(), {
    id: newId(at.getTime()),
    memberId: member.id,
    orgPath: member.orgPath,
    fromStatus: from,
    toStatus: member.status,
    reason,
    actorSub: actor,
    at,
  });
}

const childRow = (memberId: string, c: ChildInput): MemberChildRow =>
  Object.assign(new MemberChildRow(), { id: newId(), memberId, name: c.name.trim(), gender: c.gender, birthDate: toDateString(c.birthDate), schoolStage: c.schoolStage });

/** Staff enrolment: all or nothing, and the unique index on id_number is the final word on duplicates. */
/** What makes two requests for a person one request, with the ID number and phone only as their keyed hashes. */
export const personRequest = <T extends PersonInput>(input: T): object => ({ ...input, idNumber: piiHash('idNumber', input.idNumber), phone: piiHash('phone', input.phone) });

/** With an idempotencyKey, a retry gets the member the first call enrolled (as the caller sees it now). */
export async function enrolMember(ctx: SubgraphContext, input: EnrolMemberInput, idempotencyKey?: string | null): Promise<MemberRow> {
  return idempotent(ctx, { operation: 'enrolMember', key: idempotencyKey, request: personRequest(input) }, (id) => memberById(ctx).load(id), (once) => enrolOnce(ctx, input, once));
}

async function enrolOnce(ctx: SubgraphContext, input: EnrolMemberInput, once: OnceWriter): Promise<MemberRow> {
  const now = new Date();
  try {
    return await once.transaction(async (em) => {
      const org = await joinableOrg(ctx, em, input.orgId);
      await assertNotAlreadyMember(em, input.idNumber.toUpperCase());
      const member = newMemberRow(input, org, JoinChannel.ENROLLED, now);
      member.modelWorker = input.modelWorker;
      await em.insert(MemberRow, member);
      if (input.children.length) await em.insert(MemberChildRow, input.children.map((c) => childRow(member.id, c)));
      await em.insert(MemberStatusEventRow, statusEvent(member, null, 'enrolled by staff', ctx.caller.sub, now));
      await announceMemberChange(em, [member.id], now);
      return member;
    }, (m) => m.id);
  } catch (err) {
    if (isUniqueViolation(err)) throw duplicateMember();
    throw err;
  }
}

/** Optimistic update: refused with CONFLICT when the member changed after the caller read it. */
export async function updateMember(ctx: SubgraphContext, id: string, input: UpdateMemberInput): Promise<MemberRow> {
  return ctx.db.transaction(async (em) => {
    const member = await visibleMember(ctx, id, em);
    const patch: Partial<MemberRow> = {};
    if (input.phone !== undefined) Object.assign(patch, { phone: input.phone, phoneHash: piiHash('phone', input.phone) });
    if (input.employmentType !== undefined) patch.employmentType = input.employmentType;
    if (input.modelWorker !== undefined) patch.modelWorker = input.modelWorker;
    const result = await em
      .createQueryBuilder()
      .update(MemberRow)
      .set({ ...patch, version: () => 'version + 1' })
      .where('id = :id AND version = :v', { id: member.id, v: input.expectedVersion })
      .execute();
    if (result.affected !== 1) throw conflict('member');
    // A phone alone is no fact benefits keeps.
    if (patch.employmentType !== undefined || patch.modelWorker !== undefined) await announceMemberChange(em, [member.id]);
    return { ...member, ...patch, version: input.expectedVersion + 1 } as MemberRow;
  });
}

export async function addChild(ctx: SubgraphContext, memberId: string, input: ChildInput): Promise<MemberChildRow> {
  return ctx.db.transaction(async (em) => {
    const member = await visibleMember(ctx, memberId, em);
    const row = childRow(member.id, input);
    await em.insert(MemberChildRow, row);
    await announceMemberChange(em, [member.id]);
    return row;
  });
}

/**
 * Full ID number / phone, or the masked form. Admin, staff holding pii:read (the member
 * is already in their scope, or they could not have loaded it) and the member themself
 * may ask; each full read is audited before it is returned.
 */
export async function personalField(ctx: SubgraphContext, member: MemberRow, field: 'idNumber' | 'phone', reveal: boolean): Promise<string> {
  const value = member[field];
  if (!reveal) return field === 'idNumber' ? maskIdNumber(value) : maskPhone(value);
  const self = ctx.caller.role === 'member' && ctx.caller.memberId === member.id;
  const staff = (ctx.caller.role === 'staff' || ctx.caller.role === 'admin') && hasPermission(ctx.caller, 'pii:read');
  if (!self && !staff) {
    throw new DomainError(ErrorCode.FORBIDDEN, `Viewing a full ${field === 'idNumber' ? 'ID number' : 'phone number'} needs the pii:read permission. Ask an admin to grant it, or omit reveal.`);
  }
  await piiAudit(ctx).load({ memberId: member.id, field });
  return value;
}

/**
 * For the benefits subgraph (system role): the facts eligibility is decided on, for up
 * to 500 members in two statements. Unscoped by design, like _orgDirectory; the benefits
 * subgraph decides who may ask about whom and never returns the facts themselves.
 */
export async function memberFacts(ctx: SubgraphContext, ids: string[]): Promise<(MemberRow & { children: MemberChildRow[] })[]> {
  const unique = [...new Set(ids)].slice(0, 500);
  if (unique.length === 0) return [];
  const data = unscoped(ctx, 'system lookup: the benefits subgraph decides eligibility on these facts and never returns them');
  const rows = await data.getRepository(MemberRow).find({ where: { id: In(unique) } });
  const children = rows.length ? await data.getRepository(MemberChildRow).find({ where: { memberId: In(rows.map((r) => r.id)) } }) : [];
  return rows.map((r) => Object.assign(r, { children: children.filter((c) => c.memberId === r.id) }));
}

/**
 * For benefits filling an empty copy of the facts: every member in id order, `first` (at
 * most 1000) after `after`, one range scan on the primary key plus one for the children.
 */
export async function memberFactsPage(ctx: SubgraphContext, after: string | null, first: number): Promise<(MemberRow & { children: MemberChildRow[] })[]> {
  if (!Number.isInteger(first) || first < 1 || first > 1000) throw badInput('size', 'must be between 1 and 1000');
  const data = unscoped(ctx, 'system lookup: benefits fills its copy of the eligibility facts and never returns them');
  const qb = data.getRepository(MemberRow).createQueryBuilder('m').orderBy('m.id', 'ASC').limit(first);
  if (after) qb.where('m.id > :after', { after });
  const rows = await qb.getMany();
  const children = rows.length ? await data.getRepository(MemberChildRow).find({ where: { memberId: In(rows.map((r) => r.id)) } }) : [];
  return rows.map((r) => Object.assign(r, { children: children.filter((c) => c.memberId === r.id) }));
}
