import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { EmploymentType, Gender, HardshipTier, JoinChannel, MembershipStatus, SchoolStage } from './member.entity';
import { IsIdNumber, PHONE_PATTERN } from './member.validation';
import { connectionOf } from '@lianxin/subgraph';

@ObjectType({ description: 'A union member. ID number and phone are masked unless you may see them in full.' })
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID, { description: 'The member\'s id (a ULID)' })
  id: string;

  @Field({ description: 'Full name as on the national ID card' })
  name: string;

  @Field(() => Gender, { description: 'As on the national ID card' })
  gender: Gender;

  @Field(() => GraphQLDate, { description: 'Birth date, YYYY-MM-DD, as encoded in the ID number' })
  birthDate: string;

  @Field(() => EmploymentType, { description: 'Regular employment or a new-employment-form (gig) type' })
  employmentType: EmploymentType;

  @Field({ description: 'Model worker (劳模)' })
  modelWorker: boolean;

  @Field(() => HardshipTier, { nullable: true, description: 'Hardship worker tier (困难职工) from the hardship register (hardshipFile); null when not in hardship' })
  hardshipTier: HardshipTier | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'Date of the last yearly hardship review' })
  hardshipReviewedOn: string | null;

  @Field(() => MembershipStatus, { description: 'ACTIVE, RETAINED (保留会籍), TRANSFERRING or LEFT' })
  status: MembershipStatus;

  @Field(() => String, { nullable: true, description: 'Why the membership is retained or ended' })
  statusReason: string | null;

  @Field(() => JoinChannel, { description: 'Enrolled by staff or joined by QR code' })
  joinChannel: JoinChannel;

  @Field(() => GraphQLDate, { description: 'Day the membership began, YYYY-MM-DD (China calendar)' })
  joinedOn: string;

  @Field(() => Int, { description: 'Changes with every update; pass it back as expectedVersion' })
  version: number;
}

@ObjectType({ description: 'A member\'s child, for education aid' })
export class MemberChild {
  @Field(() => ID, { description: 'The child\'s id; education aid applications and eligibility name it as childId' })
  id: string;

  @Field({ description: 'The child\'s full name' })
  name: string;

  @Field(() => Gender, { description: 'The child\'s gender' })
  gender: Gender;

  @Field(() => GraphQLDate, { description: 'Birth date, YYYY-MM-DD; eligibility rules check the age from it' })
  birthDate: string;

  @Field(() => SchoolStage, { description: 'Current stage of schooling; eligibility rules may require one' })
  schoolStage: SchoolStage;
}

export const MemberConnection = connectionOf(Member, 'Member', 'A page of members, in org-tree order');
export type MemberConnection = InstanceType<typeof MemberConnection>;

@InputType({ description: 'Which members to list; every filter narrows the result within your scope' })
export class MemberFilter {
  @Field(() => ID, { nullable: true, description: 'Only members under this org (default: your whole scope)' })
  @IsOptional()
  orgId?: string;

  @Field(() => MembershipStatus, { nullable: true, description: 'Only members in this status' })
  @IsOptional()
  status?: MembershipStatus;

  @Field(() => EmploymentType, { nullable: true, description: 'Only members of this employment type, e.g. DELIVERY_RIDER' })
  @IsOptional()
  employmentType?: EmploymentType;

  @Field({ nullable: true, description: 'Start of the name' })
  @IsOptional()
  @Length(1, 50)
  namePrefix?: string;

  @Field({
    nullable: true,
    description: 'The full 18-character ID number, exactly (the card in hand at the counter). Matched through a keyed hash; the answer stays masked unless you hold pii:read and ask to reveal',
  })
  @IsOptional()
  @IsIdNumber()
  idNumber?: string;

  @Field({ nullable: true, description: 'The full 11-digit mobile number, exactly. Matched through a keyed hash; the answer stays masked as for every list' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'must be an 11-digit mainland mobile number such as 13812345678' })
  phone?: string;
}

@InputType({ description: 'A member\'s child, recorded for education aid' })
export class ChildInput {
  @Field({ description: 'Full name, 1-50 characters' })
  @Length(1, 50)
  name: string;

  @Field(() => Gender, { description: 'The child\'s gender' })
  @IsEnum(Gender)
  gender: Gender;

  @Field(() => GraphQLDate, { description: 'Birth date, YYYY-MM-DD' })
  birthDate: Date;

  @Field(() => SchoolStage, { description: 'Current stage of schooling' })
  @IsEnum(SchoolStage)
  schoolStage: SchoolStage;
}

/** The personal details both staff enrolment and a QR join collect. */
@InputType()
export class PersonInput {
  @Field({ description: 'Full name, 1-50 characters' })
  @Length(1, 50)
  name: string;

  @Field(() => Gender, { description: 'As on the national ID card' })
  @IsEnum(Gender)
  gender: Gender;

  @Field({ description: '18-character national ID number; the birth date is taken from it' })
  @IsIdNumber()
  idNumber: string;

  @Field({ description: 'Mainland mobile number, 11 digits' })
  @Matches(PHONE_PATTERN, { message: 'must be an 11-digit mainland mobile number such as 13812345678' })
  phone: string;

  @Field(() => EmploymentType, { description: 'Regular employment or a new-employment-form (gig) type' })
  @IsEnum(EmploymentType)
  employmentType: EmploymentType;
}

@InputType({ description: 'A worker enrolled by union staff; the member is ACTIVE at once' })
export class EnrolMemberInput extends PersonInput {
  @Field(() => ID, { description: 'The org the member joins; must be in your scope' })
  orgId: string;

  @Field({ defaultValue: false, description: 'Whether the worker is a model worker (劳模); default false' })
  @IsBoolean()
  modelWorker: boolean;

  @Field(() => [ChildInput], { defaultValue: [], description: 'Children to record for education aid, at most 10 (default none)' })
  @ValidateNested({ each: true })
  @ArrayMaxSize(10)
  children: ChildInput[];
}

@InputType({ description: 'Changes to a member; fields left out stay as they are' })
export class UpdateMemberInput {
  @Field({ nullable: true, description: 'New mainland mobile number, 11 digits' })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'must be an 11-digit mainland mobile number such as 13812345678' })
  phone?: string;

  @Field(() => EmploymentType, { nullable: true, description: 'New employment type' })
  @IsOptional()
  @IsEnum(EmploymentType)
  employmentType?: EmploymentType;

  @Field({ nullable: true, description: 'Whether the member is a model worker (劳模)' })
  @IsOptional()
  @IsBoolean()
  modelWorker?: boolean;

  @Field(() => Int, { description: 'The version you read; the update is refused if someone changed the member since' })
  @Min(1)
  @Max(2_000_000_000)
  expectedVersion: number;
}

@ObjectType({ description: 'Internal: the facts the benefits subgraph decides eligibility on. Never exposed to clients' })
export class MemberFacts {
  @Field(() => ID, { description: 'The member\'s id' })
  id: string;

  @Field(() => ID, { description: 'The member\'s org' })
  orgId: string;

  @Field({ description: 'The materialised path of the member\'s org' })
  orgPath: string;

  @Field({ description: 'The name, for a masked display (王*国); never shown in full to partners' })
  name: string;

  @Field(() => MembershipStatus, { description: 'Membership status' })
  status: MembershipStatus;

  @Field(() => EmploymentType, { description: 'Employment type' })
  employmentType: EmploymentType;

  @Field({ description: 'Birth date, YYYY-MM-DD: for audiences by age (an interview campaign\'s young workers)' })
  birthDate: string;

  @Field({ description: 'Model worker (劳模) flag' })
  modelWorker: boolean;

  @Field(() => HardshipTier, { nullable: true, description: 'Hardship tier (困难职工); null when not a hardship worker' })
  hardshipTier: HardshipTier | null;

  @Field(() => [MemberChild], { description: 'Recorded children, for per-child rules' })
  children: MemberChild[];

  @Field(() => Int, { description: 'Grows with every change of these facts; a copy keeps the highest it saw' })
  factsVersion: number;
}
