import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { EmploymentType, Gender, HardshipTier, JoinChannel, MembershipStatus, SchoolStage } from './member.entity';
import { IsIdNumber, PHONE_PATTERN } from './member.validation';
import { connectionOf } from '@lianxin/subgraph';

@ObjectType({ description: 'A union member. ID number and phone are masked unless you may see them in full.' })
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Gender)
  gender: Gender;

  @Field(() => GraphQLDate)
  birthDate: string;

  @Field(() => EmploymentType)
  employmentType: EmploymentType;

  @Field({ description: 'Model worker (劳模)' })
  modelWorker: boolean;

  @Field(() => HardshipTier, { nullable: true, description: 'Hardship worker tier (困难职工); null when not a hardship worker' })
  hardshipTier: HardshipTier | null;

  @Field(() => GraphQLDate, { nullable: true, description: 'Date of the last yearly hardship review' })
  hardshipReviewedOn: string | null;

  @Field(() => MembershipStatus)
  status: MembershipStatus;

  @Field(() => String, { nullable: true, description: 'Why the membership is retained or ended' })
  statusReason: string | null;

  @Field(() => JoinChannel)
  joinChannel: JoinChannel;

  @Field(() => GraphQLDate)
  joinedOn: string;

  @Field(() => Int, { description: 'Changes with every update; pass it back as expectedVersion' })
  version: number;
}

@ObjectType({ description: 'A member\'s child, for education aid' })
export class MemberChild {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => Gender)
  gender: Gender;

  @Field(() => GraphQLDate)
  birthDate: string;

  @Field(() => SchoolStage)
  schoolStage: SchoolStage;
}

export const MemberConnection = connectionOf(Member, 'Member', 'A page of members, in org-tree order');
export type MemberConnection = InstanceType<typeof MemberConnection>;

@InputType()
export class MemberFilter {
  @Field(() => ID, { nullable: true, description: 'Only members under this org (default: your whole scope)' })
  @IsOptional()
  orgId?: string;

  @Field(() => MembershipStatus, { nullable: true })
  @IsOptional()
  status?: MembershipStatus;

  @Field(() => EmploymentType, { nullable: true })
  @IsOptional()
  employmentType?: EmploymentType;

  @Field({ nullable: true, description: 'Start of the name' })
  @IsOptional()
  @Length(1, 50)
  namePrefix?: string;
}

@InputType()
export class ChildInput {
  @Field()
  @Length(1, 50)
  name: string;

  @Field(() => Gender)
  @IsEnum(Gender)
  gender: Gender;

  @Field(() => GraphQLDate)
  birthDate: Date;

  @Field(() => SchoolStage)
  @IsEnum(SchoolStage)
  schoolStage: SchoolStage;
}

/** The personal details both staff enrolment and a QR join collect. */
@InputType()
export class PersonInput {
  @Field({ description: 'Full name, 1-50 characters' })
  @Length(1, 50)
  name: string;

  @Field(() => Gender)
  @IsEnum(Gender)
  gender: Gender;

  @Field({ description: '18-character national ID number; the birth date is taken from it' })
  @IsIdNumber()
  idNumber: string;

  @Field({ description: 'Mainland mobile number, 11 digits' })
  @Matches(PHONE_PATTERN, { message: 'must be an 11-digit mainland mobile number such as 13812345678' })
  phone: string;

  @Field(() => EmploymentType)
  @IsEnum(EmploymentType)
  employmentType: EmploymentType;
}

@InputType()
export class EnrolMemberInput extends PersonInput {
  @Field(() => ID, { description: 'The org the member joins; must be in your scope' })
  orgId: string;

  @Field({ defaultValue: false })
  @IsBoolean()
  modelWorker: boolean;

  @Field(() => [ChildInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @ArrayMaxSize(10)
  children: ChildInput[];
}

@InputType()
export class UpdateMemberInput {
  @Field({ nullable: true })
  @IsOptional()
  @Matches(PHONE_PATTERN, { message: 'must be an 11-digit mainland mobile number such as 13812345678' })
  phone?: string;

  @Field(() => EmploymentType, { nullable: true })
  @IsOptional()
  @IsEnum(EmploymentType)
  employmentType?: EmploymentType;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  modelWorker?: boolean;

  @Field(() => HardshipTier, { nullable: true, description: 'Set with hardshipReviewedOn; use clearHardship to remove' })
  @IsOptional()
  @IsEnum(HardshipTier)
  hardshipTier?: HardshipTier;

  @Field(() => GraphQLDate, { nullable: true })
  @IsOptional()
  hardshipReviewedOn?: Date;

  @Field({ nullable: true, description: 'true removes the hardship tier' })
  @IsOptional()
  @IsBoolean()
  clearHardship?: boolean;

  @Field(() => Int, { description: 'The version you read; the update is refused if someone changed the member since' })
  @Min(1)
  @Max(2_000_000_000)
  expectedVersion: number;
}

@ObjectType({ description: 'Internal: the facts the benefits subgraph decides eligibility on. Never exposed to clients' })
export class MemberFacts {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  orgId: string;

  @Field()
  orgPath: string;

  @Field({ description: 'The name, for a masked display (王*国); never shown in full to partners' })
  name: string;

  @Field(() => MembershipStatus)
  status: MembershipStatus;

  @Field(() => EmploymentType)
  employmentType: EmploymentType;

  @Field()
  modelWorker: boolean;

  @Field(() => HardshipTier, { nullable: true })
  hardshipTier: HardshipTier | null;

  @Field(() => [MemberChild])
  children: MemberChild[];
}
