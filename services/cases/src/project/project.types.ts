import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsOptional, Length, Matches } from 'class-validator';
import { Case } from '../case/case.types';
import { ProjectState } from './project.entity';
import { connectionOf, PageArgs } from '@lianxin/subgraph';

registerEnumType(ProjectState, {
  name: 'ProjectState',
  description: 'OPEN while any of its cases is still open; RESOLVED once the project resolved them all',
  valuesConfig: {
    OPEN: { description: 'Running: cases can be added and progress reported; some of its cases are still open' },
    RESOLVED: { description: 'Every case of the project is resolved; the project takes no more cases or progress' },
  },
});

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const PROJECT_LIMITS = { title: 100, purpose: 500, cases: 500, note: 1000, resolution: 1000 } as const;

const NOT_BLANK = /\S/;
const NOT_BLANK_MESSAGE = { message: 'must not be blank' };

@ObjectType({ description: 'A service project (统一帮办): cases with the same purpose handled together, each keeping its own ledger' })
export class Project {
  @Field(() => ID, { description: 'The project\'s id (a ULID)' })
  id: string;

  @Field({ description: 'Short name, 1-100 characters, e.g. 暑期托管班 (summer childcare)' })
  title: string;

  @Field({ description: 'What the project does for the workers whose cases it holds' })
  purpose: string;

  @Field(() => ProjectState, { description: 'OPEN while any of its cases is open, RESOLVED once all are resolved' })
  state: ProjectState;

  @Field(() => Int, { description: '0-100, as last reported; it never goes back' })
  progress: number;

  @Field({ description: 'When the project was created, ISO 8601 UTC' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the project was resolved; null while OPEN' })
  resolvedAt: Date | null;

  @Field(() => Int, { description: 'Increases with every change (cases added, progress, resolution); pass it back to avoid overwriting a newer project' })
  version: number;
}

@ObjectType({ description: 'A progress report on a project' })
export class ProjectNote {
  @Field(() => ID, { description: 'The note\'s id (a ULID)' })
  id: string;

  @Field(() => Int, { description: 'The progress reported with the note' })
  progress: number;

  @Field({ description: 'What was reported, 1-1000 characters' })
  note: string;

  @Field({ description: 'When it was reported, ISO 8601 UTC' })
  at: Date;
}

@ObjectType({ description: 'What resolving a project did to its cases' })
export class ProjectResolution {
  @Field(() => Project, { description: 'The project after resolving' })
  project: Project;

  @Field(() => [Case], { description: 'Cases resolved now, each with its own RESOLVE ledger event' })
  resolvedCases: Case[];

  @Field(() => [Case], { description: 'Open cases the project could not resolve (waiting on the worker); while there are any, the project stays OPEN' })
  unresolvedCases: Case[];
}

export const ProjectConnection = connectionOf(Project, 'Project', 'A page of projects, in org-tree order');
export type ProjectConnection = InstanceType<typeof ProjectConnection>;

@InputType({ description: 'A new service project at an org in your scope, with the cases it takes over' })
export class CreateProjectInput {
  @Field(() => ID, { description: 'The org running the project; every case must be handled at it or under it' })
  orgId: string;

  @Field({ description: '1-100 characters, e.g. 暑期托管班' })
  @Length(1, PROJECT_LIMITS.title)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  title: string;

  @Field({ description: '1-500 characters' })
  @Length(1, PROJECT_LIMITS.purpose)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  purpose: string;

  @Field(() => [ID], { description: '1-500 registered, accepted or in-progress cases not in another project' })
  @ArrayMinSize(1)
  @ArrayMaxSize(PROJECT_LIMITS.cases)
  caseIds: string[];
}

@ArgsType()
export class ProjectsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only projects run by this org or orgs under it (default: all you can see)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => ProjectState, { nullable: true, description: 'Only projects in this state' })
  @IsOptional()
  @IsEnum(ProjectState)
  state?: ProjectState | null;
}
