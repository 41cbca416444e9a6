import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Internal: how current benefits\' copy of member facts is (for probes and the bench)' })
export class MemberFactsFeed {
  @Field({ description: '`replica` (the desk reads the copy) or `members` (it asks members, the old way)' })
  mode: string;

  @Field(() => Int, { description: 'Members in the copy' })
  rows: number;

  @Field(() => Int, { description: 'member.changed events applied by this process' })
  applied: number;

  @Field(() => Int, { nullable: true, description: 'From the change committing in members to the copy holding it, last event (ms)' })
  lastLagMs: number | null;

  @Field(() => Int, { nullable: true, description: 'Median lag over the last 2,000 events (ms)' })
  p50LagMs: number | null;

  @Field(() => Int, { nullable: true, description: '99th percentile lag over the last 2,000 events (ms)' })
  p99LagMs: number | null;

  @Field(() => Int, { nullable: true, description: 'Largest lag since this process started (ms)' })
  maxLagMs: number | null;

  @Field(() => Int, { description: 'Desk reads of a member answered from the copy' })
  hits: number;

  @Field(() => Int, { nullable: true, description: 'How long the oldest change not yet delivered here has waited in members, at the last check (ms; null: none waiting)' })
  backlogMs: number | null;

  @Field(() => Int, { description: 'Desk reads of a member that asked members (not in the copy, too old, feed behind, or mode members)' })
  fallbacks: number;
}
