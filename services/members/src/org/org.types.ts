import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Length, Max, Min } from 'class-validator';
import { OrgKind, OrgLevel } from './org.entity';

@ObjectType({ description: 'A union organisation: city federation, district, street or enterprise union' })
@Directive('@key(fields: "id")')
export class Org {
  @Field(() => ID)
  id: string;

  // Shareable: a subgraph that refers to orgs (cases) may answer code and name itself, so a
  // case list needs no trip here for them, and a case's handler sees who sent it.
  @Field({ description: 'Stable human-readable code, e.g. LJ-03-07-0042' })
  @Directive('@shareable')
  code: string;

  @Field()
  @Directive('@shareable')
  name: string;

  @Field(() => OrgLevel)
  level: OrgLevel;

  @Field(() => OrgKind)
  kind: OrgKind;
}

@ObjectType({ description: 'The QR join landing: just enough to show the applicant where they are joining' })
export class JoinTarget {
  @Field()
  orgName: string;

  @Field(() => OrgLevel)
  level: OrgLevel;
}

@ObjectType({ description: 'Internal: the org path the gateway puts into a caller scope' })
export class OrgScope {
  @Field(() => ID)
  orgId: string;

  @Field()
  path: string;
}

@ObjectType({ description: 'Internal: what other subgraphs need to know about an org (path, code, level)' })
export class OrgDirectoryEntry {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  parentId: string | null;

  @Field()
  path: string;

  @Field()
  code: string;

  @Field(() => OrgLevel)
  level: OrgLevel;

  @Field()
  name: string;
}

export const ORG_CODE_PATTERN = /^[A-Z0-9]{1,8}(-[A-Z0-9]{1,8}){0,4}$/;

@InputType()
export class OrgSearchInput {
  @Field(() => ID, { nullable: true, description: 'Search under this org (default: your whole scope)' })
  @IsOptional()
  under?: string;

  @Field({ nullable: true, description: 'Part of a name, or the start of a code' })
  @IsOptional()
  @Length(1, 50)
  text?: string;

  @Field(() => OrgLevel, { nullable: true })
  @IsOptional()
  level?: OrgLevel;

  @Field(() => Int, { defaultValue: 50 })
  @Min(1)
  @Max(500)
  first: number;
}

