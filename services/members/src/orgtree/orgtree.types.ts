import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import { connectionOf } from '@lianxin/subgraph';
import { OrgKind } from '../org/org.entity';
import { OrgHistoryAction, Ownership, PostService } from './orgtree.enums';

@InputType({ description: '建会: a new union under one you can see' })
export class FoundOrgInput {
  @Field(() => ID, { description: 'The parent union; the new one is one level below it' })
  parentId: string;

  @Field({ description: 'Full name, ending in 工会, e.g. 临江顺达外卖站点工会' })
  @Length(2, 100)
  name: string;

  @Field(() => OrgKind, { description: 'What kind of union, among those its level allows (an enterprise union or a union post under a street)' })
  kind: OrgKind;
}

@InputType({ description: 'What an org records about its place; what is left out is cleared' })
export class OrgPlaceInput {
  @Field(() => String, { nullable: true, description: 'Street address (地址)' })
  @IsOptional()
  @Length(0, 200)
  address?: string | null;

  @Field(() => Int, { nullable: true, description: 'Workers at the enterprise or served by the post (职工人数)' })
  @IsOptional()
  @Min(0)
  @Max(1_000_000)
  headcount?: number | null;

  @Field(() => Ownership, { nullable: true, description: 'Who owns the enterprise (所有制)' })
  @IsOptional()
  ownership?: Ownership | null;

  @Field(() => String, { nullable: true, description: 'Union posts only: when it is open, e.g. 每天 8:00-20:00 (开放时间)' })
  @IsOptional()
  @Length(0, 100)
  openingHours?: string | null;

  @Field(() => [PostService], { nullable: true, description: 'Union posts only: what it offers (服务项目)' })
  @IsOptional()
  services?: PostService[] | null;
}

@ObjectType({ description: 'What an org records about its place (阵地信息)' })
export class OrgPlace {
  @Field(() => String, { nullable: true, description: 'Street address (地址)' })
  address: string | null;

  @Field(() => Int, { nullable: true, description: 'Workers at the enterprise or served by the post (职工人数)' })
  headcount: number | null;

  @Field(() => Ownership, { nullable: true, description: 'Who owns the enterprise (所有制)' })
  ownership: Ownership | null;

  @Field(() => String, { nullable: true, description: 'Union posts: when it is open (开放时间)' })
  openingHours: string | null;

  @Field(() => [PostService], { description: 'Union posts: what it offers (服务项目); empty for other orgs' })
  services: PostService[];

  @Field(() => GraphQLISODateTime, { description: 'When it was last set' })
  updatedAt: Date;
}

@ObjectType({ description: 'One field of an org as it was before a change and after it' })
export class OrgFieldChange {
  @Field({ description: 'Which field, e.g. name, parentId, path, closedAt' })
  field: string;

  @Field(() => String, { nullable: true, description: 'Its value before (null: none)' })
  before: string | null;

  @Field(() => String, { nullable: true, description: 'Its value after (null: none)' })
  after: string | null;
}

@ObjectType({ description: 'One change to an org: who made it, when, and what changed' })
export class OrgHistoryEntry {
  @Field(() => ID, { description: 'The entry\'s id (a ULID; also the idempotency key of what it announced)' })
  id: string;

  @Field(() => OrgHistoryAction, { description: 'What kind of change' })
  action: OrgHistoryAction;

  @Field({ description: 'Who made it (the account)' })
  actorSub: string;

  @Field({ description: 'Their role: staff or admin' })
  actorRole: string;

  @Field(() => ID, { nullable: true, description: 'The org they acted for (staff)' })
  actorOrgId: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When' })
  at: Date;

  @Field(() => [OrgFieldChange], { description: 'The fields that changed, before and after' })
  changes: OrgFieldChange[];
}

export const OrgHistoryConnection = connectionOf(OrgHistoryEntry, 'OrgHistoryEntry', 'A page of an org\'s history, newest first');
export type OrgHistoryConnection = InstanceType<typeof OrgHistoryConnection>;
