import { createHash } from 'node:crypto';
import type { CaseEventRow } from './ledger.entity';
import { wholeSeconds } from '@lianxin/subgraph';

/** The first event of every case links to this. */
export const GENESIS = '0'.repeat(64);


type Hashed = Pick<CaseEventRow, 'caseId' | 'seq' | 'action' | 'fromState' | 'toState' | 'actorSub' | 'actorRole' | 'actorOrgId' | 'at' | 'note' | 'detail' | 'prevHash'>;

/**
 * sha256 over the previous hash and every recorded field, as a JSON array (unambiguous:
 * no field can bleed into the next). Changing any field, reordering or deleting an event
 * changes every hash after it.
 */
export function eventHash(e: Hashed): string {
  const canonical = JSON.stringify([
    e.prevHash, e.caseId, e.seq, e.action, e.fromState, e.toState, e.actorSub, e.actorRole, e.actorOrgId,
    wholeSeconds(e.at).toISOString(), e.note, e.detail,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Detail objects are stored as JSON with sorted keys, so the same detail always hashes the same. */
export function canonicalDetail(detail: Record<string, unknown> | undefined): string | null {
  if (!detail) return null;
  const entries = Object.entries(detail).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b));
  return entries.length ? JSON.stringify(Object.fromEntries(entries)) : null;
}
