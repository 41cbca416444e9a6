import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decryptOnRead, encrypted, ENCRYPTED_LENGTH } from '../member/member.pii';
import { registerEnumType } from 'type-graphql';
import { EmploymentType, Gender, MembershipStatus } from '../member/member.entity';

export enum ApplicationStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

export enum TransferStatus {
  REQUESTED = 'REQUESTED',
  ACCEPTED = 'ACCEPTED',
  RETURNED = 'RETURNED',
}

registerEnumType(ApplicationStatus, {
  name: 'ApplicationStatus',
  description: 'Where a QR-code join application (扫码入会) is in review by staff of the org',
  valuesConfig: {
    PENDING: { description: 'Waiting for staff of the org to approve or reject it' },
    APPROVED: { description: 'Approved: the applicant is now a member' },
    REJECTED: { description: 'Rejected, with a reason' },
  },
});
registerEnumType(TransferStatus, {
  name: 'TransferStatus',
  description: 'Where a membership transfer (会籍接转) is',
  valuesConfig: {
    REQUESTED: { description: 'Requested by the old org; waiting for the new org to accept or return it. The member is TRANSFERRING meanwhile' },
    ACCEPTED: { description: 'Accepted by the new org: the member now belongs to it' },
    RETURNED: { description: 'Returned by the new org with a reason; the member stays with the old org' },
  },
});

/** A QR-code join (扫码入会) waiting for staff of the org to confirm. */
@Entity('join_application')
export class JoinApplicationRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  gender: Gender;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  /** Encrypted at rest (member/member.pii.ts); plaintext here. */
  @Column({ name: 'id_number', type: 'varchar', length: ENCRYPTED_LENGTH, transformer: encrypted })
  idNumber: string;

  /** = the ID number's lookup hash while PENDING, NULL after review: a unique index allows one open application per person. */
  @Column({ name: 'pending_key', type: 'varchar', length: 64, nullable: true })
  pendingKey: string | null;

  /** Encrypted at rest; plaintext here. */
  @Column({ type: 'varchar', length: ENCRYPTED_LENGTH, transformer: encrypted })
  phone: string;

  @Column({ name: 'employment_type', type: 'varchar', length: 24 })
  employmentType: EmploymentType;

  @Column({ type: 'varchar', length: 16 })
  status: ApplicationStatus;

  @Column({ name: 'reject_reason', type: 'varchar', length: 200, nullable: true })
  rejectReason: string | null;

  @Column({ name: 'member_id', type: 'varchar', length: 26, nullable: true })
  memberId: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'reviewed_at', type: 'datetime', nullable: true })
  reviewedAt: Date | null;

  @Column({ name: 'reviewed_by', type: 'varchar', length: 64, nullable: true })
  reviewedBy: string | null;
}

decryptOnRead(JoinApplicationRow, 'idNumber', 'phone');

/** Every membership status change, append-only. */
@Entity('member_status_event')
export class MemberStatusEventRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: MembershipStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus: MembershipStatus;

  @Column({ type: 'varchar', length: 200, nullable: true })
  reason: string | null;

  @Column({ name: 'actor_sub', type: 'varchar', length: 64 })
  actorSub: string;

  @Column({ type: 'datetime' })
  at: Date;
}

/** 会籍接转: requested by the old org, accepted or returned by the new one. Rows are never deleted. */
@Entity('member_transfer')
export class TransferRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;

  /** Masked snapshot so the receiving org can recognise the person before the member is in its scope. */
  @Column({ name: 'member_name', type: 'varchar', length: 50 })
  memberName: string;

  @Column({ name: 'from_org_id', type: 'varchar', length: 26 })
  fromOrgId: string;

  @Column({ name: 'from_path', type: 'varchar', length: PATH_LENGTH })
  fromPath: string;

  /** The shard key: the city this row belongs to, stamped from `fromPath` (@lianxin/subgraph city.ts). */
  @CityColumn('fromPath')
  city?: string;

  @Column({ name: 'to_org_id', type: 'varchar', length: 26 })
  toOrgId: string;

  @Column({ name: 'to_path', type: 'varchar', length: PATH_LENGTH })
  toPath: string;

  @Column({ type: 'varchar', length: 16 })
  status: TransferStatus;

  /** = member_id while REQUESTED: one open transfer per member. */
  @Column({ name: 'open_key', type: 'varchar', length: 26, nullable: true })
  openKey: string | null;

  @Column({ type: 'varchar', length: 200 })
  reason: string;

  @Column({ name: 'return_reason', type: 'varchar', length: 200, nullable: true })
  returnReason: string | null;

  @Column({ name: 'requested_by', type: 'varchar', length: 64 })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'datetime' })
  requestedAt: Date;

  @Column({ name: 'decided_by', type: 'varchar', length: 64, nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'datetime', nullable: true })
  decidedAt: Date | null;
}

export { MembershipStatus };
