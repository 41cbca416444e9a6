import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ConfigError, readSecret, readUrl, type Env } from '@lianxin/config';
import { NOTIFY_TOPIC, type NotificationEvent, type NotifyDispatch, type NotifySettings } from '@lianxin/members-client';
import { OutboxDispatcher, postWebhook, type Deliver } from '@lianxin/outbox';
import { MemberRow } from '../member/member.entity';
import { JoinApplicationRow } from '../membership/membership.entity';
import { NotificationRow } from './notification.entity';
import { receiveNotification, sendWebhooks, WEBHOOK_TOPIC } from './notification.service';

/**
 * What the webhook is given as the worker's address:
 * - `member`: `member:<id>` (or `application:<id>` for an applicant), for a bridge that keeps
 *   its own map from ids to WeChat openids; no personal data leaves;
 * - `phone`: the worker's mobile number, for an SMS gateway, which cannot do without it.
 */
export type WebhookAddress = 'member' | 'phone';

export interface WebhookSettings {
  /** NOTIFY_WEBHOOK_URL; absent: the in-app feed only. */
  url?: string;
  /** NOTIFY_WEBHOOK_SECRET: the HMAC-SHA256 key the receiver verifies with. */
  secret: string;
  /** NOTIFY_WEBHOOK_ADDRESS (default member). */
  address: WebhookAddress;
}

export function loadWebhookSettings(env: Env = process.env): WebhookSettings {
  const problems: string[] = [];
  const url = env.NOTIFY_WEBHOOK_URL ? readUrl(env, 'NOTIFY_WEBHOOK_URL', '', problems) : undefined;
  const secret = url ? readSecret(env, 'NOTIFY_WEBHOOK_SECRET', env.NODE_ENV === 'production', 'dev-notify-webhook-secret', problems) : '';
  const address = (env.NOTIFY_WEBHOOK_ADDRESS || 'member') as WebhookAddress;
  if (address !== 'member' && address !== 'phone') problems.push(`NOTIFY_WEBHOOK_ADDRESS must be member or phone (got "${env.NOTIFY_WEBHOOK_ADDRESS}")`);
  if (problems.length) throw new ConfigError(problems);
  return { url, secret, address };
}

/** The body the webhook receives: the key, where to send, which template and its parameters. Nothing else about the worker. */
export interface WebhookBody {
  key: string;
  address: string;
  template: string;
  params: Record<string, string>;
  at: string;
}

async function addressOf(db: DataSource, n: NotificationRow, kind: WebhookAddress): Promise<string> {
  if (kind === 'member') return n.memberId ? `member:${n.memberId}` : `application:${n.applicationId}`;
  const row = n.memberId
    ? await db.getRepository(MemberRow).findOne({ where: { id: n.memberId }, select: { id: true, phone: true } })
    : await db.getRepository(JoinApplicationRow).findOne({ where: { id: n.applicationId! }, select: { id: true, phone: true } });
  if (!row) throw new Error(`the worker of notification ${n.id} is gone`);
  return row.phone;
}

/**
 * Members' notification dispatcher, two topics on members' outbox:
 * - NOTIFY_TOPIC: members' own writers' events (join, transfer), filed in the feed after
 *   their commit, exactly as cases' and benefits' arrive through `_deliverNotification`;
 * - WEBHOOK_TOPIC (with NOTIFY_WEBHOOK_URL): filed notifications sent to the webhook, signed,
 *   at least once, with backoff, dead after NOTIFY_MAX_ATTEMPTS (staff see those in
 *   notificationDeadLetters and may retry them). The receiver drops repeats by key.
 * Replicas claim rows with one conditional update each.
 */
export function startNotificationDispatch(db: DataSource, webhook: WebhookSettings, settings: NotifySettings, log: Logger, name = `members-notify-${process.pid}`): NotifyDispatch {
  const deliver: Record<string, Deliver> = {
    [NOTIFY_TOPIC]: async (e) => {
      const n = e.payload as NotificationEvent;
      await receiveNotification(db, { key: e.key, memberId: n.memberId, applicationId: n.applicationId ?? null, template: n.template, params: JSON.stringify(n.params), at: new Date(n.at) });
    },
  };
  if (webhook.url) {
    sendWebhooks(db);
    const target = { url: webhook.url, secret: webhook.secret };
    deliver[WEBHOOK_TOPIC] = async (e) => {
      const n = await db.getRepository(NotificationRow).findOneBy({ key: e.key });
      if (!n) throw new Error(`notification ${e.key} is not filed`);
      const body: WebhookBody = { key: e.key, address: await addressOf(db, n, webhook.address), template: n.template, params: JSON.parse(n.params), at: n.createdAt.toISOString() };
      await postWebhook(target, e.key, body);
    };
  }
  const dispatcher = new OutboxDispatcher(db, { deliver, maxAttempts: settings.maxAttempts, leaseMs: settings.leaseMs, batch: 100, log, name });
  const loop = dispatcher.start(settings.intervalMs, log);
  return { dispatcher, stop: () => loop.stop() };
}
