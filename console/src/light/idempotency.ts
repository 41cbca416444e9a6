import { useRef } from 'react';

/**
 * Idempotency keys for the creates the API can answer once (raiseCase, enrolMember,
 * claimVoucher, createProgramme, recordCareVisit, applyForEducationAid, and the desk's
 * redeemVoucher). One key per user action: a double tap, or pressing again after a network
 * error or a timeout, sends the same key, so the server answers with what the first attempt
 * made instead of making a second. A changed form is a new action and gets a new key (the same
 * key with a different request would be IDEMPOTENCY_KEY_REUSED), and so does the next action
 * after a success. Kept in memory only: a reload starts afresh.
 */

/** A fresh random key; works without a secure context (plain http on a LAN), unlike crypto.randomUUID. */
export function newIdempotencyKey(prefix = 'lx'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The memory of one form: the request it last sent and under which key. */
export class ActionKeys {
  private last: { request: string; key: string } | null = null;

  constructor(private readonly make: () => string = newIdempotencyKey) {}

  /** The key for sending `request`: the one it was sent with before, while unsettled; otherwise a fresh one. */
  for(request: unknown): string {
    const text = JSON.stringify(request ?? null);
    if (!this.last || this.last.request !== text) this.last = { request: text, key: this.make() };
    return this.last.key;
  }

  /** The action succeeded: whatever is sent next is a new action. */
  settle(): void {
    this.last = null;
  }
}

/** ActionKeys for a component's lifetime. */
export function useActionKeys(): ActionKeys {
  const keys = useRef<ActionKeys | null>(null);
  keys.current ??= new ActionKeys();
  return keys.current;
}
