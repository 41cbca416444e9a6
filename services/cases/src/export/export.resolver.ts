import { Arg, Ctx, FieldResolver, GraphQLISODateTime, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, FILE_LINK_TTL_MS, signFileLink, type SubgraphContext } from '@lianxin/subgraph';
import type { ExportJobRow } from './export.entity';
import * as jobs from './export.service';
import { CaseExportInput, ExportJob, FiguresExportInput } from './export.types';

const SERVICE = 'cases';

@Resolver(() => ExportJob)
export class ExportJobResolver {
  @Mutation(() => ExportJob, {
    nullable: true,
    description: '导出案件台账: starts writing the cases of the list for this filter (the same rows cases(filter) pages through) to XLSX or CSV; ask exportJob for progress',
  })
  @Access('staff', 'admin')
  startCaseExport(@Ctx() ctx: SubgraphContext, @Arg('input', () => CaseExportInput, { description: 'Format and filter' }) input: CaseExportInput): Promise<ExportJobRow> {
    return jobs.startCaseExport(ctx, input.format, input.filter ?? {});
  }

  @Mutation(() => ExportJob, { nullable: true, description: '导出分组织统计: starts writing the figures of an org and of each child org for a period of months; ask exportJob for progress' })
  @Access('staff', 'admin')
  startFiguresExport(@Ctx() ctx: SubgraphContext, @Arg('input', () => FiguresExportInput, { description: 'Format, org and period' }) input: FiguresExportInput): Promise<ExportJobRow> {
    return jobs.startFiguresExport(ctx, input.format, input);
  }

  @Query(() => ExportJob, { nullable: true, description: 'An export you started, with its progress; null for anyone else\'s' })
  @Access('staff', 'admin')
  exportJob(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The job\'s id' }) id: string): Promise<ExportJobRow | null> {
    return jobs.exportJob(ctx, id);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `Once DONE: where to GET the file from the gateway, with the same Authorization; good for ${FILE_LINK_TTL_MS / 60_000} minutes and only for you. Ask again for a fresh one. Null once the file is gone (files are kept a day): export again`,
  })
  downloadUrl(@Root() job: ExportJobRow, @Ctx() ctx: SubgraphContext): string | null {
    return jobs.isDownloadable(ctx, job) ? signFileLink(ctx.caller, SERVICE, 'export', job.id).url : null;
  }

  @FieldResolver(() => GraphQLISODateTime, { nullable: true, description: 'When downloadUrl stops working' })
  downloadExpiresAt(@Root() job: ExportJobRow, @Ctx() ctx: SubgraphContext): Date | null {
    return jobs.isDownloadable(ctx, job) ? signFileLink(ctx.caller, SERVICE, 'export', job.id).expiresAt : null;
  }
}

export const exportResolvers = [ExportJobResolver] as const;
