import { DomainError } from '@lianxin/subgraph';

/**
 * Benefits' own error codes, beside the shared ErrorCode set: clients act on them
 * differently from other refusals. Part of the API contract: add new ones, never rename.
 */
export enum BenefitsErrorCode {
  /** The eligibility answer was not ELIGIBLE; `extensions.reasons` lists the reason codes. */
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  /** No unit left in the share that would pay for it. */
  QUOTA_EXHAUSTED = 'QUOTA_EXHAUSTED',
  /** Not enough money left in the budget or share; `extensions.remainingCents` says how much is. */
  BUDGET_EXCEEDED = 'BUDGET_EXCEEDED',
  /** Every per-member slot of the period is taken (the concurrency backstop of the limit rule). */
  LIMIT_REACHED = 'LIMIT_REACHED',
  /** Redemption: no such code among the partner's programmes (unknown and not yours look the same). */
  UNKNOWN_CODE = 'UNKNOWN_CODE',
  ALREADY_REDEEMED = 'ALREADY_REDEEMED',
  EXPIRED = 'EXPIRED',
  CANCELLED = 'CANCELLED',
  /** The idempotency key was used before by this partner for a different request. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
}

export const benefitsError = (code: BenefitsErrorCode, message: string, extra: Record<string, unknown> = {}): DomainError => new DomainError(code, message, extra);
