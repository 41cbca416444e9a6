import { createHmac, timingSafeEqual } from 'node:crypto';

/** Headers of a signed webhook call; the receiver recomputes the signature from the timestamp and the raw body. */
export const WEBHOOK_KEY_HEADER = 'x-lianxin-key';
export const WEBHOOK_TIMESTAMP_HEADER = 'x-lianxin-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'x-lianxin-signature';

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<body>`): the timestamp is signed with
 * the body so a captured call cannot be replayed later under a new time.
 */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver checks: the signature matches and the timestamp is within `toleranceMs`
 * of its clock (default five minutes). Compared in constant time.
 */
export function verifyWebhook(secret: string, headers: Record<string, string | string[] | undefined>, body: string, now = Date.now(), toleranceMs = 300_000): boolean {
  const timestamp = String(headers[WEBHOOK_TIMESTAMP_HEADER] ?? '');
  const given = Buffer.from(String(headers[WEBHOOK_SIGNATURE_HEADER] ?? ''));
  const seconds = Number(timestamp);
  if (!timestamp || !Number.isFinite(seconds) || Math.abs(now - seconds * 1000) > toleranceMs) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookTarget {
  url: string;
  secret: string;
  /** Per call (default 10 s): a receiver that hangs counts as a failed try, retried with backoff. */
  timeoutMs?: number;
}

/**
 * POSTs `payload` as JSON, signed, with the idempotency key in a header as well as wherever
 * the payload carries it. Anything but a 2xx throws, which the dispatcher retries.
 */
export async function postWebhook(target: WebhookTarget, key: string, payload: unknown, now: Date = new Date()): Promise<void> {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const res = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [WEBHOOK_KEY_HEADER]: key,
      [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
      [WEBHOOK_SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(target.timeoutMs ?? 10_000),
  });
  // Drain the body so the connection is reused.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}
