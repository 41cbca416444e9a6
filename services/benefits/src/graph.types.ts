import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The members subgraph owns Member; this subgraph contributes vouchers, eligibility and the member QR. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID, { description: 'The member\'s id (a ULID)' })
  id: string;
}

/** The members subgraph owns Org; this subgraph refers to it by id. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Org {
  @Field(() => ID, { description: 'The org\'s id (a ULID)' })
  id: string;
}

/** The cases subgraph owns Case; this subgraph contributes `Case.aidApplication`, the aid opened from it. */
@ObjectType()
@Directive('@key(fields: "id")')
export class Case {
  @Field(() => ID, { description: 'The case\'s id (a ULID)' })
  id: string;
}
