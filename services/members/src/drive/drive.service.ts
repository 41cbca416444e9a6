import type { EntityManager } from 'typeorm';
import { chinaDate } from '@lianxin/members-client';
import { newId, subtreeRange } from '@lianxin/auth';
import {
  badInput, calendarDay, conflict, DomainError, emptyPage, ErrorCode, escapeLike, idempotent, notFound, pathKeysetPage, requireScope, requiredText,
  underOrg, unscoped, wholeSeconds, withContentionRetry, type Page, type SubgraphContext,
} from '@lianxin/subgraph';
import { OrgLevel, OrgRow } from '../org/org.entity';
import { orgById } from '../org/org.loader';
import { personRequest } from '../member/member.service';
import { receiptOf, submitApplication } from '../membership/join.service';
import type { JoinApplicationReceipt } from '../membership/membership.types';
import { DriveJoinRow, JoinDriveRow, JoinDriveTargetRow } from './drive.entity';
import { driveById, driveQuery, targetsOfDrive } from './drive.loader';
import { driveQrPayload, verifyDriveQr } from './drive.qr';
import {
  DRIVE_LIMITS, DriveErrorCode, type CreateJoinDriveInput, type DriveJoinForm, type DriveJoinInput, type JoinDriveTargetInput, type JoinDrivesArgs, type SetJoinDriveTargetsArgs,
} from './drive.types';

// The resolvers declare the roles; services are also called directly (seeders, tests), so they re-check everything.

const DAY_MS = 86_400_000;
const dayCount = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

/** The QR signing secret: the internal secret the service was started with (ctx.services). */
function qrSecret(ctx: SubgraphContext): string {
  const secret = ctx.services?.internalSecret;
  if (typeof secret !== 'string' || !secret) throw new DomainError(ErrorCode.UNAVAILABLE, 'Drive QR codes cannot be made or read right now; try again later.');
  return secret;
}

/** Drives are union work: a member's scope would pass the inherited check for their own org's ancestors. */
function requireStaffScope(ctx: SubgraphContext): void {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Join drives are kept by union staff; ask your union.');
}

const canManage = (ctx: SubgraphContext, drive: Pick<JoinDriveRow, 'orgId'>): boolean => ctx.caller.role === 'admin' || (ctx.caller.role === 'staff' && ctx.caller.orgId === drive.orgId);

/** The org a drive is created for: the caller's own (admins: any); outside the scope it does not exist. */
async function ownOrg(ctx: SubgraphContext, orgId: string): Promise<OrgRow> {
  requireStaffScope(ctx);
  const org = await orgById(ctx).load(orgId);
  if (!org) throw new DomainError(ErrorCode.NOT_FOUND, `orgId: no union ${orgId} exists in your scope. Pick a union at or under your own.`, { field: 'orgId' });
  if (!canManage(ctx, { orgId: org.id })) throw new DomainError(ErrorCode.FORBIDDEN, `The join drives of ${org.name} are run by its own staff; ask them to start one.`, { field: 'orgId' });
  if (org.level === OrgLevel.ENTERPRISE) throw badInput('orgId', `${org.name} is an enterprise union with no sub-orgs to set targets for; a drive is run by a street, district or city union`);
  return org;
}

/** FORBIDDEN for staff who see a drive but do not keep it (the orgs above and below its own). */
async function assertManages(ctx: SubgraphContext, drive: JoinDriveRow): Promise<void> {
  if (canManage(ctx, drive)) return;
  const owner = await orgById(ctx).load(drive.orgId);
  throw new DomainError(ErrorCode.FORBIDDEN, `The join drive "${drive.title}" is kept by the staff of ${owner?.name ?? 'the org that runs it'}; ask them to change it.`, { field: 'driveId' });
}

/** A drive the caller may change, read in the transaction: unseen is NOT_FOUND, seen but another org's is FORBIDDEN. */
async function ownDrive(ctx: SubgraphContext, em: EntityManager | undefined, driveId: string): Promise<JoinDriveRow> {
  requireStaffScope(ctx);
  const drive = await driveQuery(ctx, em).andWhere('d.id = :driveId', { driveId }).getOne();
  if (!drive) throw notFound('join drive', driveId);
  await assertManages(ctx, drive);
  return drive;
}

function count(field: string, value: number): number {
  if (!Number.isInteger(value)) throw badInput(field, 'is a number of joins: a whole number');
  if (value < 0) throw badInput(field, `is a number of joins, 0 or more; ${value} is below zero. Give 0 for no target`);
  if (value > DRIVE_LIMITS.target) throw badInput(field, `${value} is more than ${DRIVE_LIMITS.target.toLocaleString('en-US')}; check for extra zeros`);
  return value;
}

/** Targets for direct sub-orgs of `owner`, each once, each a count of 0 or more. */
async function targetRows(ctx: SubgraphContext, owner: OrgRow, driveId: string, list: readonly JoinDriveTargetInput[]): Promise<JoinDriveTargetRow[]> {
  if (list.length > DRIVE_LIMITS.targets) throw badInput('targets', `set at most ${DRIVE_LIMITS.targets} sub-orgs' targets`);
  const seen = new Set<string>();
  const rows: JoinDriveTargetRow[] = [];
  for (const [i, t] of list.entries()) {
    const perDay = count(`targets.${i}.perDay`, t.perDay);
    const perWeek = count(`targets.${i}.perWeek`, t.perWeek);
    const perMonth = count(`targets.${i}.perMonth`, t.perMonth);
    if (seen.has(t.orgId)) throw badInput(`targets.${i}.orgId`, 'names a sub-org already listed; give each sub-org once');
    seen.add(t.orgId);
    const org = await orgById(ctx).load(t.orgId);
    if (!org || org.parentId !== owner.id) {
      throw badInput(`targets.${i}.orgId`, `${t.orgId} is not a direct sub-org of ${owner.name}; targets are set for the unions one level below it`);
    }
    rows.push(Object.assign(new JoinDriveTargetRow(), { driveId, orgId: org.id, orgPath: org.path, perDay, perWeek, perMonth }));
  }
  return rows;
}

function drivePeriod(startsOnText: string, endsOnText: string): { startsOn: string; endsOn: string } {
  const startsOn = calendarDay('startsOn', startsOnText);
  const endsOn = calendarDay('endsOn', endsOnText);
  if (endsOn < startsOn) throw badInput('endsOn', `${endsOn} is before startsOn (${startsOn}); a drive ends on or after the day it starts`);
  if (dayCount(startsOn, endsOn) > DRIVE_LIMITS.days) throw badInput('endsOn', `a drive runs at most ${DRIVE_LIMITS.days} days; start another for the next year`);
  return { startsOn, endsOn };
}

/** Starts a join drive of the caller's own org, with targets for its direct sub-orgs. */
export async function createJoinDrive(ctx: SubgraphContext, input: CreateJoinDriveInput, idempotencyKey?: string | null, when = new Date()): Promise<JoinDriveRow> {
  requireStaffScope(ctx);
  const title = requiredText('title', input.title, DRIVE_LIMITS.title);
  if (title.length < 2) throw badInput('title', 'name the drive in 2 to 100 characters, e.g. 扫码入会百日行动');
  const { startsOn, endsOn } = drivePeriod(input.startsOn, input.endsOn);
  const owner = await ownOrg(ctx, input.orgId);
  const now = wholeSeconds(when);
  const id = newId(now.getTime());
  const targets = await targetRows(ctx, owner, id, input.targets ?? []);
  const drive = Object.assign(new JoinDriveRow(), { id, orgId: owner.id, orgPath: owner.path, title, startsOn, endsOn, gigFocus: !!input.gigFocus, createdBy: ctx.caller.sub, createdAt: now, updatedAt: now, version: 1 });
  return idempotent(ctx, { operation: 'createJoinDrive', key: idempotencyKey, request: input }, (rid) => driveById(ctx).load(rid), (once) =>
    withContentionRetry(() =>
      once.transaction(async (em) => {
        await em.insert(JoinDriveRow, drive);
        if (targets.length) await em.insert(JoinDriveTargetRow, targets);
        return drive;
      }, (d) => d.id),
    ),
  );
}

/** Replaces a drive's targets, on the version the editor read; only the owner org's staff (and admins). */
export async function setJoinDriveTargets(ctx: SubgraphContext, args: SetJoinDriveTargetsArgs, when = new Date()): Promise<JoinDriveRow> {
  // Checked before the targets, so staff who do not keep the drive learn nothing of its sub-orgs from a refusal.
  const seen = await ownDrive(ctx, undefined, args.driveId);
  const owner = await orgById(ctx).load(seen.orgId);
  if (!owner) throw notFound('join drive', args.driveId);
  const targets = await targetRows(ctx, owner, seen.id, args.targets ?? []);
  const now = wholeSeconds(when);
  const saved = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const drive = await ownDrive(ctx, em, args.driveId);
      if (drive.version !== args.version) throw conflict(`join drive "${drive.title}"`);
      const bumped = await em.createQueryBuilder().update(JoinDriveRow).set({ version: drive.version + 1, updatedAt: now })
        .where('id = :id AND version = :version', { id: drive.id, version: drive.version }).execute();
      if (bumped.affected !== 1) throw conflict(`join drive "${drive.title}"`);
      await em.createQueryBuilder().delete().from(JoinDriveTargetRow).where('drive_id = :id', { id: drive.id }).execute();
      if (targets.length) await em.insert(JoinDriveTargetRow, targets);
      return Object.assign(new JoinDriveRow(), drive, { version: drive.version + 1, updatedAt: now });
    }),
  );
  driveById(ctx).clear(saved.id).prime(saved.id, saved);
  targetsOfDrive(ctx).clear(saved.id);
  return saved;
}

/* ---------- reads ---------- */

export async function listJoinDrives(ctx: SubgraphContext, args: JoinDrivesArgs): Promise<Page<JoinDriveRow>> {
  requireStaffScope(ctx);
  const qb = driveQuery(ctx);
  if (args.orgId) {
    const org = await orgById(ctx).load(args.orgId);
    if (!org) return emptyPage();
    underOrg(qb, 'd', org.path);
  }
  const page = await pathKeysetPage(qb, 'd', args);
  for (const e of page.edges) driveById(ctx).prime(e.node.id, e.node);
  return page;
}

export async function getJoinDrive(ctx: SubgraphContext, id: string): Promise<JoinDriveRow | null> {
  requireStaffScope(ctx);
  return driveById(ctx).load(id);
}

/**
 * The QR poster of one sub-org of a drive: for the staff of the owner org and of the orgs
 * below it (who print and show it), and admins; null for higher orgs, who see the drive in
 * figures only.
 */
export function targetQr(ctx: SubgraphContext, drive: JoinDriveRow, target: JoinDriveTargetRow): string | null {
  const mayPrint = ctx.caller.role === 'admin' || (ctx.caller.role === 'staff' && !!ctx.caller.orgPath?.startsWith(drive.orgPath));
  return mayPrint ? driveQrPayload(qrSecret(ctx), { driveId: drive.id, subOrgId: target.orgId, lastDay: drive.endsOn }) : null;
}

/* ---------- the join form (public) ---------- */

const invalidQr = (): DomainError =>
  new DomainError(DriveErrorCode.DRIVE_QR_INVALID, '这个二维码不是工会入会行动的码，请扫描工会张贴的二维码 (this is not a join drive QR code printed by the union; scan the poster again).', { field: 'code' });

interface Scanned {
  drive: JoinDriveRow;
  subOrg: OrgRow;
}

/**
 * What a scanned drive QR stands for, checked: ours and unaltered, its drive and sub-org still
 * there, and today within the drive. Unscoped: the worker is anonymous, and learns only the
 * drive's title and the sub-org's name, as the printed poster shows them.
 */
async function scan(
  ctx: SubgraphContext,
  code: string,
  data: EntityManager = unscoped(ctx, 'public drive QR: a code this service signed names the drive and sub-org; the worker sees their names only').manager,
  now = new Date(),
): Promise<Scanned> {
  const qr = verifyDriveQr(qrSecret(ctx), code);
  if (!qr) throw invalidQr();
  const drive = await data.getRepository(JoinDriveRow).findOne({ where: { id: qr.driveId } });
  const target = drive && (await data.getRepository(JoinDriveTargetRow).findOne({ where: { driveId: drive.id, orgId: qr.subOrgId } }));
  const subOrg = target && (await data.getRepository(OrgRow).findOne({ where: { id: target.orgId } }));
  if (!drive || !subOrg) throw invalidQr();
  const today = chinaDate(now);
  const lastDay = qr.lastDay < drive.endsOn ? qr.lastDay : drive.endsOn;
  if (today > lastDay) {
    throw new DomainError(DriveErrorCode.DRIVE_QR_EXPIRED, `「${drive.title}」已于 ${lastDay} 结束，这个二维码已失效；请向${subOrg.name}索取新的入会二维码 (this drive ended on ${lastDay}; ask the union for a current code).`, { field: 'code' });
  }
  if (today < drive.startsOn) {
    throw new DomainError(ErrorCode.INVALID_STATE, `「${drive.title}」从 ${drive.startsOn} 开始，请到时再扫码 (the drive starts on ${drive.startsOn}; scan again then).`, { field: 'code' });
  }
  return { drive, subOrg };
}

/** The join form behind a drive QR: the drive, the union whose poster it is, and the enterprise unions under it to choose from. */
export async function driveJoinForm(ctx: SubgraphContext, code: string, search?: string | null, now = new Date()): Promise<DriveJoinForm> {
  const { drive, subOrg } = await scan(ctx, code, undefined, now);
  const { from, to } = subtreeRange(subOrg.path);
  const qb = unscoped(ctx, 'public drive QR: the names of the open enterprise unions under the sub-org whose poster was scanned, to pick one')
    .getRepository(OrgRow).createQueryBuilder('o')
    .select(['o.id', 'o.name'])
    .where('o.path >= :from AND o.path < :to AND o.level = :level AND o.closedAt IS NULL', { from, to, level: OrgLevel.ENTERPRISE });
  const text = (search ?? '').trim();
  if (text) qb.andWhere(`o.name LIKE :anywhere ESCAPE '!'`, { anywhere: `%${escapeLike(text.slice(0, 50))}%` });
  const unions = await qb.orderBy('o.name').addOrderBy('o.id').limit(DRIVE_LIMITS.formUnions).getMany();
  return { title: drive.title, orgName: subOrg.name, endsOn: drive.endsOn, gigFocus: drive.gigFocus, unions: unions.map((u) => ({ id: u.id, name: u.name })) };
}

/**
 * A worker applies through a drive QR (扫码入会): a PENDING application to the union they
 * chose under the poster's sub-org, attributed to the drive and that sub-org in the same
 * transaction, once (the application's id is the attribution's key). A forged code is
 * DRIVE_QR_INVALID, an old one DRIVE_QR_EXPIRED; nothing is written for either.
 */
export async function joinThroughDrive(ctx: SubgraphContext, code: string, input: DriveJoinInput, idempotencyKey?: string | null): Promise<JoinApplicationReceipt> {
  return idempotent(ctx, { operation: 'joinThroughDrive', key: idempotencyKey, request: { ...personRequest(input), code } }, (id) => receiptOf(ctx, id), async (once) => {
    let scanned: Scanned | null = null;
    return submitApplication(once, input, async (em) => {
      scanned = await scan(ctx, code, em);
      const union = await em.getRepository(OrgRow).findOne({ where: { id: input.unionId } });
      if (!union || !union.path.startsWith(scanned.subOrg.path)) {
        throw badInput('unionId', `pick one of the unions the join form lists under ${scanned.subOrg.name}`);
      }
      return union;
    }, 'unionId', async (em, app, union) => {
      const { drive, subOrg } = scanned!;
      await em.insert(DriveJoinRow, Object.assign(new DriveJoinRow(), {
        applicationId: app.id, driveId: drive.id, subOrgId: subOrg.id, orgId: union.id, orgPath: union.path,
        employmentType: app.employmentType, joinedOn: chinaDate(app.createdAt), createdAt: wholeSeconds(app.createdAt),
      }));
    });
  });
}

