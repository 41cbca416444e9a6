import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, FILE_LINK_TTL_MS, PageArgs, signFileLink, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { RosterImportRow, RosterProblemRow } from './roster.entity';
import * as roster from './roster.service';
import { RosterImport, RosterProblemConnection } from './roster.types';

@Resolver(() => RosterImport)
export class RosterImportResolver {
  @Query(() => RosterImport, { nullable: true, description: 'A roster you uploaded (POST /files/members/upload/roster through the gateway), with its dry run and progress; null for anyone else\'s' })
  @Access('staff')
  rosterImport(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The id the upload answered' }) id: string): Promise<RosterImportRow | null> {
    return roster.rosterImport(ctx, id);
  }

  @Mutation(() => RosterImport, {
    nullable: true,
    description: '确认导入: creates the members of the rows without problems, in batches, once: a repeat returns the import as it stands, and rows already members are never created again',
  })
  @Access('staff')
  commitRosterImport(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The import to commit' }) id: string): Promise<RosterImportRow> {
    return roster.commitRosterImport(ctx, id);
  }

  @FieldResolver(() => RosterProblemConnection, { description: 'Every problem the dry run found, in row order' })
  problems(@Root() imp: RosterImportRow, @Ctx() ctx: SubgraphContext, @Args(() => PageArgs) page: PageArgs): Promise<Page<RosterProblemRow>> {
    return roster.rosterProblems(ctx, imp, page);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `The dry-run report as XLSX: GET it from the gateway with the same Authorization; good for ${FILE_LINK_TTL_MS / 60_000} minutes and only for you. Null when no row has a problem`,
  })
  reportUrl(@Root() imp: RosterImportRow, @Ctx() ctx: SubgraphContext): string | null {
    return imp.rowsWithProblems ? signFileLink(ctx.caller, 'members', 'roster', imp.id).url : null;
  }
}

export const rosterResolvers = [RosterImportResolver] as const;
