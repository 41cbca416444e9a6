import { ArgsType, Field, GraphQLISODateTime, ID } from 'type-graphql';

/**
 * What members tells the other subgraphs when the tree changes (`org.changed`), and the
 * arguments of the system-only `_applyOrgChange` mutation each of them takes it through.
 * One contract, here, so sender and receivers cannot disagree on it.
 */
export enum OrgChangeAction {
  /** The org and everything below it moved: every copy of a path under `fromPath` now starts with `toPath`. */
  MOVE = 'MOVE',
  /** The org (at `fromPath`) was merged into `survivorId`: its members, open cases and shares are the survivor's now. */
  MERGE = 'MERGE',
  /** The org was closed with nothing left under it; receivers only record it. */
  CLOSE = 'CLOSE',
  /** The org was renamed: nothing to rewrite (others hold ids and paths, not names), but cached names must go. */
  RENAME = 'RENAME',
}

/** The outbox topic per receiving subgraph: each is delivered, retried and ordered on its own. */
export const ORG_CHANGE_TARGETS = ['cases', 'benefits'] as const;
export type OrgChangeTarget = (typeof ORG_CHANGE_TARGETS)[number];
export const orgChangeTopic = (target: OrgChangeTarget): string => `org.changed:${target}`;

export interface OrgChange {
  /** The org_history row of the change: the idempotency key receivers record. */
  eventId: string;
  action: OrgChangeAction;
  orgId: string;
  /** The org's path before the change. */
  fromPath: string;
  /** Its path after (the same as fromPath unless it moved). */
  toPath: string;
  survivorId: string | null;
  survivorPath: string | null;
  at: Date;
  actorSub: string;
  actorRole: string;
  actorOrgId: string | null;
}

@ArgsType()
export class OrgChangeArgs implements OrgChange {
  @Field(() => ID)
  eventId: string;

  @Field(() => String)
  action: OrgChangeAction;

  @Field(() => ID)
  orgId: string;

  @Field()
  fromPath: string;

  @Field()
  toPath: string;

  @Field(() => ID, { nullable: true })
  survivorId: string | null;

  @Field(() => String, { nullable: true })
  survivorPath: string | null;

  @Field(() => GraphQLISODateTime)
  at: Date;

  @Field()
  actorSub: string;

  @Field()
  actorRole: string;

  @Field(() => ID, { nullable: true })
  actorOrgId: string | null;
}

/** What members' dispatcher sends; the answer is true when applied now, false when it had been before. */
export const APPLY_ORG_CHANGE = `mutation ApplyOrgChange($eventId: ID!, $action: String!, $orgId: ID!, $fromPath: String!, $toPath: String!, $survivorId: ID, $survivorPath: String, $at: DateTimeISO!, $actorSub: String!, $actorRole: String!, $actorOrgId: ID) {
  _applyOrgChange(eventId: $eventId, action: $action, orgId: $orgId, fromPath: $fromPath, toPath: $toPath, survivorId: $survivorId, survivorPath: $survivorPath, at: $at, actorSub: $actorSub, actorRole: $actorRole, actorOrgId: $actorOrgId)
}`;

/** Cases answers how many open cases an org still handles: a close without a successor waits for none. */
export const OPEN_CASES_AT = `query OpenCasesAt($orgId: ID!) { _openCasesAt(orgId: $orgId) }`;
