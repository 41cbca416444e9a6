import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { decryptOnRead, encrypted, ENCRYPTED_LENGTH } from './member.pii';
import { registerEnumType } from 'type-graphql';
import { EmploymentType, HardshipTier, MembershipStatus, SchoolStage } from '@lianxin/members-client';

// The vocabularies members shares with the other subgraphs live in @lianxin/members-client; members gives them their GraphQL names and descriptions.
export { EmploymentType, HardshipTier, MembershipStatus, SchoolStage };

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

export enum JoinChannel {
  ENROLLED = 'ENROLLED',
  QR_CODE = 'QR_CODE',
}

registerEnumType(Gender, {
  name: 'Gender',
  description: 'Gender as recorded on the national ID card',
  valuesConfig: { MALE: { description: 'Male (男)' }, FEMALE: { description: 'Female (女)' } },
});
registerEnumType(EmploymentType, {
  name: 'EmploymentType',
  description: 'Regular employment or a new-employment-form (gig) type',
  valuesConfig: {
    REGULAR: { description: 'A regular employee of an employer' },
    DELIVERY_RIDER: { description: 'Food-delivery rider (外卖员), a new-employment-form worker (新就业形态劳动者)' },
    RIDE_HAILING_DRIVER: { description: 'Ride-hailing driver (网约车司机), a new-employment-form worker' },
    COURIER: { description: 'Parcel courier (快递员), a new-employment-form worker' },
    LIVE_STREAMER: { description: 'Live-streamer (主播), a new-employment-form worker' },
  },
});
registerEnumType(MembershipStatus, {
  name: 'MembershipStatus',
  description: 'Standing of a membership (会籍)',
  valuesConfig: {
    ACTIVE: { description: 'A member in good standing; benefits are for active members unless a programme says otherwise' },
    RETAINED: { description: 'Membership kept while retired, unemployed or after the employer closed (保留会籍); needs a reason' },
    TRANSFERRING: { description: 'A transfer to another union is open (会籍接转); set by requestTransfer, cleared when it is accepted or returned' },
    LEFT: { description: 'No longer a member (退会); needs a reason' },
  },
});
registerEnumType(HardshipTier, {
  name: 'HardshipTier',
  description: 'Hardship worker tier (困难职工); reviewed yearly',
  valuesConfig: {
    GENERAL: { description: 'General hardship (一般困难职工)' },
    DEEP: { description: 'Deep hardship (深度困难职工)' },
    ACCIDENT: { description: 'Hardship caused by an accident or sudden event (意外致困职工)' },
  },
});
registerEnumType(JoinChannel, {
  name: 'JoinChannel',
  description: 'How a member joined',
  valuesConfig: {
    ENROLLED: { description: 'Enrolled by union staff' },
    QR_CODE: { description: "Scanned the org's join QR code (扫码入会) and was approved by its staff" },
  },
});
registerEnumType(SchoolStage, {
  name: 'SchoolStage',
  description: "A child's stage of schooling, for education aid (金秋助学) rules",
  valuesConfig: {
    PRESCHOOL: { description: 'Kindergarten or younger (学前)' },
    PRIMARY: { description: 'Primary school (小学)' },
    JUNIOR_HIGH: { description: 'Junior high school (初中)' },
    SENIOR_HIGH: { description: 'Senior high school (高中)' },
    VOCATIONAL: { description: 'Vocational school (中职/高职)' },
    UNIVERSITY: { description: 'University or college (大学)' },
    NONE: { description: 'Not in school' },
  },
});

@Entity('member')
export class MemberRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  /** Copy of the org's path so scoped member queries are one index range scan. */
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

  /** Encrypted at rest (member.pii.ts); plaintext here. */
  @Column({ name: 'id_number', type: 'varchar', length: ENCRYPTED_LENGTH, transformer: encrypted })
  idNumber: string;

  /** Encrypted at rest; plaintext here. */
  @Column({ type: 'varchar', length: ENCRYPTED_LENGTH, transformer: encrypted })
  phone: string;

  /** HMAC of the ID number: one member per person (unique), and the exact lookup. */
  @Column({ name: 'id_number_hash', type: 'varchar', length: 64 })
  idNumberHash: string;

  /** HMAC of the phone, for the exact lookup (two members may share a phone). */
  @Column({ name: 'phone_hash', type: 'varchar', length: 64 })
  phoneHash: string;

  @Column({ name: 'employment_type', type: 'varchar', length: 24 })
  employmentType: EmploymentType;

  @Column({ name: 'model_worker', type: 'boolean' })
  modelWorker: boolean;

  @Column({ name: 'hardship_tier', type: 'varchar', length: 16, nullable: true })
  hardshipTier: HardshipTier | null;

  @Column({ name: 'hardship_reviewed_on', type: 'date', nullable: true })
  hardshipReviewedOn: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: MembershipStatus;

  @Column({ name: 'status_reason', type: 'varchar', length: 200, nullable: true })
  statusReason: string | null;

  @Column({ name: 'join_channel', type: 'varchar', length: 16 })
  joinChannel: JoinChannel;

  @Column({ name: 'joined_on', type: 'date' })
  joinedOn: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  /** Bumped on every write; writes check it so two concurrent changes never both win. */
  @Column({ type: 'int' })
  version: number;

  /**
   * Bumped with every change of a fact benefits decides on (member.feed.ts), in the same
   * transaction as the `member.changed` event: benefits' copy keeps the highest it saw.
   */
  @Column({ name: 'facts_version', type: 'int', default: 0 })
  factsVersion?: number;
}

decryptOnRead(MemberRow, 'idNumber', 'phone');

@Entity('member_child')
export class MemberChildRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;
  /** The shard key: its member's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'member', key: 'memberId' })
  city?: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  gender: Gender;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ name: 'school_stage', type: 'varchar', length: 16 })
  schoolStage: SchoolStage;
}
