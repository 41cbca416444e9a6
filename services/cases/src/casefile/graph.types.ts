import { Directive, Field, ID, ObjectType } from 'type-graphql';

/* The entities other subgraphs own, as this one refers to them: every cases module may extend them. */

/** The members subgraph owns Member; this subgraph contributes `Member.cases`. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID, { description: 'The member\'s id (a ULID)' })
  id: string;
}

/**
 * The members subgraph owns Org; this subgraph contributes `Org.caseStats`, and answers
 * the shareable `code` and `name` of the orgs its cases refer to (see CaseOrgResolver).
 */
@ObjectType()
@Directive('@key(fields: "id")')
export class Org {
  @Field(() => ID, { description: 'The org\'s id (a ULID)' })
  id: string;
}
