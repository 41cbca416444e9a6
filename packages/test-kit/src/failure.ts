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
