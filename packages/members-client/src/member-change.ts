import { ArgsType, Field, GraphQLISODateTime, ID } from 'type-graphql';

/**
 * What members tells benefits when a fact eligibility decides on changed (`member.changed`):
 * which members, and when. Benefits keeps a local copy of those facts for the partner
 * desk (no members call per check) and refreshes the named members from `_memberFacts`,
 * which carries each member's `factsVersion`. The event holds no fact itself: a replayed or
 * late event makes benefits read the current facts again, and the version decides whether
 * they replace the copy, so repeats and reordering change nothing.
 */
export const MEMBER_CHANGE_TOPIC = 'member.changed:benefits';

export interface MemberChange {
  /** A ULID minted with the change: the idempotency key benefits records. */
  eventId: string;
  memberIds: string[];
  /** When the change committed (to the millisecond): benefits measures the feed's lag from it. */
  at: Date;
}

@ArgsType()
export class MemberChangeArgs implements MemberChange {
  @Field(() => ID)
  eventId: string;

  @Field(() => [ID])
  memberIds: string[];

  @Field(() => GraphQLISODateTime)
  at: Date;
}

/** What members' dispatcher sends; true when applied now, false when it had been before. */
export const APPLY_MEMBER_CHANGE = `mutation ApplyMemberChange($eventId: ID!, $memberIds: [ID!]!, $at: DateTimeISO!) {
  _applyMemberChange(eventId: $eventId, memberIds: $memberIds, at: $at)
}`;
