/**
 * Writes the generated demo data (generate.ts) into a benefits database, on MariaDB or the
 * embedded SQLite engine alike, in one transaction: a seed that fails half-way leaves
 * nothing behind, and isBenefitsSeeded() is true only once all of it is in.
 */
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { insertRows } from '@lianxin/subgraph';
import { ProgrammeRow } from '../programme/programme.entity';
import { generateBenefitsDemo, type BenefitsDemoRows, type BenefitsSeedInput, type DemoPartner } from './generate';

export type { BenefitsSeedChild, BenefitsSeedInput, BenefitsSeedMember, BenefitsSeedOrg, DemoPartner } from './generate';
export { demoPartnerKey, demoVoucherCode } from './demo-keys';


export interface BenefitsSeedResult {
  programmes: number;
  allocations: number;
  partners: number;
  keys: number;
  vouchers: { issued: number; redeemed: number; expired: number; cancelled: number };
  redemptions: number;
  aidApplications: number;
  /** Of those, opened from a worker's case. */
  aidFromCases: number;
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
    aidFromCases: rows.aid.filter((a) => a.caseId).length,
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
