import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { connectionOf, PAGE_SIZE, PageSize } from '@lianxin/subgraph';
import { OrgKind, OrgLevel } from './org.entity';

@ObjectType({ description: 'A union organisation: city federation, district, street or enterprise union' })
@Directive('@key(fields: "id")')
export class Org {
  @Field(() => ID, { description: 'The org\'s id (a ULID)' })
  id: string;

  // Shareable: a subgraph that refers to orgs (cases) may answer code and name itself, so a
  // case list needs no trip here for them, and a case's handler sees who sent it.
  @Field({ description: 'Stable human-readable code, e.g. LJ-03-07-0042' })
  @Directive('@shareable')
  code: string;

  @Field({ description: 'Full name of the union, e.g. 朝阳区总工会' })
  @Directive('@shareable')
  name: string;

  @Field(() => OrgLevel, { description: 'Its level in the hierarchy: city, district, street or enterprise' })
  level: OrgLevel;

  @Field(() => OrgKind, { description: 'What kind of union it is within its level' })
  kind: OrgKind;
}

export const OrgConnection = connectionOf(Org, 'Org', 'A page of orgs, in tree order');
export type OrgConnection = InstanceType<typeof OrgConnection>;

@ObjectType({ description: 'The QR join landing: just enough to show the applicant where they are joining' })
export class JoinTarget {
  @Field({ description: 'Name of the union the QR code joins' })
  orgName: string;

  @Field(() => OrgLevel, { description: 'Its level in the hierarchy' })
  level: OrgLevel;
}

@ObjectType({ description: 'Internal: the org path the gateway puts into a caller scope' })
export class OrgScope {
  @Field(() => ID, { description: 'The caller\'s org' })
  orgId: string;

  @Field({ description: 'Its materialised path, /<city>/<district>/<street>/<id>/' })
  path: string;
}

@ObjectType({ description: 'Internal: what other subgraphs need to know about an org (path, code, level)' })
export class OrgDirectoryEntry {
  @Field(() => ID, { description: 'The org\'s id' })
  id: string;

  @Field(() => ID, { nullable: true, description: 'Its parent org; null for the city' })
  parentId: string | null;

  @Field({ description: 'Its materialised path, /<city>/<district>/<street>/<id>/' })
  path: string;

  @Field({ description: 'Its stable human-readable code' })
  code: string;

  @Field(() => OrgLevel, { description: 'Its level in the hierarchy' })
  level: OrgLevel;

  @Field({ description: 'Its full name' })
  name: string;
}

export const ORG_CODE_PATTERN = /^[A-Z0-9]{1,8}(-[A-Z0-9]{1,8}){0,4}$/;

@InputType({ description: 'Which orgs to find in your scope' })
export class OrgSearchInput {
  @Field(() => ID, { nullable: true, description: 'Search under this org (default: your whole scope)' })
  @IsOptional()
  under?: string;

  @Field({ nullable: true, description: 'Part of a name, or the start of a code' })
  @IsOptional()
  @Length(1, 50)
  text?: string;

  @Field(() => OrgLevel, { nullable: true, description: 'Only orgs at this level' })
  @IsOptional()
  level?: OrgLevel;

  @Field(() => Int, {
    defaultValue: PAGE_SIZE.default,
    description: `At most this many orgs, 1-${PAGE_SIZE.max} (default ${PAGE_SIZE.default}) as for every list; anything else is BAD_USER_INPUT, never clamped`,
  })
  @PageSize()
  first: number;
}

