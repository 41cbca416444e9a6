import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import type { NotificationTemplate } from '@lianxin/members-client';

/**
 * One notification filed for a worker: what the in-app feed shows (`me { notifications }`)
 * and what the webhook channel sends on (an outbox row `notify.webhook` with the same key,
 * written in the same transaction). Filed once per idempotency key, whichever subgraph the
 * event came from. The text is not stored: it is rendered from the template file, so a
 * corrected wording applies to every row.
 */
@Entity('notification')
export class NotificationRow {
  /** A ULID: the feed lists newest first by it. */
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  /** The sender's idempotency key (`case:<id>:<version>`…); unique, so a repeat files nothing. */
  @Column({ name: 'idem_key', type: 'varchar', length: 128 })
  key: string;

  /** The member it is for; null for an applicant who has no member account (a join application refused). */
  @Column({ name: 'member_id', type: 'varchar', length: 26, nullable: true })
  memberId: string | null;

  @Column({ name: 'application_id', type: 'varchar', length: 26, nullable: true })
  applicationId: string | null;

  /** The worker's union when it was filed: which staff see it among the dead letters. */
  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 32 })
  template: NotificationTemplate;

  /** JSON object of string values, as the template takes them. */
  @Column({ type: 'varchar', length: 1000 })
  params: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'read_at', type: 'datetime', nullable: true })
  readAt: Date | null;
}
