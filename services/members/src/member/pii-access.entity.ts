import { CityColumn } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per full read of a member's ID number or phone. */
@Entity('pii_access_log')
export class PiiAccessRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'actor_sub', type: 'varchar', length: 64 })
  actorSub: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 16 })
  actorRole: string;

  @Column({ name: 'actor_org_id', type: 'varchar', length: 26, nullable: true })
  actorOrgId: string | null;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;
  /** The shard key: its member's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'member', key: 'memberId' })
  city?: string;

  @Column({ type: 'varchar', length: 16 })
  field: 'idNumber' | 'phone';

  @Column({ type: 'datetime' })
  at: Date;
}
