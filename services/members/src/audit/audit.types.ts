import { ArgsType, Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { connectionOf, PageArgs } from '@lianxin/subgraph';

@ObjectType({ description: 'One full read of a member\'s ID number or phone (the audit trail of personal-data reads)' })
export class PiiAccess {
  @Field(() => ID, { description: 'The entry\'s id (a ULID)' })
  id: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was read' })
  at: Date;

  @Field({ description: 'What was read: idNumber or phone' })
  field: string;

  @Field({ description: 'Who read it: the subject of their token' })
  actorSub: string;

  @Field({ description: 'Their role: staff or admin' })
  actorRole: string;

  @Field(() => ID, { nullable: true, description: 'The org of the staff member who read it; null for admins' })
  actorOrgId: string | null;

  @Field(() => ID, { description: 'Whose data was read' })
  memberId: string;
}

export const PiiAccessConnection = connectionOf(PiiAccess, 'PiiAccess', 'A page of personal-data reads, newest first');
export type PiiAccessConnection = InstanceType<typeof PiiAccessConnection>;

@ArgsType()
export class PiiAccessLogArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Reads of the data of members under this org (default: everything you can see)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Reads of this one member\'s data' })
  @IsOptional()
  memberId?: string | null;
}
