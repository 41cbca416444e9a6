/**
 * Writes the generated demo data (generate.ts) into a benefits database, on MariaDB or the
 * embedded SQLite engine alike, in one transaction: a seed that fails half-way leaves
 * nothing behind, and isBenefitsSeeded() is true only once all of it is in.
 */
import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ProgrammeRow } from '../programme/programme.entity';
import { generateBenefitsDemo, type BenefitsDemoRows, type BenefitsSeedInput, type DemoPartner } from './generate';

export type { BenefitsSeedChild, BenefitsSeedInput, BenefitsSeedMember, BenefitsSeedOrg, DemoPartner } from './generate';
export { demoPartnerKey, demoVoucherCode } from './demo-keys';

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32: every bound value of one statement counts. */
const SQLITE_MAX_PARAMETERS = 32_766;
/** Rows per INSERT: far below MariaDB's max_allowed_packet. */
const MAX_ROWS_PER_INSERT = 1_000;

export interface BenefitsSeedResult {
  programmes: number;
  allocations: number;
  partners: number;
  keys: number;
  vouchers: { issued: number; redeemed: number; expired: number; cancelled: number };
  redemptions: number;
  aidApplications: number;
  careBatches: number;
  careVisits: number;
  demo: DemoPartner;
}

/** Whether the database holds programmes already (the seed writes everything in one transaction). */
export async function isBenefitsSeeded(db: DataSource): Promise<boolean> {
  const rows = await db.getRepository(ProgrammeRow).find({ select: { id: true }, take: 1 });
  return rows.length > 0;
}

/**
 * Generates the demo programmes, partners, vouchers, aid applications and care visits over
 * the given tree and members and inserts them. Returns null (and writes nothing) when the
 * database holds programmes already, so it is safe to call on every start.
 */
export async function seedBenefitsDemoData(db: DataSource, input: BenefitsSeedInput): Promise<BenefitsSeedResult | null> {
  if (await isBenefitsSeeded(db)) return null;
  const rows = generateBenefitsDemo(input);
  await db.transaction(async (em) => {
    await insertRows(em, ProgrammeRow, rows.programmes);
    for (const [entity, list] of tables(rows)) await insertRows(em, entity, list);
  });
  const count = (state: string) => rows.vouchers.filter((v) => v.state === state).length;
  return {
    programmes: rows.programmes.length,
    allocations: rows.allocations.length,
    partners: rows.partners.length,
    keys: rows.keys.length,
    vouchers: { issued: count('ISSUED'), redeemed: count('REDEEMED'), expired: count('EXPIRED'), cancelled: count('CANCELLED') },
    redemptions: rows.redemptions.length,
    aidApplications: rows.aid.length,
    careBatches: rows.careBatches.length,
    careVisits: rows.careVisits.length,
    demo: rows.demo,
  };
}

function tables(rows: BenefitsDemoRows): [EntityTarget<ObjectLiteral>, ObjectLiteral[]][] {
  // Entity classes from the rows themselves: one import list (entities.ts) to keep in step.
  const of = (list: ObjectLiteral[]): [EntityTarget<ObjectLiteral>, ObjectLiteral[]][] => (list.length ? [[list[0].constructor as EntityTarget<ObjectLiteral>, list]] : []);
  return [
    ...of(rows.rules),
    ...of(rows.allocations),
    ...of(rows.partners),
    ...of(rows.bindings),
    ...of(rows.keys),
    ...of(rows.vouchers),
    ...of(rows.redemptions),
    ...of(rows.careBatches),
    ...of(rows.careVisits),
    ...of(rows.aid),
    ...of(rows.aidEvents),
  ];
}

/**
 * Multi-row INSERTs with the values TypeORM itself would bind (the driver's
 * preparePersistentValue), so the rows are stored exactly as the services store them;
 * without the query builder, whose per-row cost dominates at a hundred thousand rows.
 */
async function insertRows<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  const driver = em.connection.driver;
  const meta = em.connection.getMetadata(entity);
  const columns = meta.columns;
  const names = columns.map((c) => driver.escape(c.databaseName)).join(', ');
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const chunk = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(SQLITE_MAX_PARAMETERS / columns.length)));
  for (let i = 0; i < rows.length; i += chunk) {
    const slice = rows.slice(i, i + chunk);
    const params: unknown[] = new Array(slice.length * columns.length);
    let k = 0;
    for (const row of slice) {
      for (const column of columns) params[k++] = driver.preparePersistentValue(column.getEntityValue(row), column);
    }
    await em.query(`INSERT INTO ${driver.escape(meta.tableName)} (${names}) VALUES ${new Array(slice.length).fill(tuple).join(', ')}`, params);
  }
}
