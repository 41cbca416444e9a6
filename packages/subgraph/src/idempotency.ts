import { createHash } from 'node:crypto';
import { Column, Entity, Index, LessThan, PrimaryColumn, Table, TableIndex, type DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import type { SubgraphContext } from './context';
import { unscoped } from './data';
import { asciiColumn, engineOfDataSource, wholeSeconds } from './db';
import { badInput, DomainError, ErrorCode, isUniqueViolation, notFound } from './errors';

/**
 * Idempotent creates. A client that lost the answer to a write (a replica killed mid-request,
 * a timeout) sends it again with the same `idempotencyKey` and gets the first answer instead of
 * a second row. Keys belong to a caller (role and sub) and an operation; a key is recorded in
 * the writer's own transaction, before its first change, so it exists exactly when the write
 * committed. Of any number of requests racing with one key, the primary key lets one in: the
 * others wait on its row lock (MariaDB) or its turn (SQLite) and then find it taken, or, on a
 * multi-primary cluster, lose certification and find it on their retry. Refusals record nothing:
 * a retry after a refusal runs again.
 */

/** How long a key answers retries: a client retries within minutes, a week is plenty. */
export const IDEMPOTENCY_KEY_DAYS = 7;
export const IDEMPOTENCY_KEY_MAX = 64;
const KEY = /^[\x21-\x7e]+$/;
export const IDEMPOTENCY_KEY_RULE = `1-${IDEMPOTENCY_KEY_MAX} printable ASCII characters without spaces, e.g. a UUID`;
/** The argument's description, the same on every idempotent create. */
export const IDEMPOTENCY_KEY_ARG = `Optional: your own key for this action, ${IDEMPOTENCY_KEY_RULE}. Make a fresh one per user action and send it again only to retry: a retry gets the first answer instead of a second write (keys are yours alone and kept ${IDEMPOTENCY_KEY_DAYS} days); the same key with a different request is IDEMPOTENCY_KEY_REUSED`;

@Entity('idempotency_key')
@Index('ix_idempotency_created', ['createdAt'])
export class IdempotencyRow {
  /** sha256 of role and sub: bounded, and no subject is kept in the clear. */
  @PrimaryColumn({ name: 'caller_hash', type: 'varchar', length: 64 })
  callerHash: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  operation: string;

  @PrimaryColumn({ name: 'idem_key', type: 'varchar', length: 64 })
  key: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash: string;

  /** The id of what the write created; set in the same transaction, before it commits. */
  @Column({ name: 'result_id', type: 'varchar', length: 64, nullable: true })
  resultId: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** Creates the key table; call it from one of the owning service's versioned migrations. */
export async function createIdempotencyTable(qr: QueryRunner): Promise<void> {
  const ascii = asciiColumn(engineOfDataSource(qr.connection));
  await qr.createTable(
    new Table({
      name: 'idempotency_key',
      columns: [
        { name: 'caller_hash', type: 'varchar', length: '64', isPrimary: true, ...ascii },
        { name: 'operation', type: 'varchar', length: '64', isPrimary: true, ...ascii },
        { name: 'idem_key', type: 'varchar', length: '64', isPrimary: true, ...ascii },
        { name: 'request_hash', type: 'varchar', length: '64', ...ascii },
        { name: 'result_id', type: 'varchar', length: '64', isNullable: true, ...ascii },
        { name: 'created_at', type: 'datetime' },
      ],
      indices: [new TableIndex({ name: 'ix_idempotency_created', columnNames: ['created_at'] })],
    }),
  );
}

export async function dropIdempotencyTable(qr: QueryRunner): Promise<void> {
  await qr.dropTable('idempotency_key');
}

/** What a create needs from the kit: its own transaction, with the key recorded inside it. */
export interface OnceWriter {
  /**
   * `ctx.db.transaction`, plus the key: recorded first (so a concurrent retry waits here), and
   * `idOf(result)` kept with it before the commit. Without a key, just the transaction.
   */
  transaction<R>(work: (em: EntityManager) => Promise<R>, idOf: (result: R) => string): Promise<R>;
}

export interface IdempotentRequest {
  /** The mutation's name; keys of different operations never meet. */
  operation: string;
  /** The client's key, as sent; absent or null: no idempotency, the write just runs. */
  key: string | null | undefined;
  /**
   * What makes two requests "the same": the arguments as sent, key left out. Personal values
   * (ID numbers, phones) go in through the service's keyed hash, never in the clear.
   */
  request: unknown;
}

/** The key was recorded by a request that committed first; thrown out of the transaction to undo this one whole. */
class KeyTaken extends Error {}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** JSON with sorted keys, null and undefined left out: `{a: 1, b: null}` and `{a: 1}` are one request. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The key as given, or BAD_USER_INPUT saying what a key must look like. */
export function idempotencyKeyOf(key: string): string {
  if (typeof key !== 'string' || !key || key.length > IDEMPOTENCY_KEY_MAX || !KEY.test(key)) {
    throw badInput('idempotencyKey', `must be ${IDEMPOTENCY_KEY_RULE}. Make a fresh key for each new action and send the same key again only to retry that action.`);
  }
  return key;
}

const keyReused = (operation: string): DomainError =>
  new DomainError(
    ErrorCode.IDEMPOTENCY_KEY_REUSED,
    `This idempotencyKey was already used for a different ${operation} request. Make a fresh key for each new action; send a key again only to retry the very same request.`,
  );

/**
 * Runs a create at most once per (caller, operation, key). With a key already recorded: the
 * same request gets `replay(resultId)` (the row the first call created, as it is now), another
 * request IDEMPOTENCY_KEY_REUSED, and nothing is written. Otherwise `write` runs, and its
 * `once.transaction` records the key with what it created. `write` keeps its checks and its
 * contention retry as they were; only `ctx.db.transaction` becomes `once.transaction`.
 */
export async function idempotent<T>(
  ctx: SubgraphContext,
  req: IdempotentRequest,
  replay: (resultId: string) => Promise<T | null>,
  write: (once: OnceWriter) => Promise<T>,
  now: () => Date = () => new Date(),
): Promise<T> {
  if (req.key === null || req.key === undefined) return write({ transaction: (work) => ctx.db.transaction(work) });
  const id = {
    callerHash: sha256(`${ctx.caller.role}\n${ctx.caller.sub}`),
    operation: req.operation,
    key: idempotencyKeyOf(req.key),
  };
  const requestHash = sha256(`${req.operation}\n${canonicalJson(req.request)}`);
  const keys = () => unscoped(ctx, 'a caller\'s own idempotency keys, by the caller\'s own hash').getRepository(IdempotencyRow);

  const answer = async (prior: IdempotencyRow): Promise<T> => {
    if (prior.requestHash !== requestHash) throw keyReused(req.operation);
    const result = prior.resultId ? await replay(prior.resultId) : null;
    // Gone since (a deleted row, a moved member): say so rather than write again under the key.
    if (!result) throw notFound(`result of this ${req.operation} retry`);
    return result;
  };

  const prior = await keys().findOneBy(id);
  if (prior) return answer(prior);

  const once: OnceWriter = {
    transaction: (work, idOf) =>
      ctx.db.transaction(async (em) => {
        try {
          await em.insert(IdempotencyRow, { ...id, requestHash, resultId: null, createdAt: wholeSeconds(now()) });
        } catch (err) {
          if (isUniqueViolation(err)) throw new KeyTaken();
          throw err;
        }
        const result = await work(em);
        await em.update(IdempotencyRow, id, { resultId: idOf(result) });
        return result;
      }),
  };
  try {
    return await write(once);
  } catch (err) {
    if (!(err instanceof KeyTaken)) throw err;
    // A request with this key committed while this one ran; everything here was rolled back.
    const first = await keys().findOneBy(id);
    if (!first) throw new DomainError(ErrorCode.CONFLICT, 'Another request with this idempotencyKey was being written at the same moment; nothing was saved. Retry with the same key.');
    return answer(first);
  }
}

/** Forgets keys older than IDEMPOTENCY_KEY_DAYS; a retry after that runs as a new request. Returns how many. */
export async function sweepIdempotencyKeys(db: DataSource, now: Date = new Date(), days = IDEMPOTENCY_KEY_DAYS): Promise<number> {
  const r = await db.getRepository(IdempotencyRow).delete({ createdAt: LessThan(wholeSeconds(now.getTime() - days * 86_400_000)) });
  return r.affected ?? 0;
}

/** Whether this database keeps idempotency keys (its service registered the entity). */
export const keepsIdempotencyKeys = (db: DataSource): boolean => db.hasMetadata(IdempotencyRow);
