import fs from 'node:fs';
import path from 'node:path';
import { chinaDate, visibleOrg } from '@lianxin/members-client';
import { newId, subtreeRange } from '@lianxin/auth';
import {
  badInput, detachedContext, fileStore, notFound, openSheetWriter, requireOrgs, SHEET_TYPES, unscoped, type FileToSend, type SheetFormat, type SheetValue, type SubgraphContext,
} from '@lianxin/subgraph';
import type { CaseRow } from '../casefile/case.entity';
import { CASE_SCOPE } from '../casefile/case.loader';
import { CaseRow as CaseFile } from '../casefile/case.entity';
import { CaseEventRow } from '../ledger/ledger.entity';
import { listCases } from '../case/case.service';
import type { CaseFilter } from '../case/case.types';
import { caseFigures, parsePeriod } from '../figures/figures.service';
import { CaseTallyRow } from '../figures/tally.entity';
import type { CaseFigures } from '../figures/figures.types';
import { ExportJobRow, ExportKind, ExportState } from './export.entity';
import { ACTION, CASE_HEADERS, CHANNEL, FIGURES_HEADERS, KIND, RATING, STATE, word } from './export.labels';

/** Rows read per page: listCases' largest page, so the export walks the list exactly as a client paging through it would. */
export const EXPORT_PAGE = 500;
/** A RUNNING job whose heartbeat is older than this died with its process. */
const STALE_MS = 120_000;

export const requesterOf = (ctx: Pick<SubgraphContext, 'caller'>): string => `${ctx.caller.role}:${ctx.caller.sub}`;

/** The caller's own jobs only: scoped by the exported org's path, and then by who asked. */
const jobQuery = (ctx: SubgraphContext) => ctx.db.read(ExportJobRow, 'j', { path: 'j.orgPath' }).andWhere('j.requestedBy = :me', { me: requesterOf(ctx) });

export async function exportJob(ctx: SubgraphContext, id: string): Promise<ExportJobRow | null> {
  const job = await jobQuery(ctx).andWhere('j.id = :id', { id }).getOne();
  if (job?.state === ExportState.RUNNING && Date.now() - job.heartbeatAt.getTime() > STALE_MS) {
    return Object.assign(job, { state: ExportState.FAILED, error: '导出中断（服务重启），请重新导出' });
  }
  return job;
}

/** Whether a finished job's file is still kept (the store keeps files a day). */
export const isDownloadable = (ctx: SubgraphContext, job: ExportJobRow): boolean => job.state === ExportState.DONE && fs.existsSync(fileOf(ctx, job));

/** The file of a finished job of the caller's, for the signed download link. */
export async function exportFile(id: string, ctx: SubgraphContext): Promise<FileToSend | null> {
  const job = await exportJob(ctx, id);
  if (!job || job.state !== ExportState.DONE) return null;
  return { path: fileOf(ctx, job), name: job.name, contentType: SHEET_TYPES[job.format].contentType };
}

const fileOf = (ctx: SubgraphContext, job: Pick<ExportJobRow, 'id' | 'format'>): string => path.join(fileStore(ctx), `export-${job.id}.${SHEET_TYPES[job.format].ext}`);

/** Staff export their own org unless they name another in their scope; admins belong to no org and name one. */
async function exportedOrg(ctx: SubgraphContext, orgId: string | null | undefined, field: string) {
  const id = orgId ?? ctx.caller.orgId;
  if (!id) throw badInput(field, 'admins belong to no org; say which org to export');
  return visibleOrg(ctx, id, field);
}

async function createJob(ctx: SubgraphContext, kind: ExportKind, format: SheetFormat, org: { id: string; path: string }, params: object, name: string): Promise<ExportJobRow> {
  const now = new Date();
  const job = Object.assign(new ExportJobRow(), {
    id: newId(now.getTime()), kind, format, orgId: org.id, orgPath: org.path, requestedBy: requesterOf(ctx), params: JSON.stringify(params),
    name: `${name}.${SHEET_TYPES[format].ext}`, state: ExportState.RUNNING, rows: 0, error: null, createdAt: now, heartbeatAt: now, finishedAt: null,
  });
  await ctx.db.transaction((em) => em.insert(ExportJobRow, job));
  return job;
}

/** Writes to the job's own row, which the caller was just given or read through jobQuery. */
const jobRows = (ctx: SubgraphContext) => unscoped(ctx, 'the export writes its own job row, created for this caller').getRepository(ExportJobRow);

/**
 * Runs the job after the mutation answered: the file is written page by page, so memory stays
 * flat however many rows; each page moves the progress and the heartbeat. A failure leaves no
 * file and a job that says what went wrong.
 */
function runJob(ctx: SubgraphContext, job: ExportJobRow, headers: readonly string[], sheet: string, write: (add: (values: SheetValue[]) => Promise<void>, progress: (rows: number) => Promise<void>) => Promise<number>): void {
  const file = fileOf(ctx, job);
  const run = async () => {
    const writer = await openSheetWriter(file, job.format, sheet, headers);
    try {
      const rows = await write(
        (values) => writer.add(values),
        (rows) => jobRows(ctx).update({ id: job.id }, { rows, heartbeatAt: new Date() }).then(() => undefined),
      );
      await writer.close();
      await jobRows(ctx).update({ id: job.id }, { rows, state: ExportState.DONE, finishedAt: new Date(), heartbeatAt: new Date() });
    } catch (err) {
      await writer.abort();
      throw err;
    }
  };
  run().catch(async (err: unknown) => {
    ctx.log.error({ err, job: job.id }, 'export failed');
    await jobRows(ctx).update({ id: job.id }, { state: ExportState.FAILED, error: '导出失败，已记录，请稍后重试', finishedAt: new Date() }).catch(() => undefined);
  });
}

const time = (d: Date | null | undefined): string => {
  if (!d) return '';
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
};

const onTimeWord = (c: CaseRow): string => (c.onTime === null || c.onTime === undefined ? '' : c.onTime ? '是' : '否');

/** The last ledger event of each case, through the case's scope: one statement a page. */
async function lastEvents(ctx: SubgraphContext, cases: readonly CaseRow[]): Promise<Map<string, CaseEventRow>> {
  if (!cases.length) return new Map();
  const events = await ctx.db
    .readThrough(CaseEventRow, 'e', { entity: CaseFile, alias: 'c', on: 'c.id = e.caseId AND c.eventSeq = e.seq' }, CASE_SCOPE)
    .andWhere('e.caseId IN (:...ids)', { ids: cases.map((c) => c.id) })
    .getMany();
  return new Map(events.map((e) => [e.caseId, e]));
}

/** 案件台账: the rows of `cases(filter)`, the same list for the same caller, page by page. */
export async function startCaseExport(ctx: SubgraphContext, format: SheetFormat, input: CaseFilter): Promise<ExportJobRow> {
  const org = await exportedOrg(ctx, input.orgId, 'filter.orgId');
  const filter: CaseFilter = { ...input, orgId: org.id };
  const period = filter.raisedFrom || filter.raisedTo ? `${filter.raisedFrom ?? ''}至${filter.raisedTo ?? ''}` : chinaDate(new Date());
  const job = await createJob(ctx, ExportKind.CASES, format, org, filter, `案件台账-${org.name}-${period}`);
  runJob(ctx, job, CASE_HEADERS, '案件台账', async (add, progress) => {
    let after: string | null = null;
    let rows = 0;
    for (;;) {
      // Fresh loaders a page: the request cache would otherwise keep every case read.
      const page = detachedContext(ctx);
      const found = await listCases(page, filter, EXPORT_PAGE, after);
      const cases = found.edges.map((e) => e.node);
      const [events, orgs] = await Promise.all([lastEvents(page, cases), requireOrgs(page).orgs([...new Set(cases.map((c) => c.handlingOrgId))])]);
      for (const c of cases) {
        const e = events.get(c.id);
        await add([
          c.number, word(KIND, c.kind), word(CHANNEL, c.channel), c.description, time(c.raisedAt), time(c.dueAt), time(c.resolvedAt), word(STATE, c.state),
          orgs.get(c.handlingOrgId)?.name ?? '', onTimeWord(c), word(RATING, c.rating), word(ACTION, e?.action), time(e?.at), e?.note ?? '',
        ]);
      }
      rows += cases.length;
      await progress(rows);
      if (!found.pageInfo.hasNextPage) return rows;
      after = found.pageInfo.endCursor;
    }
  });
  return job;
}

const rate = (v: number | null): SheetValue => (v === null ? '' : `${(v * 100).toFixed(1)}%`);
const figuresLine = (name: string, code: string, f: CaseFigures): SheetValue[] => [
  name, code, f.total, f.resolved, f.declined, rate(f.resolutionRate), rate(f.closureRate), rate(f.onTimeRate), rate(f.satisfactionRate), f.supervised, f.overdue,
];

/**
 * 分组织统计: the org's own figures and each child org's with cases in the period, as caseFigures
 * counts them. Children come from the tally (the figures live there), so one with no case in
 * the period has no row.
 */
export async function startFiguresExport(ctx: SubgraphContext, format: SheetFormat, args: { orgId?: string | null; from: string; to: string }): Promise<ExportJobRow> {
  const period = parsePeriod(args.from, args.to);
  const org = await exportedOrg(ctx, args.orgId, 'orgId');
  const job = await createJob(ctx, ExportKind.FIGURES, format, org, { orgId: org.id, from: args.from, to: args.to }, `分组织统计-${org.name}-${args.from}至${args.to}`);
  runJob(ctx, job, FIGURES_HEADERS, '分组织统计', async (add, progress) => {
    ctx = detachedContext(ctx);
    const under = await ctx.db
      .read(CaseTallyRow, 't', { path: 't.orgPath' })
      .select('t.orgId', 'orgId')
      .addSelect('t.orgPath', 'orgPath')
      .distinct(true)
      .andWhere('t.orgPath >= :lo AND t.orgPath < :hi', { lo: subtreeRange(org.path).from, hi: subtreeRange(org.path).to })
      .andWhere('t.month BETWEEN :from AND :to', { from: period.from, to: period.to })
      .getRawMany<{ orgId: string; orgPath: string }>();
    const depth = org.path.split('/').length;
    const childIds = under.filter((r) => r.orgPath.split('/').length === depth + 1).map((r) => r.orgId);
    const orgs = await requireOrgs(ctx).orgs(childIds);
    const children = [...orgs.values()].sort((a, b) => a.code.localeCompare(b.code));
    const own = await caseFigures(ctx, { orgId: org.id, from: args.from, to: args.to });
    if (!own) throw notFound('org', org.id);
    await add(figuresLine(`${org.name}（合计）`, org.code, own));
    let rows = 1;
    for (const child of children) {
      const f = await caseFigures(ctx, { orgId: child.id, from: args.from, to: args.to });
      if (!f) continue;
      await add(figuresLine(child.name, child.code, f));
      rows++;
    }
    await progress(rows);
    return rows;
  });
  return job;
}

