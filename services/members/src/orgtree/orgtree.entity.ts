import { CityColumn } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrgHistoryAction, Ownership } from './orgtree.enums';

/** One change to an org: who, when, and the org as it was before and after (JSON). Never updated or deleted. */
@Entity('org_history')
export class OrgHistoryRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;
  /** The shard key: its org's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'org', key: 'orgId' })
  city?: string;

  @Column({ type: 'varchar', length: 16 })
  action: OrgHistoryAction;

  @Column({ name: 'actor_sub', type: 'varchar', length: 64 })
  actorSub: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ name: 'actor_org_id', type: 'varchar', length: 26, nullable: true })
  actorOrgId: string | null;

  @Column({ type: 'datetime' })
  at: Date;

  @Column({ name: 'before_json', type: 'text', nullable: true })
  before: string | null;

  @Column({ name: 'after_json', type: 'text', nullable: true })
  after: string | null;
}

/** What an org records about its place: an enterprise's address, headcount and ownership; a union post's hours and services too. */
@Entity('org_place')
export class OrgPlaceRow {
  @PrimaryColumn({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;
  /** The shard key: its org's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'org', key: 'orgId' })
  city?: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  address: string | null;

  @Column({ type: 'int', nullable: true })
  headcount: number | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  ownership: Ownership | null;

  @Column({ name: 'opening_hours', type: 'varchar', length: 100, nullable: true })
  openingHours: string | null;

  /** Comma-separated PostService codes, in the enum's order. */
  @Column({ type: 'varchar', length: 300, nullable: true })
  services: string | null;

  @Column({ name: 'updated_by', type: 'varchar', length: 64 })
  updatedBy: string;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;
}
