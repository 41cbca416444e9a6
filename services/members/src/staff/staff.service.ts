import { In, type EntityManager } from 'typeorm';
import { hasPermission, isPermission, newId, PERMISSIONS, type Permission } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, isUniqueViolation, notFound, pageOf, badCursor, unscoped, type Page, type SubgraphContext } from '@lianxin/subgraph';
import { OrgRow } from '../org/org.entity';
import { visibleOrg } from '../org/org.service';
import { DepartmentRow, StaffAccountRow, StaffGrantRow } from './staff.entity';
import { DirectoryChangeKind, StaffGrantAction } from './staff.enums';
import { accountQuery, departmentQuery, DIRECTORY_SCOPE } from './staff.loader';
import { recordChange } from './directory.feed';

/*
 * The staff directory: 部室 and staff accounts, and who may keep them.
 *
 * - Admins keep every org's directory.
 * - Staff keep it only while they hold `staff:manage`, and then for their own org and every
 *   org below it (their scope). Plain staff of a parent org do not: making accounts is a right
 *   someone granted, not something that comes with sitting higher in the tree.
 * - A granter never gives more than it holds: the permissions it grants are a subset of its
 *   own, and the org lies in its subtree (the scoped read below finds nothing else).
 * - Nobody changes or revokes their own account: that is for someone above them.
 * Every grant, change and revoke writes the grant log and the change feed the gateway polls,
 * in the transaction that changes the account.
 */

const MANAGE: Permission = 'staff:manage';

function requireManager(ctx: SubgraphContext): void {
  if (ctx.caller.role === 'admin') return;
  if (ctx.caller.role === 'staff' && hasPermission(ctx.caller, MANAGE)) return;
  throw new DomainError(ErrorCode.FORBIDDEN, '管理人员与部室需要 staff:manage 权限，请联系上级工会的管理员开通。(Keeping the staff directory needs the staff:manage permission; ask the administrator of the union above you.)');
}

function name(field: string, value: string, max: number): string {
  const t = value?.trim() ?? '';
  if (!t) throw badInput(field, 'write the name, e.g. 权益保障部 or 张敏');
  if (t.length > max) throw badInput(field, `keep it to ${max} characters`);
  return t;
}

/** Known permissions, each once, in the order PERMISSIONS lists them; a granter passes on only what it holds. */
function grantable(ctx: SubgraphContext, perms: readonly string[]): Permission[] {
  const unknown = perms.filter((p) => !isPermission(p));
  if (unknown.length) throw badInput('perms', `${unknown.join(', ')} is not a permission; use ${PERMISSIONS.join(', ')}`);
  const held = ctx.caller.role === 'admin' ? PERMISSIONS : ctx.caller.perms;
  const beyond = perms.filter((p) => !(held as readonly string[]).includes(p));
  if (beyond.length) {
    throw new DomainError(ErrorCode.FORBIDDEN, `perms: 不能授予您自己没有的权限 (${[...new Set(beyond)].join(', ')})。You can grant only permissions you hold yourself.`, { field: 'perms' });
  }
  return PERMISSIONS.filter((p) => perms.includes(p));
}

export const permsOf = (row: Pick<StaffAccountRow, 'perms'>): Permission[] => row.perms.split(' ').filter(isPermission);
const permsText = (perms: readonly Permission[]): string => perms.join(' ');

/** An org the caller may keep the directory of, read in the writer's transaction; outside the scope is NOT_FOUND. */
async function managedOrg(ctx: SubgraphContext, em: EntityManager, orgId: string): Promise<OrgRow> {
  const org = await ctx.db.read(OrgRow, 'o', DIRECTORY_SCOPE, em).andWhere('o.id = :orgId', { orgId }).getOne();
  if (!org) throw notFound('org', orgId);
  // A closed union has no staff and no 部室 of its own: its people work for the union that took it over.
  if (org.closedAt) throw new DomainError(ErrorCode.INVALID_STATE, `${org.name}已撤销或合并，不能再在这里设立部室或开通账号 (the union is closed).`, { field: 'orgId' });
  return org;
}

async function managedDepartment(ctx: SubgraphContext, em: EntityManager, id: string): Promise<DepartmentRow> {
  const d = await departmentQuery(ctx, em).andWhere('d.id = :id', { id }).getOne();
  if (!d) throw notFound('department', id);
  return d;
}

async function managedAccount(ctx: SubgraphContext, em: EntityManager, id: string): Promise<StaffAccountRow> {
  const a = await accountQuery(ctx, em).andWhere('a.id = :id', { id }).getOne();
  if (!a) throw notFound('staff account', id);
  return a;
}

const second = (at: Date): Date => new Date(Math.floor(at.getTime() / 1000) * 1000);

const duplicateDepartment = (n: string): DomainError =>
  new DomainError(ErrorCode.DUPLICATE, `本单位已有名为“${n}”的部室（停用的也算）。Choose another name, or rename the one there is.`, { field: 'name' });

export async function createDepartment(ctx: SubgraphContext, orgId: string, rawName: string, now = new Date()): Promise<DepartmentRow> {
  requireManager(ctx);
  const n = name('name', rawName, 50);
  try {
    return await ctx.db.transaction(async (em) => {
      const org = await managedOrg(ctx, em, orgId);
      if (await em.getRepository(DepartmentRow).exists({ where: { orgId: org.id, name: n } })) throw duplicateDepartment(n);
      const row = Object.assign(new DepartmentRow(), { id: newId(now.getTime()), orgId: org.id, name: n, active: true, createdAt: second(now), version: 1 });
      await em.insert(DepartmentRow, row);
      return row;
    });
  } catch (err) {
    throw isUniqueViolation(err) ? duplicateDepartment(n) : err;
  }
}

async function changeDepartment(ctx: SubgraphContext, id: string, version: number, change: (d: DepartmentRow) => Partial<DepartmentRow>): Promise<DepartmentRow> {
  requireManager(ctx);
  return ctx.db.transaction(async (em) => {
    const d = await managedDepartment(ctx, em, id);
    const patch = change(d);
    if (version !== d.version) throw conflict('department');
    const done = await em.createQueryBuilder().update(DepartmentRow).set({ ...patch, version: d.version + 1 }).where('id = :id AND version = :v', { id: d.id, v: d.version }).execute();
    if (done.affected !== 1) throw conflict('department');
    return { ...d, ...patch, version: d.version + 1 };
  });
}

export async function renameDepartment(ctx: SubgraphContext, id: string, version: number, rawName: string): Promise<DepartmentRow> {
  const n = name('name', rawName, 50);
  try {
    return await changeDepartment(ctx, id, version, (d) => {
      if (d.name === n) throw badInput('name', `the department is already called ${n}`);
      return { name: n };
    });
  } catch (err) {
    throw isUniqueViolation(err) ? duplicateDepartment(n) : err;
  }
}

/** 撤销部室: it takes no new staff or cases; who is in it stays until moved. */
export function deactivateDepartment(ctx: SubgraphContext, id: string, version: number): Promise<DepartmentRow> {
  return changeDepartment(ctx, id, version, (d) => {
    if (!d.active) throw new DomainError(ErrorCode.INVALID_STATE, `部室“${d.name}”已经停用。This department is inactive already.`);
    return { active: false };
  });
}

/** A department named for an account must be an active one of the account's org. */
async function departmentFor(ctx: SubgraphContext, em: EntityManager, orgId: string, departmentId: string | null | undefined): Promise<string | null> {
  if (!departmentId) return null;
  const d = await departmentQuery(ctx, em).andWhere('d.id = :id', { id: departmentId }).getOne();
  if (!d || d.orgId !== orgId) throw badInput('departmentId', 'is not a department of the org the account works for; pick one from that org\'s departments');
  if (!d.active) throw badInput('departmentId', `部室“${d.name}”已停用; pick an active department`);
  return d.id;
}

function subjectOf(value: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200 || value !== value.trim()) {
    throw badInput('subject', 'must be the identity provider\'s subject (sub) exactly as its tokens carry it: 1-200 characters, no surrounding spaces');
  }
  return value;
}

async function log(em: EntityManager, ctx: SubgraphContext, account: StaffAccountRow, action: StaffGrantAction, note: string, at: Date): Promise<void> {
  await em.insert(StaffGrantRow, {
    id: newId(at.getTime()), accountId: account.id, action, orgId: account.orgId, departmentId: account.departmentId, perms: account.perms,
    note, actorSub: ctx.caller.sub, actorOrgId: ctx.caller.orgId ?? null, at: second(at),
  });
  await recordChange(em, DirectoryChangeKind.STAFF, account.subject, second(at));
}

/**
 * A union merged into another: its staff now work for the survivor (each move in their grant
 * log), without a 部室 until the survivor gives them one, and its 部室 close. Runs in the
 * merge's own transaction.
 */
export async function handOverStaff(ctx: SubgraphContext, em: EntityManager, from: Pick<OrgRow, 'id' | 'name'>, to: Pick<OrgRow, 'id' | 'name'>, at: Date): Promise<number> {
  const accounts = await em.getRepository(StaffAccountRow).find({ where: { orgId: from.id } });
  for (const a of accounts) {
    await em.createQueryBuilder().update(StaffAccountRow).set({ orgId: to.id, departmentId: null, version: () => 'version + 1' }).where('id = :id', { id: a.id }).execute();
    await log(em, ctx, Object.assign(new StaffAccountRow(), a, { orgId: to.id, departmentId: null }), StaffGrantAction.CHANGE, `${from.name}并入${to.name}，随之转入`, at);
  }
  await em.createQueryBuilder().update(DepartmentRow).set({ active: false }).where('org_id = :id', { id: from.id }).execute();
  return accounts.length;
}

export interface GrantStaffInput {
  subject: string;
  orgId: string;
  name: string;
  departmentId?: string | null;
  perms: string[];
  note?: string | null;
}

const duplicateSubject = (): DomainError =>
  new DomainError(ErrorCode.DUPLICATE, '这个登录身份已有人员账号。This subject has an account already; change it, or revoke it first.', { field: 'subject' });

/** 开通: an account for a subject of the identity provider, at an org in the caller's scope. */
export async function grantStaffAccount(ctx: SubgraphContext, input: GrantStaffInput, now = new Date()): Promise<StaffAccountRow> {
  requireManager(ctx);
  const subject = subjectOf(input.subject);
  const n = name('name', input.name, 50);
  const perms = grantable(ctx, input.perms);
  try {
    return await ctx.db.transaction(async (em) => {
      const org = await managedOrg(ctx, em, input.orgId);
      const departmentId = await departmentFor(ctx, em, org.id, input.departmentId);
      // Whatever scope the caller has, a subject is one account: checked across the whole directory.
      if (await em.getRepository(StaffAccountRow).exists({ where: { subject } })) throw duplicateSubject();
      const row = Object.assign(new StaffAccountRow(), { id: newId(now.getTime()), subject, orgId: org.id, departmentId, name: n, perms: permsText(perms), active: true, createdAt: second(now), version: 1 });
      await em.insert(StaffAccountRow, row);
      await log(em, ctx, row, StaffGrantAction.GRANT, input.note?.trim() || '开通', now);
      return row;
    });
  } catch (err) {
    throw isUniqueViolation(err) ? duplicateSubject() : err;
  }
}

const notYourself = (ctx: SubgraphContext, a: StaffAccountRow, doing: string): void => {
  if (ctx.caller.role === 'staff' && a.subject === ctx.caller.sub) {
    throw new DomainError(ErrorCode.FORBIDDEN, `不能${doing}自己的账号，请找上级工会的管理员。You cannot ${doing === '变更' ? 'change' : 'revoke'} your own account; ask someone above you.`);
  }
};

export interface ChangeStaffInput {
  orgId?: string | null;
  departmentId?: string | null;
  name?: string | null;
  perms?: string[] | null;
  note?: string | null;
}

/** 变更: move an account to another org or 部室, rename it, or set its permissions. What is not given stays. */
export async function changeStaffAccount(ctx: SubgraphContext, id: string, version: number, input: ChangeStaffInput, now = new Date()): Promise<StaffAccountRow> {
  requireManager(ctx);
  const perms = input.perms ? permsText(grantable(ctx, input.perms)) : undefined;
  const n = input.name != null ? name('name', input.name, 50) : undefined;
  return ctx.db.transaction(async (em) => {
    const a = await managedAccount(ctx, em, id);
    notYourself(ctx, a, '变更');
    if (!a.active) throw new DomainError(ErrorCode.INVALID_STATE, '这个账号已停用，不能变更。This account is revoked; grant a new one instead.');
    const orgId = input.orgId ? (await managedOrg(ctx, em, input.orgId)).id : a.orgId;
    // A move to another org leaves the old org's 部室 behind unless a new one is named.
    const departmentId = input.departmentId !== undefined ? await departmentFor(ctx, em, orgId, input.departmentId) : orgId === a.orgId ? a.departmentId : null;
    if (version !== a.version) throw conflict('staff account');
    const patch = { orgId, departmentId, name: n ?? a.name, perms: perms ?? a.perms, version: a.version + 1 };
    const done = await em.createQueryBuilder().update(StaffAccountRow).set(patch).where('id = :id AND version = :v', { id: a.id, v: a.version }).execute();
    if (done.affected !== 1) throw conflict('staff account');
    const next = { ...a, ...patch };
    await log(em, ctx, next, StaffGrantAction.CHANGE, input.note?.trim() || '变更', now);
    return next;
  });
}

/** 停用: the subject can no longer sign in (the gateway drops it within about a second); the account and its log stay. */
export async function revokeStaffAccount(ctx: SubgraphContext, id: string, version: number, reason: string, now = new Date()): Promise<StaffAccountRow> {
  requireManager(ctx);
  const note = name('reason', reason, 500);
  return ctx.db.transaction(async (em) => {
    const a = await managedAccount(ctx, em, id);
    notYourself(ctx, a, '停用');
    if (!a.active) throw new DomainError(ErrorCode.INVALID_STATE, '这个账号已经停用。This account is revoked already.');
    if (version !== a.version) throw conflict('staff account');
    const done = await em.createQueryBuilder().update(StaffAccountRow).set({ active: false, version: a.version + 1 }).where('id = :id AND version = :v', { id: a.id, v: a.version }).execute();
    if (done.affected !== 1) throw conflict('staff account');
    const next = { ...a, active: false, version: a.version + 1 };
    await log(em, ctx, next, StaffGrantAction.REVOKE, note, now);
    return next;
  });
}

const encode = (a: Pick<StaffAccountRow, 'id'>): string => Buffer.from(a.id).toString('base64url');
function decode(after: string): string {
  const id = Buffer.from(after, 'base64url').toString();
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(id)) throw badCursor();
  return id;
}

/** The accounts of one org in the caller's scope, oldest first; revoked ones only when asked for. */
export async function staffAccounts(ctx: SubgraphContext, args: { orgId: string; includeRevoked?: boolean | null; first: number; after?: string | null }): Promise<Page<StaffAccountRow>> {
  const org = await visibleOrg(ctx, args.orgId);
  const qb = accountQuery(ctx).andWhere('a.orgId = :orgId', { orgId: org.id });
  if (!args.includeRevoked) qb.andWhere('a.active = :on', { on: true });
  if (args.after) qb.andWhere('a.id > :after', { after: decode(args.after) });
  const rows = await qb.orderBy('a.id').limit(args.first + 1).getMany();
  return pageOf(rows, args.first, encode);
}

/** For the gateway (system role): who a verified subject is in the directory; null when nobody. */
export async function staffBySubject(ctx: SubgraphContext, subject: string): Promise<StaffAccountRow | null> {
  return unscoped(ctx, 'system lookup: the gateway signs a verified subject in as its account').getRepository(StaffAccountRow).findOne({ where: { subject } });
}

/** For other subgraphs (system role): the accounts and departments they hold ids of, at most 500 of each. */
export async function directoryEntries(ctx: SubgraphContext, staffIds: string[], departmentIds: string[]): Promise<{ staff: StaffAccountRow[]; departments: DepartmentRow[] }> {
  const data = unscoped(ctx, 'system lookup: cases checks the department and person a case is accepted by');
  const staff = [...new Set(staffIds)].slice(0, 500);
  const departments = [...new Set(departmentIds)].slice(0, 500);
  return {
    staff: staff.length ? await data.getRepository(StaffAccountRow).find({ where: { id: In(staff) } }) : [],
    departments: departments.length ? await data.getRepository(DepartmentRow).find({ where: { id: In(departments) } }) : [],
  };
}
