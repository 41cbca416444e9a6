import type { EntityManager } from 'typeorm';
import { notifyWorker, NotificationTemplate } from '@lianxin/members-client';
import type { CaseRow } from '../casefile/case.entity';
import { CaseAction, CaseState } from '../casefile/case.enums';

/**
 * Which transitions the worker hears of (事事有回音), as applyChange() makes them:
 * - into ACCEPTED (接单, by the handler or by joining a project): accepted;
 * - TRANSFER: sent down to a nearer union;
 * - PROGRESS: progress recorded;
 * - AWAIT_WORKER: the union waits on the worker;
 * - SIGN_OFF: resolved, please rate. Rating opens at sign-off, not at RESOLVE, so this is
 *   when "please rate" can be acted on;
 * - out of SIGNED_OFF into an open state (an unsatisfied rating, or the callback that records one): reopened.
 * Anything else (supervision, escalation, hand-overs, notes) is union work the worker need
 * not act on. Cases without a member (anonymous, non-members) notify nobody.
 */
export function templateOf(current: CaseRow, next: CaseRow, action: CaseAction): NotificationTemplate | null {
  if (next.state === CaseState.ACCEPTED && current.state !== CaseState.ACCEPTED) return NotificationTemplate.CASE_ACCEPTED;
  if (current.state === CaseState.SIGNED_OFF && next.state !== CaseState.CLOSED && next.state !== CaseState.SIGNED_OFF) return NotificationTemplate.CASE_REOPENED;
  switch (action) {
    case CaseAction.TRANSFER:
      return NotificationTemplate.CASE_TRANSFERRED;
    case CaseAction.PROGRESS:
      return NotificationTemplate.CASE_PROGRESS;
    case CaseAction.AWAIT_WORKER:
      return NotificationTemplate.CASE_WAITING_ON_YOU;
    case CaseAction.SIGN_OFF:
      return NotificationTemplate.CASE_RESOLVED;
    default:
      return null;
  }
}

/** In the transition's transaction: one outbox row per event the worker hears of, keyed by the case's new version. */
export async function notifyCaseChange(em: EntityManager, current: CaseRow, next: CaseRow, action: CaseAction, at: Date): Promise<void> {
  const template = next.memberId ? templateOf(current, next, action) : null;
  if (!template) return;
  await notifyWorker(em, { key: `case:${next.id}:${next.version}`, memberId: next.memberId, template, params: { number: next.number }, at });
}
