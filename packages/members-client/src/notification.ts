import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { ArgsType, Field, GraphQLISODateTime, ID } from 'type-graphql';
import { newId } from '@lianxin/auth';
import { ConfigError, readInt, type Env } from '@lianxin/config';
import { enqueue, OutboxDispatcher } from '@lianxin/outbox';
import { membersSystemClient } from './members';
import type { NotificationTemplate, TemplateParams } from './notification.templates';

/**
 * A notification to a worker, as every subgraph writes it: members owns the worker's feed
 * (`me { notifications }`) and the webhook channel, because it alone knows the worker's
 * account and where to reach them. Cases and benefits enqueue it in the writer's
 * transaction under NOTIFY_TOPIC; their dispatcher hands it to members (`_deliverNotification`),
 * which files it once per key and sends it on. Members' own writers file it directly.
 */
export const NOTIFY_TOPIC = 'notify:members';

export interface NotificationEvent<T extends NotificationTemplate = NotificationTemplate> {
  /** The idempotency key: one per event (`<what>:<id>:<version>`), so a repeat is filed once. */
  key: string;
  /** Who hears of it: a member, or (for a join application decided) the applicant, who has no member account yet. */
  memberId: string | null;
  applicationId?: string | null;
  template: T;
  params: TemplateParams[T];
  at: Date;
}

/** A key for an event with no version of its own (a sweep's warning): still unique per event. */
export const eventKey = (what: string, id: string, version?: number | string): string => (version === undefined ? `${what}:${id}:${newId()}` : `${what}:${id}:${version}`);

/**
 * Records a notification in the writer's transaction (`tx`) for delivery to members after
 * commit: no commit, no notification. Nothing is written for an event with nobody to tell
 * (a case raised anonymously).
 */
export async function notifyWorker<T extends NotificationTemplate>(tx: EntityManager, event: NotificationEvent<T>): Promise<void> {
  if (!event.memberId && !event.applicationId) return;
  // Due now, whatever time the event names: a sweep run for a later moment still sends at once.
  await enqueue(tx, { topic: NOTIFY_TOPIC, key: event.key, payload: event });
}

@ArgsType()
export class DeliverNotificationArgs {
  @Field(() => String)
  key: string;

  @Field(() => ID, { nullable: true })
  memberId: string | null;

  @Field(() => ID, { nullable: true })
  applicationId: string | null;

  @Field(() => String)
  template: string;

  /** The parameters as JSON text (their shape depends on the template). */
  @Field(() => String)
  params: string;

  @Field(() => GraphQLISODateTime)
  at: Date;
}

/** True when filed now, false when the key had been filed before. */
export const DELIVER_NOTIFICATION = `mutation DeliverNotification($key: String!, $memberId: ID, $applicationId: ID, $template: String!, $params: String!, $at: DateTimeISO!) {
  _deliverNotification(key: $key, memberId: $memberId, applicationId: $applicationId, template: $template, params: $params, at: $at)
}`;

export interface NotifySettings {
  /** NOTIFY_DISPATCH_INTERVAL_SECONDS × 1000 (default 2 s; 0: only `dispatcher.drain()`, as tests do). */
  intervalMs: number;
  /** NOTIFY_MAX_ATTEMPTS (default 10): tries before a notification is dead-lettered. */
  maxAttempts: number;
  /**
   * NOTIFY_LEASE_SECONDS × 1000 (default 60 s): how long a claimed notification is held by its
   * dispatcher; one that died mid-batch leaves its claims to be taken over after this.
   */
  leaseMs: number;
}

export function loadNotifySettings(env: Env = process.env): NotifySettings {
  const problems: string[] = [];
  const settings = {
    intervalMs: readInt(env, 'NOTIFY_DISPATCH_INTERVAL_SECONDS', 2, 0, 3_600, problems) * 1000,
    maxAttempts: readInt(env, 'NOTIFY_MAX_ATTEMPTS', 10, 1, 100, problems),
    leaseMs: readInt(env, 'NOTIFY_LEASE_SECONDS', 60, 1, 3_600, problems) * 1000,
  };
  if (problems.length) throw new ConfigError(problems);
  return settings;
}

export interface NotifyDispatch {
  dispatcher: OutboxDispatcher;
  stop(): Promise<void>;
}

/**
 * The dispatcher of cases and benefits: hands each notification to members, unordered (each
 * stands alone), retried with backoff; members files a key once, so a repeat after a lost
 * answer changes nothing. Replicas share the table and claim rows one conditional update each.
 */
export function startNotifyDispatch(db: DataSource, opts: { membersUrl: string; internalSecret: string; settings: NotifySettings; log: Logger; name: string }): NotifyDispatch {
  const members = membersSystemClient(opts.membersUrl, opts.internalSecret);
  const dispatcher = new OutboxDispatcher(db, {
    deliver: {
      [NOTIFY_TOPIC]: async (e) => {
        const n = e.payload as NotificationEvent;
        const data = await members.call<{ _deliverNotification: boolean | null }>(DELIVER_NOTIFICATION, {
          key: e.key,
          memberId: n.memberId,
          applicationId: n.applicationId ?? null,
          template: n.template,
          params: JSON.stringify(n.params),
          at: new Date(n.at).toISOString(),
        });
        if (typeof data._deliverNotification !== 'boolean') throw new Error(`members refused notification ${e.key}`);
      },
    },
    maxAttempts: opts.settings.maxAttempts,
    leaseMs: opts.settings.leaseMs,
    batch: 100,
    log: opts.log,
    name: `${opts.name}-notify-${process.pid}`,
  });
  const loop = dispatcher.start(opts.settings.intervalMs, opts.log);
  return { dispatcher, stop: () => loop.stop() };
}
