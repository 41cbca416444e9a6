import { Column, Entity, PrimaryColumn } from 'typeorm';
import { registerEnumType } from 'type-graphql';

export enum Gender {
  MALE = 'MALE',
  FEMALE = 'FEMALE',
}

/** Regular employees and the new-employment-form (gig) workers the join campaigns target. */
export enum EmploymentType {
  REGULAR = 'REGULAR',
  DELIVERY_RIDER = 'DELIVERY_RIDER',
  RIDE_HAILING_DRIVER = 'RIDE_HAILING_DRIVER',
  COURIER = 'COURIER',
  LIVE_STREAMER = 'LIVE_STREAMER',
}

export enum MembershipStatus {
  ACTIVE = 'ACTIVE',
  /** 保留会籍: retired, unemployed or the employer closed; needs a reason. */
  RETAINED = 'RETAINED',
  TRANSFERRING = 'TRANSFERRING',
  LEFT = 'LEFT',
}

/** 困难职工 tiers. */
export enum HardshipTier {
  GENERAL = 'GENERAL',
  DEEP = 'DEEP',
  ACCIDENT = 'ACCIDENT',
}

export enum JoinChannel {
  ENROLLED = 'ENROLLED',
  QR_CODE = 'QR_CODE',
}

export enum SchoolStage {
  PRESCHOOL = 'PRESCHOOL',
  PRIMARY = 'PRIMARY',
  JUNIOR_HIGH = 'JUNIOR_HIGH',
  SENIOR_HIGH = 'SENIOR_HIGH',
  VOCATIONAL = 'VOCATIONAL',
  UNIVERSITY = 'UNIVERSITY',
  NONE = 'NONE',
}

registerEnumType(Gender, { name: 'Gender' });
registerEnumType(EmploymentType, { name: 'EmploymentType', description: 'Regular employment or a new-employment-form (gig) type' });
registerEnumType(MembershipStatus, { name: 'MembershipStatus' });
registerEnumType(HardshipTier, { name: 'HardshipTier', description: 'Hardship worker tier (困难职工)' });
registerEnumType(JoinChannel, { name: 'JoinChannel' });
registerEnumType(SchoolStage, { name: 'SchoolStage' });

@Entity('member')
export class MemberRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  /** Copy of the org's path so scoped member queries are one index range scan. */
  @Column({ name: 'org_path', type: 'varchar', length: 120 })
  orgPath: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  gender: Gender;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ name: 'id_number', type: 'varchar', length: 18 })
  idNumber: string;

  @Column({ type: 'varchar', length: 11 })
  phone: string;

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
}

@Entity('member_child')
export class MemberChildRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26 })
  memberId: string;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  gender: Gender;

  @Column({ name: 'birth_date', type: 'date' })
  birthDate: string;

  @Column({ name: 'school_stage', type: 'varchar', length: 16 })
  schoolStage: SchoolStage;
}
