import fs from 'node:fs';
import path from 'node:path';
import { newId } from '@lianxin/auth';
import {
  badCursor, detachedContext, DomainError, ErrorCode, FileRefused, fileStore, insertRows, isUniqueViolation, notFound, openSheetWriter, pageOf, SHEET_TYPES, sheetFormatOf, unscoped,
  type FileToSend, type Page, type PageArgs, type ReceivedFile, type SubgraphContext,
} from '@lianxin/subgraph';
import { In, type EntityManager } from 'typeorm';
import { MemberStatusEventRow } from '../membership/membership.entity';
import { JoinChannel, MemberRow } from '../member/member.entity';
import { announceMemberChange } from '../member/member.feed';
import { piiHash } from '../member/member.pii';
import { newMemberRow, statusEvent } from '../member/member.service';
import { maskIdNumber } from '../member/member.validation';
import { OrgLevel, OrgRow } from '../org/org.entity';
import { ORG_SCOPE } from '../org/org.loader';
import { parseRoster, type ParsedRoster, type RosterLine, type RowProblem } from './roster.check';
import { RosterImportRow, RosterProblemRow, RosterState } from './roster.entity';

/** A 50,000-row roster is about 4 MB as CSV, less as XLSX. */
export const ROSTER_MAX_BYTES = 10 * 1_048_576;
/** Members a commit writes in one transaction: a failed batch leaves nothing of itself. */
export const COMMIT_BATCH = 500;
const LOOKUP_BATCH = 1_000;
const STALE_MS = 120_000;

const uploaderOf = (ctx: Pick<SubgraphContext, 'caller'>): string => `${ctx.caller.role}:${ctx.caller.sub}`;
const importQuery = (ctx: SubgraphContext) => ctx.db.read(RosterImportRow, 'r', { path: 'r.orgPath' }).andWhere('r.requestedBy = :me', { me: uploaderOf(ctx) });
const fileOf = (ctx: SubgraphContext, imp: Pick<RosterImportRow, 'id' | 'format'>) => path.join(fileStore(ctx), `roster-${imp.id}.${SHEET_TYPES[imp.format].ext}`);
const reportOf = (ctx: SubgraphContext, id: string) => path.join(fileStore(ctx), `roster-report-${id}.xlsx`);
/** The import's own row, found through importQuery before any write. */
const importRows = (ctx: SubgraphContext) => unscoped(ctx, 'an import writes its own row, read through the uploader\'s scope first').getRepository(RosterImportRow);

/** Staff import into their own subtree; a roster is union office work, so admins (who belong to no union) do not. */
function requireUnionStaff(ctx: SubgraphContext): string {
  if (ctx.caller.role !== 'staff' || !ctx.caller.orgPath) {
    throw new DomainError(ErrorCode.FORBIDDEN, 'Rosters are imported by the staff of a union, into its own subtree. Sign in as staff of that union.');
  }
  return ctx.caller.orgPath;
}

/**
 * What the tree and the existing members say about the rows: an enterprise code must name an
 * open enterprise union in the caller's subtree (one answer for unknown and out of scope), and
 * an ID number must not be a member anywhere yet (the unique index is global).
 */
async function checkAgainstData(ctx: SubgraphContext, parsed: ParsedRoster, em?: EntityManager): Promise<{ ok: (RosterLine & { org: OrgRow })[]; problems: RowProblem[] }> {
  const codes = [...new Set(parsed.lines.map((l) => l.orgCode))];
  const orgs = new Map<string, OrgRow>();
  for (let i = 0; i < codes.length; i += LOOKUP_BATCH) {
    for (const o of await ctx.db.read(OrgRow, 'o', ORG_SCOPE, em).andWhere('o.code IN (:...codes)', { codes: codes.slice(i, i + LOOKUP_BATCH) }).getMany()) orgs.set(o.code, o);
  }
  const hashes = parsed.lines.map((l) => piiHash('idNumber', l.idNumber));
  // Inside the commit's transaction, its own manager; the dry run reads outside any.
  const existing = await membersWith(em ?? unscoped(ctx, 'an ID number is unique across every union: a member elsewhere is a duplicate too, reported without saying where').manager, hashes);
  const ok: (RosterLine & { org: OrgRow })[] = [];
  const problems: RowProblem[] = [];
  parsed.lines.forEach((line, i) => {
    const org = orgs.get(line.orgCode);
    const before = problems.length;
    if (!org) problems.push({ row: line.row, field: 'orgCode', code: 'ORG_NOT_FOUND', message: `在您管辖范围内找不到编码为 ${line.orgCode} 的工会，请核对编码` });
    else if (org.level !== OrgLevel.ENTERPRISE || org.closedAt) {
      problems.push({ row: line.row, field: 'orgCode', code: 'ORG_CANNOT_TAKE_MEMBERS', message: `${org.name}${org.closedAt ? '已撤销' : '不是基层（企业）工会'}，会员只能加入仍在运行的基层工会` });
    }
    if (existing.has(hashes[i])) problems.push({ row: line.row, field: 'idNumber', code: 'ALREADY_MEMBER', message: '此人已是会员，不再重复导入；如需变更所在工会请办理会籍接转' });
    if (problems.length === before) ok.push({ ...line, org: org! });
  });
  return { ok, problems };
}

/** Which of these ID-number hashes are members already, anywhere. */
async function membersWith(manager: EntityManager, hashes: readonly string[]): Promise<Set<string>> {
  const existing = new Set<string>();
  for (let i = 0; i < hashes.length; i += LOOKUP_BATCH) {
    const found = await manager.getRepository(MemberRow).find({ where: { idNumberHash: In(hashes.slice(i, i + LOOKUP_BATCH)) }, select: { id: true, idNumberHash: true } });
    for (const m of found) existing.add(m.idNumberHash);
  }
  return existing;
}

/** The upload handler: reads and checks every row (the dry run) and keeps the file for the commit. Nothing is written to members. */
export async function checkRoster(file: ReceivedFile, ctx: SubgraphContext): Promise<{ id: string; rowsTotal: number; rowsOk: number; rowsWithProblems: number }> {
  const orgPath = requireUnionStaff(ctx);
  const format = sheetFormatOf(file.name);
  if (format === 'XLSX' && !isZip(file.path)) {
    throw new FileRefused('FILE_UNREADABLE', 'This is not an Excel workbook (.xlsx) we can open. Save it from Excel or WPS as .xlsx, or as CSV (UTF-8), and upload again.');
  }
  const parsed = await parseRoster(file.path, format);
  const { ok, problems } = await checkAgainstData(ctx, parsed);
  const all = [...parsed.problems, ...problems].sort((a, b) => a.row - b.row);
  const now = new Date();
  const imp = Object.assign(new RosterImportRow(), {
    id: newId(now.getTime()), orgPath, requestedBy: uploaderOf(ctx), fileName: file.name.slice(0, 200), format, state: RosterState.CHECKED,
    rowsTotal: parsed.rows, rowsOk: ok.length, rowsWithProblems: parsed.rows - ok.length, created: 0, skipped: 0, error: null, createdAt: now, heartbeatAt: now, finishedAt: null,
  });
  await ctx.db.transaction(async (em) => {
    await em.insert(RosterImportRow, imp);
    await insertRows(em, RosterProblemRow, all.map((p) => {
      const raw = parsed.raw.get(p.row) ?? { name: '', idNumber: '' };
      return Object.assign(new RosterProblemRow(), { id: newId(now.getTime()), importId: imp.id, city: imp.city, row: p.row, code: p.code, field: p.field, message: p.message, name: raw.name.slice(0, 60), idNumber: maskIdNumber(raw.idNumber).slice(0, 24) });
    }));
  });
  fs.renameSync(file.path, fileOf(ctx, imp));
  return { id: imp.id, rowsTotal: imp.rowsTotal, rowsOk: imp.rowsOk, rowsWithProblems: imp.rowsWithProblems };
}

function isZip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    fs.readSync(fd, head, 0, 2, 0);
    return head[0] === 0x50 && head[1] === 0x4b;
  } finally {
    fs.closeSync(fd);
  }
}

export async function rosterImport(ctx: SubgraphContext, id: string): Promise<RosterImportRow | null> {
  const imp = await importQuery(ctx).andWhere('r.id = :id', { id }).getOne();
  if (imp?.state === RosterState.COMMITTING && Date.now() - imp.heartbeatAt.getTime() > STALE_MS) {
    // Its process died between batches: what was created stays, the rest is one more commit away.
    return Object.assign(imp, { state: RosterState.FAILED, error: '导入中断（服务重启），已导入的保留；请重新上传同一文件，已导入的人会被识别为已是会员' });
  }
  return imp;
}

const encodeProblemCursor = (p: RosterProblemRow) => Buffer.from(`${p.row}|${p.id}`).toString('base64url');

/** The problems of an import, in row order. */
export async function rosterProblems(ctx: SubgraphContext, imp: RosterImportRow, { first, after }: PageArgs): Promise<Page<RosterProblemRow>> {
  const qb = unscoped(ctx, 'problems of an import the caller already read through its scope').getRepository(RosterProblemRow).createQueryBuilder('p').where('p.importId = :id', { id: imp.id });
  if (after) {
    const [row, id] = Buffer.from(after, 'base64url').toString().split('|');
    if (!/^\d+$/.test(row ?? '') || !id) throw badCursor();
    qb.andWhere('(p.row > :row OR (p.row = :row AND p.id > :pid))', { row: Number(row), pid: id });
  }
  const rows = await qb.orderBy('p.row').addOrderBy('p.id').limit(first + 1).getMany();
  return pageOf(rows, first, encodeProblemCursor);
}

/** 预检报告: every problem as a sheet, made on first download. */
export async function rosterReport(id: string, ctx: SubgraphContext): Promise<FileToSend | null> {
  const imp = await rosterImport(ctx, id);
  if (!imp) return null;
  const file = reportOf(ctx, imp.id);
  if (!fs.existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    const writer = await openSheetWriter(tmp, 'XLSX', '预检报告', ['行号', '姓名', '身份证号', '问题代码', '字段', '说明']);
    let after: string | null = null;
    for (;;) {
      const page = await rosterProblems(ctx, imp, { first: 500, after });
      for (const { node: p } of page.edges) await writer.add([p.row, p.name, p.idNumber, p.code, p.field, p.message]);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    await writer.close();
    fs.renameSync(tmp, file);
  }
  return { path: file, name: `预检报告-${imp.fileName.replace(/\.[a-z]+$/i, '')}.xlsx`, contentType: SHEET_TYPES.XLSX.contentType };
}

/**
 * 确认导入: creates the members of the rows the dry run passed, once. One caller wins the move
 * from CHECKED to COMMITTING; a repeat returns the import as it stands. The rows are checked
 * again (the tree and the members may have changed since the dry run) and written in batches,
 * each batch with its members, their status events, the change announced to benefits and the
 * import's count in one transaction, the way staff enrolment writes one member.
 */
export async function commitRosterImport(ctx: SubgraphContext, id: string): Promise<RosterImportRow> {
  requireUnionStaff(ctx);
  const imp = await rosterImport(ctx, id);
  if (!imp) throw notFound('roster import', id);
  if (imp.state === RosterState.CHECKED && !fs.existsSync(fileOf(ctx, imp))) {
    throw new DomainError(ErrorCode.INVALID_STATE, 'This dry run is more than a day old and its file is gone. Upload the roster again; members already created are recognised and not created twice.');
  }
  const moved = await importRows(ctx).update({ id: imp.id, state: RosterState.CHECKED }, { state: RosterState.COMMITTING, heartbeatAt: new Date() });
  // Another commit moved it first: answer with the import as that commit left it, not as read before.
  if (!moved.affected) return (await rosterImport(ctx, id)) ?? imp;
  imp.state = RosterState.COMMITTING;
  const job = detachedContext(ctx);
  commitInBatches(job, imp).catch(async (err: unknown) => {
    job.log.error({ err, import: imp.id }, 'roster import failed');
    await importRows(job).update({ id: imp.id }, { state: RosterState.FAILED, error: '导入失败，已记录；已导入的保留，请稍后重新上传同一文件', finishedAt: new Date() }).catch(() => undefined);
  });
  return imp;
}

async function commitInBatches(ctx: SubgraphContext, imp: RosterImportRow): Promise<void> {
  const file = fileOf(ctx, imp);
  const parsed = await parseRoster(file, imp.format);
  const lines = parsed.lines;
  let created = 0;
  for (let i = 0; i < lines.length; i += COMMIT_BATCH) {
    const batch: ParsedRoster = { ...parsed, lines: lines.slice(i, i + COMMIT_BATCH) };
    created += await ctx.db.transaction(async (em) => {
      const { ok } = await checkAgainstData(ctx, batch, em);
      const now = new Date();
      const rows = ok.map((l) => newMemberRow(l, l.org, JoinChannel.ENROLLED, now));
      // Through the entity manager like enrolment: the column transformers encrypt ID numbers and phones.
      if (rows.length) await em.insert(MemberRow, rows);
      if (rows.length) await em.insert(MemberStatusEventRow, rows.map((m) => statusEvent(m, null, `imported from roster ${imp.fileName}`.slice(0, 200), ctx.caller.sub, now)));
      await announceMemberChange(em, rows.map((m) => m.id), now);
      await em.getRepository(RosterImportRow).increment({ id: imp.id }, 'created', rows.length);
      await em.getRepository(RosterImportRow).update({ id: imp.id }, { heartbeatAt: now });
      return rows.length;
    }).catch((err: unknown) => {
      // Someone enrolled one of these people between our check and our insert: the batch left nothing; the caller retries by uploading again.
      if (isUniqueViolation(err)) throw new Error(`batch at row ${batch.lines[0]?.row} met a member enrolled meanwhile`);
      throw err;
    });
  }
  // Rows the dry run passed that were members (or whose union closed) by the time their batch came.
  const skipped = Math.max(0, imp.rowsOk - created);
  await importRows(ctx).update({ id: imp.id }, { state: RosterState.DONE, skipped, finishedAt: new Date(), heartbeatAt: new Date() });
  fs.rmSync(file, { force: true });
  ctx.log.info({ import: imp.id, created, skipped }, 'roster imported');
}
