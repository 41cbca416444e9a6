import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, type SubgraphContext } from '@lianxin/subgraph';
import type { CaseRow } from '../casefile/case.entity';
import { Case } from '../case/case.types';
import { Org } from '../casefile/graph.types';
import type { ProjectNoteRow, ProjectRow } from './project.entity';
import { caseCountOfProject, casesOfProject, notesOfProject, projectById } from './project.loader';
import * as projects from './project.service';
import { CreateProjectInput, Project, ProjectConnection, ProjectNote, ProjectResolution, ProjectsArgs } from './project.types';

@Resolver(() => Project)
export class ProjectResolver {
  @Query(() => Project, { nullable: true, description: 'A service project run in your scope; null when missing or outside it' })
  @Access('member', 'staff', 'admin')
  project(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The project\'s id' }) id: string): Promise<ProjectRow | null> {
    return projects.getProject(ctx, id);
  }

  @Query(() => ProjectConnection, { nullable: true, description: 'Service projects run in your scope, in org-tree order. Members see none' })
  @Access('member', 'staff', 'admin')
  projects(@Ctx() ctx: SubgraphContext, @Args(() => ProjectsArgs) args: ProjectsArgs): Promise<projects.ProjectPage> {
    return projects.listProjects(ctx, args);
  }

  @Mutation(() => Project, { nullable: true, description: '统一帮办: merge cases with the same purpose into a project run by an org in your scope. One bad case and none joins' })
  @Access('staff', 'admin')
  createProject(@Ctx() ctx: SubgraphContext, @Arg('input', () => CreateProjectInput, { description: 'The project and the cases it takes over' }) input: CreateProjectInput): Promise<ProjectRow> {
    return projects.createProject(ctx, input);
  }

  @Mutation(() => Project, { nullable: true, description: 'Add cases to an open project, by the same rules as creating it' })
  @Access('staff', 'admin')
  addCasesToProject(
    @Ctx() ctx: SubgraphContext,
    @Arg('projectId', () => ID, { description: 'The open project to add to' }) projectId: string,
    @Arg('caseIds', () => [ID], { description: 'Registered, accepted or in-progress cases handled at the project\'s org or under it, not in another project' }) caseIds: string[],
    @Arg('version', () => Int, { nullable: true, description: 'The project version you last saw; if it changed since, the call fails with CONFLICT' }) version?: number,
  ): Promise<ProjectRow> {
    return projects.addCasesToProject(ctx, projectId, caseIds, version);
  }

  @Mutation(() => Project, { nullable: true, description: 'Report progress (0-100, never lower than before) with a note' })
  @Access('staff', 'admin')
  recordProjectProgress(
    @Ctx() ctx: SubgraphContext,
    @Arg('projectId', () => ID, { description: 'The open project' }) projectId: string,
    @Arg('progress', () => Int, { description: 'Whole percentage, 0-100, not lower than the last reported' }) progress: number,
    @Arg('note', { description: 'What was done, 1-1000 characters' }) note: string,
    @Arg('version', () => Int, { nullable: true, description: 'The project version you last saw; if it changed since, the call fails with CONFLICT' }) version?: number,
  ): Promise<ProjectRow> {
    return projects.recordProjectProgress(ctx, projectId, progress, note, version);
  }

  @Mutation(() => ProjectResolution, {
    nullable: true,
    description: 'Resolve the project: each accepted or in-progress case is resolved with its own ledger event. Cases waiting on the worker stay open, and so does the project',
  })
  @Access('staff', 'admin')
  resolveProject(
    @Ctx() ctx: SubgraphContext,
    @Arg('projectId', () => ID, { description: 'The open project' }) projectId: string,
    @Arg('resolution', { description: 'What the project did, 1-1000 characters; recorded as each case\'s resolution' }) resolution: string,
    @Arg('version', () => Int, { nullable: true, description: 'The project version you last saw; if it changed since, the call fails with CONFLICT' }) version?: number,
  ): Promise<projects.ProjectResolutionResult> {
    return projects.resolveProject(ctx, projectId, resolution, version);
  }

  @FieldResolver(() => Org, { description: 'The org running the project' })
  org(@Root() p: ProjectRow): Org {
    return { id: p.orgId };
  }

  @FieldResolver(() => [Case], { description: 'Its cases you can see, oldest first' })
  cases(@Root() p: ProjectRow, @Ctx() ctx: SubgraphContext): Promise<CaseRow[]> {
    return casesOfProject(ctx).load(p.id);
  }

  @FieldResolver(() => Int, { description: 'How many cases it holds that you can see' })
  caseCount(@Root() p: ProjectRow, @Ctx() ctx: SubgraphContext): Promise<number> {
    return caseCountOfProject(ctx).load(p.id);
  }

  @FieldResolver(() => [ProjectNote], { description: 'Progress reports, oldest first' })
  notes(@Root() p: ProjectRow, @Ctx() ctx: SubgraphContext): Promise<ProjectNoteRow[]> {
    return notesOfProject(ctx).load(p.id);
  }
}

@Resolver(() => Case)
export class CaseProjectResolver {
  @FieldResolver(() => Project, { nullable: true, description: 'The service project handling this case; null when none, or when the project is run above your scope' })
  project(@Root() c: CaseRow, @Ctx() ctx: SubgraphContext): Promise<ProjectRow | null> | null {
    return c.projectId ? projectById(ctx).load(c.projectId) : null;
  }
}

export const projectResolvers = [ProjectResolver, CaseProjectResolver] as const;
