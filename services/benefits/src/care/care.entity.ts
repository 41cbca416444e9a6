import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEnumType } from 'type-graphql';
import { Money } from '../columns';

export enum CareOccasion {
  SPRING_FESTIVAL = 'SPRING_FESTIVAL',
  DRAGON_BOAT = 'DRAGON_BOAT',
  MID_AUTUMN = 'MID_AUTUMN',
  NATIONAL_DAY = 'NATIONAL_DAY',
  SUMMER_COOLING = 'SUMMER_COOLING',
  OTHER = 'OTHER',
}
registerEnumType(CareOccasion, {
  name: 'CareOccasion',
  description: 'Holiday batches (慰问) and summer cooling (送清凉)',
  valuesConfig: {
    SPRING_FESTIVAL: { description: 'Spring Festival visits (春节慰问)' },
    DRAGON_BOAT: { description: 'Dragon Boat Festival visits (端午慰问)' },
    MID_AUTUMN: { description: 'Mid-Autumn Festival visits (中秋慰问)' },
    NATIONAL_DAY: { description: 'National Day visits (国庆慰问)' },
    SUMMER_COOLING: { description: 'Summer cooling deliveries to outdoor workers (夏送清凉)' },
    OTHER: { description: 'Any other occasion, named in the batch name' },
  },
});

/** A care-visit or gift batch with a budget; every visit spends from it. */
@Entity('care_batch')
export class CareBatchRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'programme_id', type: 'varchar', length: 26, nullable: true })
  programmeId: string | null;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  occasion: CareOccasion;

  @Money('budget_cents')
  budgetCents: number;

  /** Raised only by a conditional update that keeps it within the budget. */
  @Money('spent_cents', { default: 0 })
  spentCents: number;

  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ type: 'int', default: 1 })
  version: number;
}

/** Who was visited, by which org, what was given and what it cost. */
@Entity('care_visit')
export class CareVisitRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'batch_id', type: 'varchar', length: 26 })
  batchId: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;

  /** The visiting org; spending per org is grouped by its subtree. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 300 })
  items: string;

  @Money('cost_cents')
  costCents: number;

  @Column({ name: 'visited_on', type: 'date' })
  visitedOn: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 64 })
  recordedBy: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}
