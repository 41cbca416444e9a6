import type { EntityManager } from 'typeorm';
import { newId } from '@lianxin/auth';
import { MEMBER_CHANGE_TOPIC, type MemberChange } from '@lianxin/members-client';
import { enqueue } from '@lianxin/outbox';
import { MemberRow } from './member.entity';

/**
 * Tells benefits that facts it decides eligibility on changed (status, org, employment,
 * hardship tier, model worker, children): called by every writer of those facts, inside
 * its transaction, so the event exists exactly when the change committed. The version bump
 * is what lets benefits drop a replayed or late refresh.
 */
export async function announceMemberChange(em: EntityManager, memberIds: readonly string[], at: Date = new Date()): Promise<void> {
  const ids = [...new Set(memberIds)];
  if (!ids.length) return;
  await em.createQueryBuilder().update(MemberRow).set({ factsVersion: () => 'facts_version + 1' } as never).where('id IN (:...ids)', { ids }).execute();
  const change: MemberChange = { eventId: newId(at.getTime()), memberIds: ids, at };
  await enqueue(em, { topic: MEMBER_CHANGE_TOPIC, key: change.eventId, payload: change }, at);
}
