import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { connectionOf, PageArgs } from '@lianxin/subgraph';
import { CaseKind, Urgency } from '../casefile/case.enums';

/** What a post collects: the two channels a union post has (心愿墙, 意见簿). */
export enum PostChannel {
  WISH_WALL = 'WISH_WALL',
  SUGGESTION_BOOK = 'SUGGESTION_BOOK',
}

registerEnumType(PostChannel, {
  name: 'PostChannel',
  description: 'Where at a union post a request was collected',
  valuesConfig: {
    WISH_WALL: { description: 'The wish wall (心愿墙): a wish (微心愿), case channel WISH_WALL' },
    SUGGESTION_BOOK: { description: 'The suggestion book (意见簿): a suggestion (微建言), case channel SUGGESTION_BOOK' },
  },
});

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const POST_LIMITS = { name: 100, address: 200, openingHours: 100, text: 2000, minText: 5, periodDays: 366 } as const;

@ObjectType({ description: '工会驿站: a union post run by a union, where a wish wall (心愿墙) and a suggestion book (意见簿) may hang' })
export class UnionPost {
  @Field(() => ID, { description: 'The post\'s id (a ULID)' })
  id: string;

  @Field({ description: 'Its name, e.g. 劳动者大本营' })
  name: string;

  @Field({ description: 'Where it is' })
  address: string;

  @Field(() => String, { nullable: true, description: 'Opening hours as the post states them, e.g. 每天 8:00-20:00; null when not stated' })
  openingHours: string | null;

  @Field({ description: 'Whether a wish wall hangs there: wishes are taken only where one does' })
  wishWall: boolean;

  @Field({ description: 'Whether a suggestion book lies there: suggestions are taken only where one does' })
  suggestionBook: boolean;

  @Field({ description: 'When the post was entered, ISO 8601 UTC' })
  createdAt: Date;

  @Field(() => Int, { description: 'Increases with every change; pass it back to avoid overwriting a newer post' })
  version: number;
}

export const UnionPostConnection = connectionOf(UnionPost, 'UnionPost', 'A page of union posts, in org-tree order');
export type UnionPostConnection = InstanceType<typeof UnionPostConnection>;

@InputType({ description: 'A union post of your own union' })
export class CreateUnionPostInput {
  @Field(() => ID, { description: 'The union running the post: your own' })
  orgId: string;

  @Field({ description: '1-100 characters, unique within the union, e.g. 劳动者大本营' })
  name: string;

  @Field({ description: 'Where it is, 1-200 characters' })
  address: string;

  @Field(() => String, { nullable: true, description: 'Opening hours, up to 100 characters, e.g. 每天 8:00-20:00' })
  @IsOptional()
  openingHours?: string | null;

  @Field({ defaultValue: true, description: 'Whether a wish wall hangs there (default yes)' })
  wishWall: boolean;

  @Field({ defaultValue: true, description: 'Whether a suggestion book lies there (default yes)' })
  suggestionBook: boolean;
}

@InputType({ description: 'Changes to a union post; what is left out stays as it is' })
export class UpdateUnionPostInput {
  @Field(() => String, { nullable: true, description: '1-100 characters, unique within the union' })
  @IsOptional()
  name?: string | null;

  @Field(() => String, { nullable: true, description: '1-200 characters' })
  @IsOptional()
  address?: string | null;

  @Field(() => String, { nullable: true, description: 'Up to 100 characters; an empty string clears them' })
  @IsOptional()
  openingHours?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether a wish wall hangs there; taking it down keeps the wishes already collected' })
  @IsOptional()
  wishWall?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether a suggestion book lies there' })
  @IsOptional()
  suggestionBook?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'The post version you last saw; if it changed since, the call fails with CONFLICT' })
  @IsOptional()
  version?: number | null;
}

@InputType({ description: 'A wish or suggestion left at a union post: it becomes a case (挂号) at the union running the post, linked to the post' })
export class PostEntryInput {
  @Field(() => ID, { description: 'The post: staff record at their own union\'s posts, members leave one at a post serving their union' })
  postId: string;

  @Field({ description: 'The wish or suggestion in the worker\'s words, 5-2000 characters' })
  text: string;

  @Field(() => CaseKind, { nullable: true, description: 'What it is about (default MICRO_WISH for a wish, SUGGESTION for a suggestion)' })
  @IsOptional()
  kind?: CaseKind | null;

  @Field(() => Urgency, { nullable: true, description: 'How soon it must be handled (default NORMAL)' })
  @IsOptional()
  urgency?: Urgency | null;

  @Field(() => ID, { nullable: true, description: 'Staff only: the member who wrote it, who must belong under the post\'s union; leave out for a worker not named' })
  @IsOptional()
  memberId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Members only: leave it without your name (you will not see it among your own afterwards)' })
  @IsOptional()
  anonymous?: boolean | null;
}

@ArgsType()
export class UnionPostsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only posts run by this org or orgs under it (default: all you can see)' })
  @IsOptional()
  orgId?: string | null;
}

@ArgsType()
export class PostCasesArgs extends PageArgs {
  @Field(() => ID, { description: 'The post' })
  postId: string;

  @Field(() => PostChannel, { description: 'Its wish wall or its suggestion book' })
  channel: PostChannel;

  @Field(() => Boolean, { nullable: true, description: 'Only wishes chosen into a service project (true) or not chosen (false); default both' })
  @IsOptional()
  chosen?: boolean | null;
}

@ArgsType()
export class UnionPostFiguresArgs {
  @Field(() => ID, { nullable: true, description: 'The org whose subtree\'s posts are counted (default: your own; admins must name one)' })
  @IsOptional()
  orgId?: string | null;

  @Field({ description: 'First China day counted, YYYY-MM-DD' })
  from: string;

  @Field({ description: 'Last China day counted, YYYY-MM-DD, inclusive; at most 366 days after from' })
  to: string;
}

@ObjectType({ description: 'What one union post collected in the period, and where it stands now' })
export class UnionPostCounts {
  @Field(() => ID, { description: 'The post' })
  postId: string;

  @Field(() => Int, { description: 'Wishes collected at its wish wall (微心愿)' })
  wishes: number;

  @Field(() => Int, { description: 'Of those, chosen into a service project to grant (选中)' })
  chosen: number;

  @Field(() => Int, { description: 'Of those, granted (已实现): the case resolved, signed off or closed' })
  granted: number;

  @Field(() => Int, { description: 'Suggestions collected in its suggestion book (微建言)' })
  suggestions: number;

  @Field(() => Int, { description: 'Of those, answered: resolved, signed off, closed, or declined with a reason' })
  answered: number;
}

@ObjectType({
  description:
    'Union post figures (心愿墙 and 意见簿) of an org subtree for a period of China days. A wish or suggestion counts by the day it was collected, ' +
    'in the state it is in now; posts of the subtree that collected nothing count with zeros',
})
export class UnionPostFigures {
  @Field(() => ID, { description: 'The org whose subtree was counted' })
  orgId: string;

  @Field({ description: 'First China day counted, YYYY-MM-DD' })
  from: string;

  @Field({ description: 'Last China day counted, YYYY-MM-DD, inclusive' })
  to: string;

  @Field(() => Int, { description: 'Union posts run in the subtree' })
  posts: number;

  @Field(() => Int, { description: 'Wishes collected' })
  wishes: number;

  @Field(() => Int, { description: 'Of those, chosen into a service project' })
  chosen: number;

  @Field(() => Int, { description: 'Of those, granted (resolved, signed off or closed)' })
  granted: number;

  @Field(() => Float, { nullable: true, description: 'granted / wishes; null when no wish was collected' })
  grantedRate: number | null;

  @Field(() => Int, { description: 'Suggestions collected' })
  suggestions: number;

  @Field(() => Int, { description: 'Of those, answered (resolved, signed off, closed or declined)' })
  answered: number;

  @Field(() => [UnionPostCounts], { description: 'The same per post, in org-tree order' })
  byPost: UnionPostCounts[];
}
