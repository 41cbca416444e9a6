import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError, AuthorizationError, AuthenticationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import { classifyContention, type Contention } from './engine-errors';

/**
 * The authChecker's refusal: still an AuthorizationError (so every layer that asks "was this
 * a role refusal?" keeps working), but with a message saying who the field is for.
 */
export class RoleRefusedError extends AuthorizationError {}

/**
 * Every error a client can see carries one of these codes in `extensions.code`. Codes are
 * part of the API contract: add new ones, never rename.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  /** Also what an out-of-scope id gets: not-found and forbidden look the same. */
  NOT_FOUND = 'NOT_FOUND',
  DUPLICATE = 'DUPLICATE',
  INVALID_STATE = 'INVALID_STATE',
  CONFLICT = 'CONFLICT',
  /** An idempotencyKey this caller already used for a different request of the operation. */
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  /** A service this one depends on (e.g. members, for the org tree) did not answer. */
  UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL_SERVER_ERROR',
}

export class DomainError extends GraphQLError {
  constructor(
    /** A shared ErrorCode, or a code a subgraph declares for its own domain (e.g. benefits' QUOTA_EXHAUSTED). */
    readonly code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const notFound = (what: string, id?: string): DomainError =>
  new DomainError(
    ErrorCode.NOT_FOUND,
    `No ${what} ${id ? `with id ${id} ` : ''}exists that you can see. Check the id, or ask staff of a higher org.`,
  );

export const badInput = (field: string, message: string, extra: Record<string, unknown> = {}): DomainError =>
  new DomainError(ErrorCode.BAD_USER_INPUT, `${field}: ${message}`, { field, ...extra });

/**
 * A field's problems, and those of the inputs nested in it (a survey's questions, one by one),
 * each named by its path: `questions.0.text`. Without this, a problem inside a list of inputs
 * reached the client as the list's name and nothing else.
 */
function problemsOf(e: ValidationError, path: string): { field: string; problems: string[] }[] {
  const own = Object.values(e.constraints ?? {});
  const nested = (e.children ?? []).flatMap((c) => problemsOf(c, `${path}.${c.property}`));
  return own.length || !nested.length ? [{ field: path, problems: own }, ...nested] : nested;
}

/** GraphQL-level failures (parse, validation, variable coercion) are safe to show as they are. */
const PASS_THROUGH = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);

/**
 * Apollo `formatError`: domain errors keep their code and message; type-graphql's own
 * errors become stable codes; anything else (a driver error with SQL in it, a bug) is
 * logged by the caller and reaches the client as a bare INTERNAL_SERVER_ERROR.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onInternal: (err: unknown) => void,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { ...original.extensions } };
  }
  // A writer not wrapped in withContentionRetry lost a race: its transaction was rolled back
  // whole, so the caller may simply try again. Say so, instead of INTERNAL_SERVER_ERROR.
  const contention = classifyContention(original);
  if (contention) {
    const refusal = new ContentionError(contention, 1, retryHintMs(contention));
    return { ...base, message: refusal.message, extensions: { ...refusal.extensions } };
  }
  if (original instanceof ArgumentValidationError) {
    const fields = original.extensions.validationErrors.flatMap((e) => problemsOf(e, e.property));
    const summary = fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | ');
    return { ...base, message: `Invalid input. ${summary}`, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
  }
  if (original instanceof AuthenticationError) {
    return { ...base, message: 'Sign in first: this operation needs a valid token.', extensions: { code: ErrorCode.UNAUTHENTICATED } };
  }
  if (original instanceof AuthorizationError) {
    const message = original instanceof RoleRefusedError ? original.message : 'Your role may not perform this operation.';
    return { ...base, message, extensions: { code: ErrorCode.FORBIDDEN } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH.has(code)) {
    return { ...base, message: formatted.message, extensions: { code } };
  }
  onInternal(original);
  return { ...base, message: 'Something went wrong on our side. It has been logged; retry later.', extensions: { code: ErrorCode.INTERNAL } };
}

/** A unique index said no: MariaDB ER_DUP_ENTRY or SQLite SQLITE_CONSTRAINT_UNIQUE, as wrapped by TypeORM. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; driverError?: { code?: string; errno?: number } };
  const d = e?.driverError ?? e;
  return d?.code === 'ER_DUP_ENTRY' || d?.errno === 1062 || d?.code === 'SQLITE_CONSTRAINT_UNIQUE' || d?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export const conflict = (what: string): DomainError =>
  new DomainError(ErrorCode.CONFLICT, `The ${what} changed since you read it. Reload it and try again.`);

/** The engine kept refusing until the budget ran out: try again shortly, as a whole. */
export class ContentionError extends DomainError {
  constructor(
    readonly kind: Contention,
    readonly attempts: number,
    retryAfterMs: number,
  ) {
    super(
      kind === 'conflict' ? ErrorCode.CONFLICT : ErrorCode.UNAVAILABLE,
      kind === 'conflict'
        ? `Many people are changing the same thing right now and this change could not get through; nothing was saved. Try again in about ${Math.ceil(retryAfterMs / 100) / 10} s.`
        : `The database node is not ready to take changes; nothing was saved. Try again in about ${Math.ceil(retryAfterMs / 100) / 10} s.`,
      { retryAfterMs, reason: kind === 'conflict' ? 'CONTENTION' : 'DATABASE_NOT_READY' },
    );
  }
}

/**
 * The hint a refused caller gets: spread over a second so that the crowd that lost together
 * does not come back together. Not-ready nodes take longer to rejoin than a race takes to settle.
 */
export function retryHintMs(kind: Contention, random: () => number = Math.random): number {
  return Math.round((kind === 'conflict' ? 250 : 1000) * (1 + 3 * random()));
}
