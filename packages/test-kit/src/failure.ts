import type { GraphQLError } from 'graphql';
import { formatError } from '@lianxin/subgraph';

/** What a refused call threw, whole: the client sees exactly this message and these extensions. */
export interface Failure {
  message: string;
  extensions: Record<string, unknown>;
}

/**
 * The error a call failed with, as { message, extensions }, so a spec asserts the whole of it
 * (`toEqual({ message, extensions: { code, field } })`). Throws when the call succeeds, and
 * rethrows an error that carries no code: a bug is not a refusal.
 */
export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (err) {
    const e = err as { message?: unknown; extensions?: Record<string, unknown> };
    if (typeof e?.extensions?.code !== 'string') throw err;
    return { message: String(e.message), extensions: { ...e.extensions } };
  }
  throw new Error('expected the call to fail');
}

/** Only the code of failure(): for tables of refusals where the message is asserted elsewhere. */
export const code = async (promise: Promise<unknown>): Promise<string> => (await failure(promise)).extensions.code as string;

/** What a caller gets for an id it cannot see: not found and out of scope read the same. */
export const unseen = (what: string, id: string): Failure => ({
  message: `No ${what} with id ${id} exists that you can see. Check the id, or ask staff of a higher org.`,
  extensions: { code: 'NOT_FOUND' },
});

/** What a caller gets for naming a union outside its scope in `field`. */
export const unionOutOfScope = (field: string, orgId: string): Failure => ({
  message: `${field}: no union ${orgId} exists in your scope. Pick a union at or under your own.`,
  extensions: { code: 'NOT_FOUND', field },
});

/**
 * The first error of an in-process graphql() result as a client would receive it: the
 * subgraph's formatError applied (so a role refusal reads FORBIDDEN with its message), and
 * the path of the field it belongs to; source locations left out. An internal error fails
 * the spec rather than reading as a refusal.
 */
export function firstError(res: { errors?: readonly GraphQLError[] }): (Failure & { path?: readonly (string | number)[] }) | undefined {
  const err = res.errors?.[0];
  if (!err) return undefined;
  const formatted = formatError(err.toJSON(), err, (internal) => {
    throw internal;
  });
  return { message: formatted.message, ...(formatted.path ? { path: formatted.path } : {}), extensions: { ...formatted.extensions } };
}

/** A role refusal as the client sees it: `field` is for other roles than the caller's. */
export const roleRefusal = (field: string, isFor: string, signedInAs: string): Failure & { path: string[] } => ({
  message: `${field} is for ${isFor}; you are signed in as ${signedInAs}.`,
  path: [field],
  extensions: { code: 'FORBIDDEN' },
});
