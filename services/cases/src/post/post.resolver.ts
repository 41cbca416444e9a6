import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, IDEMPOTENCY_KEY_ARG, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseRow } from '../casefile/case.entity';
import { OutreachKind } from '../casefile/case.enums';
import { Case, CaseConnection } from '../case/case.types';
import { Org } from '../casefile/graph.types';
import type { UnionPostRow } from './post.entity';
import { postById } from './post.loader';
import * as posts from './post.service';
import {
  CreateUnionPostInput, PostCasesArgs, PostChannel, PostEntryInput, UnionPost, UnionPostConnection, UnionPostFigures, UnionPostFiguresArgs, UnionPostsArgs, UpdateUnionPostInput,
} from './post.types';

@Resolver(() => UnionPost)
export class UnionPostResolver {
  @Query(() => UnionPostConnection, { nullable: true, description: 'Union posts (工会驿站) you see, in org-tree order: staff those run in their subtree, a member those serving their union' })
  @Access('member', 'staff', 'admin')
  unionPosts(@Ctx() ctx: SubgraphContext, @Args(() => UnionPostsArgs) args: UnionPostsArgs): Promise<Page<UnionPostRow>> {
    return posts.listUnionPosts(ctx, args);
  }

  @Query(() => UnionPost, { nullable: true, description: 'A union post you see; null when missing or outside your scope' })
  @Access('member', 'staff', 'admin')
  unionPost(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The post\'s id' }) id: string): Promise<UnionPostRow | null> {
    return posts.getUnionPost(ctx, id);
  }

  @Query(() => CaseConnection, {
    nullable: true,
    description: 'The wishes (心愿墙) or suggestions (意见簿) collected at a post you see, newest first, as the cases you see: staff all, a member their own',
  })
  @Access('member', 'staff', 'admin')
  postCases(@Ctx() ctx: SubgraphContext, @Args(() => PostCasesArgs) args: PostCasesArgs): Promise<Page<CaseRow>> {
    return posts.listPostCases(ctx, args);
  }

  @Query(() => UnionPostFigures, {
    nullable: true,
    description: 'Wishes collected, chosen and granted, and suggestions collected and answered, at the union posts of an org\'s subtree (default: your own; admins must name one) in a period of China days. Null for an org outside your scope',
  })
  @Access('staff', 'admin')
  unionPostFigures(@Ctx() ctx: SubgraphContext, @Args(() => UnionPostFiguresArgs) args: UnionPostFiguresArgs): Promise<UnionPostFigures | null> {
    return posts.unionPostFigures(ctx, args);
  }

  @Mutation(() => UnionPost, { nullable: true, description: 'Enter a union post of your own union, with whether a wish wall and a suggestion book are there' })
  @Access('staff', 'admin')
  createUnionPost(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => CreateUnionPostInput, { description: 'The post' }) input: CreateUnionPostInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<UnionPostRow> {
    return posts.createUnionPost(ctx, input, new Date(), idempotencyKey);
  }

  @Mutation(() => UnionPost, { nullable: true, description: 'Change a union post of your own union (name, address, hours, wish wall, suggestion book)' })
  @Access('staff', 'admin')
  updateUnionPost(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The post' }) id: string,
    @Arg('input', () => UpdateUnionPostInput, { description: 'What changes' }) input: UpdateUnionPostInput,
  ): Promise<UnionPostRow> {
    return posts.updateUnionPost(ctx, id, input);
  }

  @Mutation(() => Case, {
    nullable: true,
    description: 'A wish from a post\'s wish wall (心愿墙): registered as a case (channel WISH_WALL) at the union running the post, linked to it. Staff record at their own union\'s posts; members leave one at a post serving them',
  })
  @Access('member', 'staff', 'admin')
  recordWish(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => PostEntryInput, { description: 'The wish' }) input: PostEntryInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<CaseRow> {
    return posts.recordAtPost(ctx, PostChannel.WISH_WALL, input, new Date(), idempotencyKey);
  }

  @Mutation(() => Case, {
    nullable: true,
    description: 'A suggestion from a post\'s suggestion book (意见簿): registered as a case (channel SUGGESTION_BOOK) at the union running the post, linked to it. Staff record at their own union\'s posts; members leave one at a post serving them',
  })
  @Access('member', 'staff', 'admin')
  recordSuggestion(
    @Ctx() ctx: SubgraphContext,
    @Arg('input', () => PostEntryInput, { description: 'The suggestion' }) input: PostEntryInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: IDEMPOTENCY_KEY_ARG }) idempotencyKey?: string | null,
  ): Promise<CaseRow> {
    return posts.recordAtPost(ctx, PostChannel.SUGGESTION_BOOK, input, new Date(), idempotencyKey);
  }

  @FieldResolver(() => Org, { description: 'The union running the post' })
  org(@Root() p: UnionPostRow): Org {
    return { id: p.orgId };
  }
}

@Resolver(() => Case)
export class CasePostResolver {
  @FieldResolver(() => UnionPost, { nullable: true, description: 'The union post whose wish wall or suggestion book the case was collected at; null for other cases and for callers who do not see the post' })
  unionPost(@Root() c: CaseRow, @Ctx() ctx: SubgraphContext): Promise<UnionPostRow | null> | null {
    return c.sourceKind === OutreachKind.UNION_POST && c.sourceId ? postById(ctx).load(c.sourceId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the case was taken into a service project (统一帮办; for a wish: chosen, 选中), also when the project is run above your scope and Case.project is null' })
  inProject(@Root() c: CaseRow): boolean {
    return c.projectId !== null && c.projectId !== undefined;
  }
}

export const postResolvers = [UnionPostResolver, CasePostResolver] as const;
