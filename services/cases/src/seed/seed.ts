/**
 * Writes the generated demo cases (generate.ts) into a cases database, on MariaDB or the
 * embedded SQLite engine alike: multi-row INSERTs in bounded chunks, one transaction per
 * few thousand cases, generation overlapping the database's work.
 */
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { engineOfDataSource, insertRows } from '@lianxin/subgraph';
import { CaseRow, CaseScopeRow, CaseSequenceRow } from '../casefile/case.entity';
import { CaseEventRow } from '../ledger/ledger.entity';
import { CaseTallyRow } from '../figures/tally.entity';
import { DeadlinePolicyRow } from '../deadline/deadline.entity';
import { ProjectNoteRow, ProjectRow } from '../project/project.entity';
import { SurveyAnswerRow, SurveyQuestionRow, SurveyResponseRow, SurveyRow } from '../evaluation/evaluation.entity';
import { ChairVisitDayRow, ChairVisitRow } from '../visit/visit.entity';
import { seedCampaignDemo, type CampaignSeedResult } from './campaigns';
import { CaseDemo, DEFAULT_CASE_SEED_OPTIONS, type CaseBatch, type SeedMember, type SeedOrg } from './generate';

/** Cases per transaction (with ~7 events and ~5 visibility rows each). */
const CASES_PER_TRANSACTION = 2_000;
/** Cases generated between two looks at the event loop, so the database gets its next statement meanwhile. */
const CASES_PER_SLICE = 100;
const TALLY_ROWS_PER_TRANSACTION = 20_000;

export interface CasesSeedInput {
  /** The org tree, as the members subgraph holds it. */
  orgs: readonly SeedOrg[];
  /** Members who may raise cases. */
  members: readonly SeedMember[];
  /** How many cases (default 20,000). */
  cases?: number;
  /** The end of the window: open cases are open as of this moment. */
  now: Date;
  seed?: number;
  /** Days before `now` the cases were raised over (default 1,095: three years). */
  days?: number;
  /** Called with cases inserted so far and the total, after each transaction. */
  onProgress?: (done: number, total: number) => void;
}

export interface CasesSeedResult {
  cases: number;
  events: number;
  scopes: number;
  tally: number;
  sequences: number;
  policies: number;
  projects: number;
  surveys: number;
  surveyResponses: number;
  /** 工会主席陪伴日: the enterprise unions' visit-day schedules and their diary entries. */
  visitDays: number;
  visits: number;
  /** 大访谈: the city's interview campaign (seed/campaigns.ts). */
  campaign?: CampaignSeedResult;
}

/**
 * Whether the database holds cases already. Every raise writes a case_sequence row, and
 * the seed writes them last, so a half-finished seed does not count as seeded.
 */
export async function isCasesSeeded(db: DataSource): Promise<boolean> {
  const rows = await db.getRepository(CaseSequenceRow).find({ select: { orgId: true }, take: 1 });
  return rows.length > 0;
}

/**
 * Generates demo cases over the given tree and inserts them with their ledgers,
 * visibility rows, figures tally and number sequences. Does nothing (and returns zeros)
 * when the database already holds cases, so it is safe to call on every start.
 */
export async function seedCasesDemoData(db: DataSource, input: CasesSeedInput): Promise<CasesSeedResult> {
  const result: CasesSeedResult = { cases: 0, events: 0, scopes: 0, tally: 0, sequences: 0, policies: 0, projects: 0, surveys: 0, surveyResponses: 0, visitDays: 0, visits: 0 };
  if (await isCasesSeeded(db)) return result;
  const leftovers = await db.getRepository(CaseRow).find({ select: { id: true }, take: 1 });
  if (leftovers.length > 0) {
    throw new Error('The cases database has cases but no case numbers: an earlier seed was interrupted. Drop the database (or delete the SQLite file) and seed again.');
  }

  const total = input.cases ?? DEFAULT_CASE_SEED_OPTIONS.cases;
  const demo = new CaseDemo(
    { orgs: input.orgs, members: input.members },
    {
      ...DEFAULT_CASE_SEED_OPTIONS,
      cases: total,
      now: input.now,
      ...(input.seed === undefined ? {} : { seed: input.seed }),
      ...(input.days === undefined ? {} : { days: input.days }),
    },
  );
  input.onProgress?.(0, total);

  // While one transaction is in the database, the next batch is generated.
  let inFlight: Promise<void> | undefined;
  let buffer: CaseBatch = { cases: [], events: [], scopes: [] };
  const flush = async (): Promise<void> => {
    const batch = buffer;
    buffer = { cases: [], events: [], scopes: [] };
    await inFlight;
    // In primary-key order: InnoDB then fills each leaf page once per batch instead of
    // jumping between pages (the visibility rows of one org are far apart in raise order).
    batch.events.sort((a, b) => compare(a.id, b.id));
    batch.scopes.sort((a, b) => compare(a.orgId, b.orgId) || compare(a.caseId, b.caseId));
    inFlight = db.transaction(async (em) => {
      await insertRows(em, CaseRow, batch.cases);
      await insertRows(em, CaseEventRow, batch.events);
      await insertRows(em, CaseScopeRow, batch.scopes);
    }).then(() => {
      result.cases += batch.cases.length;
      result.events += batch.events.length;
      result.scopes += batch.scopes.length;
      input.onProgress?.(result.cases, total);
    });
    // A failed transaction is reported by the next await; keep it from being unhandled meanwhile.
    inFlight.catch(() => undefined);
  };
  await withIndexesDeferred(db, [CaseRow, CaseEventRow, CaseScopeRow], async () => {
    for (const slice of demo.batches(CASES_PER_SLICE)) {
      buffer.cases.push(...slice.cases);
      for (const e of slice.events) buffer.events.push(e);
      for (const s of slice.scopes) buffer.scopes.push(s);
      if (buffer.cases.length >= CASES_PER_TRANSACTION) await flush();
      else await yieldToIo();
    }
    if (buffer.cases.length) await flush();
    await inFlight;
  });

  let tally: CaseTallyRow[] = [];
  for (const row of demo.tallyRows()) {
    tally.push(row);
    if (tally.length >= TALLY_ROWS_PER_TRANSACTION) {
      const rows = tally;
      tally = [];
      await db.transaction((em) => insertRows(em, CaseTallyRow, rows));
      result.tally += rows.length;
    }
  }
  // The deadline rules the cases were decided by, the wish projects they joined, the districts' surveys and the chairs' visit days.
  const policies = demo.policyRows();
  const { projects, notes } = demo.projectRows();
  const survey = demo.surveyRows();
  const diary = demo.visitRows();
  await db.transaction(async (em) => {
    await insertRows(em, ChairVisitDayRow, diary.days);
    await insertRows(em, ChairVisitRow, diary.visits);
    await insertRows(em, DeadlinePolicyRow, policies);
    await insertRows(em, ProjectRow, projects);
    await insertRows(em, ProjectNoteRow, notes);
    await insertRows(em, SurveyRow, survey.surveys);
    await insertRows(em, SurveyQuestionRow, survey.questions);
    await insertRows(em, SurveyResponseRow, survey.responses);
    await insertRows(em, SurveyAnswerRow, survey.answers);
  });
  result.policies = policies.length;
  result.projects = projects.length;
  result.surveys = survey.surveys.length;
  result.surveyResponses = survey.responses.length;
  result.visitDays = diary.days.length;
  result.visits = diary.visits.length;

  // Last, with the rest of the tally: isCasesSeeded() turns true only once everything is in.
  const sequences = demo.sequenceRows();
  await db.transaction(async (em) => {
    await insertRows(em, CaseTallyRow, tally);
    await insertRows(em, CaseSequenceRow, sequences);
  });
  result.tally += tally.length;
  result.sequences = sequences.length;
  result.campaign = await seedCampaignDemo(db, input);
  return result;
}

/**
 * On MariaDB, drops the secondary indexes of `entities`' tables while `load` runs and
 * builds them again afterwards: one sorted build per index instead of millions of
 * scattered inserts through a buffer pool far smaller than the data. SQLite keeps its
 * indexes (it is small data there). A failed load leaves the tables without those
 * indexes, but also without case numbers, which isCasesSeeded() and the next seed report.
 */
async function withIndexesDeferred(db: DataSource, entities: EntityTarget<ObjectLiteral>[], load: () => Promise<void>): Promise<void> {
  if (engineOfDataSource(db) !== 'mysql') return load();
  const tables = entities.map((e) => db.getMetadata(e).tableName);
  const rows = (await db.query(
    `SELECT TABLE_NAME AS t, INDEX_NAME AS i, NON_UNIQUE AS nu, COLUMN_NAME AS c, SUB_PART AS sp FROM information_schema.STATISTICS
     WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN (${tables.map(() => '?').join(', ')}) AND INDEX_NAME <> 'PRIMARY' ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`,
    tables,
  )) as { t: string; i: string; nu: number | string; c: string; sp: number | null }[];
  const indexes = new Map<string, { table: string; name: string; unique: boolean; columns: string[] }>();
  for (const r of rows) {
    const key = `${r.t}.${r.i}`;
    if (!indexes.has(key)) indexes.set(key, { table: r.t, name: r.i, unique: Number(r.nu) === 0, columns: [] });
    indexes.get(key)!.columns.push(r.sp ? `\`${r.c}\`(${r.sp})` : `\`${r.c}\``);
  }
  const byTable = (t: string) => [...indexes.values()].filter((x) => x.table === t);
  for (const t of tables) {
    const drop = byTable(t).map((x) => `DROP INDEX \`${x.name}\``);
    if (drop.length) await db.query(`ALTER TABLE \`${t}\` ${drop.join(', ')}`);
  }
  await load();
  for (const t of tables) {
    const add = byTable(t).map((x) => `ADD ${x.unique ? 'UNIQUE ' : ''}INDEX \`${x.name}\` (${x.columns.join(', ')})`);
    if (add.length) await db.query(`ALTER TABLE \`${t}\` ${add.join(', ')}`);
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
