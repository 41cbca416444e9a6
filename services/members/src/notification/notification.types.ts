import { ArgsType, Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { NotificationTemplate } from '@lianxin/members-client';
import { connectionOf, PageArgs } from '@lianxin/subgraph';

registerEnumType(NotificationTemplate, {
  name: 'NotificationTemplate',
  description: 'Which notification text (notification.templates.ts); the webhook sends this id with the parameters',
  valuesConfig: {
    CASE_ACCEPTED: { description: 'Your case was accepted (接单); params: number' },
    CASE_TRANSFERRED: { description: 'Your case was sent to a union nearer you (转办); params: number' },
    CASE_PROGRESS: { description: 'Progress was recorded on your case; params: number' },
    CASE_WAITING_ON_YOU: { description: 'The union needs more from you; the deadline waits; params: number' },
    CASE_RESOLVED: { description: 'Your case is resolved and signed off: please rate it; params: number' },
    CASE_REOPENED: { description: 'Your unsatisfied rating reopened the case under supervision; params: number' },
    VOUCHER_ISSUED: { description: 'A voucher was issued to you; params: programme, expiresOn' },
    VOUCHER_EXPIRING: { description: 'Your voucher expires in 3 days; params: programme, expiresOn' },
    AID_AWARDED: { description: 'Your aid application was awarded; params: programme, amount (yuan)' },
    AID_REJECTED: { description: 'Your aid application was rejected; params: programme, reason' },
    JOIN_APPROVED: { description: 'Your join application was approved; params: org' },
    JOIN_REJECTED: { description: 'Your join application was rejected (sent to the applicant by webhook only); params: org, reason' },
    TRANSFER_ACCEPTED: { description: 'Your membership moved to the new union; params: org' },
    TRANSFER_RETURNED: { description: 'Your transfer was returned; params: org, reason' },
  },
});

@ObjectType({ description: 'A notification to the signed-in worker: what happened and what to do next (事事有回音)' })
export class Notification {
  @Field(() => ID, { description: 'The notification\'s id (a ULID); pass it to markNotificationsRead' })
  id: string;

  @Field(() => NotificationTemplate, { description: 'Which text it is' })
  template: NotificationTemplate;

  @Field({ description: 'Short headline, in Chinese' })
  title: string;

  @Field({ description: 'What happened, then what to do next, in Chinese' })
  body: string;

  @Field({ description: 'What to do next alone (the end of body), in Chinese' })
  next: string;

  @Field(() => GraphQLISODateTime, { description: 'When what it tells of happened' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the worker marked it read; null while unread' })
  readAt: Date | null;
}

export const NotificationConnection = connectionOf(Notification, 'Notification', 'A page of the worker\'s notifications, newest first');
export type NotificationConnection = InstanceType<typeof NotificationConnection>;

@ArgsType()
export class NotificationsArgs extends PageArgs {
  @Field({ defaultValue: false, description: 'Only the unread ones' })
  unreadOnly: boolean;
}

@ObjectType({ description: 'A notification the webhook channel (SMS, WeChat) gave up on after its last try; the worker still has it in the app' })
export class NotificationDeadLetter {
  @Field(() => ID, { description: 'The notification\'s id (pass it to retryNotifications)' })
  id: string;

  @Field(() => NotificationTemplate, { description: 'Which text it is' })
  template: NotificationTemplate;

  @Field({ description: 'The notification\'s headline, in Chinese' })
  title: string;

  @Field(() => ID, { nullable: true, description: 'The member it was for; null for an applicant without a member account' })
  memberId: string | null;

  @Field(() => ID, { description: 'The worker\'s union when it was sent' })
  orgId: string;

  @Field(() => GraphQLISODateTime, { description: 'When what it tells of happened' })
  createdAt: Date;

  @Field(() => Int, { description: 'How many times it was tried' })
  attempts: number;

  @Field(() => String, { nullable: true, description: 'The receiver\'s last answer (e.g. "webhook answered 503")' })
  lastError: string | null;
}

export const NotificationDeadLetterConnection = connectionOf(NotificationDeadLetter, 'NotificationDeadLetter', 'A page of dead letters in your scope, newest first');
export type NotificationDeadLetterConnection = InstanceType<typeof NotificationDeadLetterConnection>;

@ArgsType()
export class DeadLettersArgs extends PageArgs {}
