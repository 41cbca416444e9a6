import DataLoader from 'dataloader';
import type { SubgraphContext } from './context';

/**
 * Declares a per-request DataLoader. The batch function receives the context, so every
 * batch query is built with the caller's scope; the loader lives in ctx.loaders and
 * dies with the request, so nothing is cached across callers.
 *
 *   export const orgById = defineLoader<string, Org | null>((ctx) => async (ids) => ...);
 *   orgById(ctx).load(id)
 */
export function defineLoader<K, V, C = K>(
  batch: (ctx: SubgraphContext) => DataLoader.BatchLoadFn<K, V>,
  options?: DataLoader.Options<K, V, C>,
): (ctx: SubgraphContext) => DataLoader<K, V, C> {
  const slot = Symbol('loader');
  return (ctx) => {
    let loader = ctx.loaders.get(slot) as DataLoader<K, V, C> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V, C>(batch(ctx), { maxBatchSize: 500, ...options });
      ctx.loaders.set(slot, loader);
    }
    return loader;
  };
}

/** Orders batch rows by the requested keys; missing keys get `fallback` (null: not visible). */
export function byKeys<K, R, V = R | null>(keys: readonly K[], rows: R[], keyOf: (row: R) => K, fallback: V | null = null): (R | V | null)[] {
  const map = new Map<K, R>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? fallback);
}

/** Groups batch rows by key, in key order; keys with no rows get []. */
export function groupByKeys<K, R>(keys: readonly K[], rows: R[], keyOf: (row: R) => K): R[][] {
  const map = new Map<K, R[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}
