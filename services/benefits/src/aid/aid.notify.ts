import type { EntityManager } from 'typeorm';
import { notifyWorker, NotificationTemplate } from '@lianxin/members-client';
import { AidState, type AidApplicationRow } from '../grant/aid.entity';
import { ProgrammeRow } from '../programme/programme.entity';

/**
 * An aid application decided (awarded or rejected), in the deciding transaction. The
 * enterprise check passing it on is not a decision: the member hears when the district decides
 * (or when either rejects it).
 */
export async function notifyAidDecided(em: EntityManager, app: Pick<AidApplicationRow, 'id' | 'memberId' | 'programmeId'>, to: AidState, decided: { amountCents?: number | null; rejectReason?: string | null }, at: Date): Promise<void> {
  if (to !== AidState.AWARDED && to !== AidState.REJECTED) return;
  const programme = (await em.findOne(ProgrammeRow, { where: { id: app.programmeId }, select: { id: true, name: true } }))?.name ?? '困难帮扶';
  await notifyWorker(
    em,
    to === AidState.AWARDED
      ? { key: `aid:${app.id}:awarded`, memberId: app.memberId, template: NotificationTemplate.AID_AWARDED, params: { programme, amount: ((decided.amountCents ?? 0) / 100).toFixed(2) }, at }
      : { key: `aid:${app.id}:rejected`, memberId: app.memberId, template: NotificationTemplate.AID_REJECTED, params: { programme, reason: decided.rejectReason ?? '未说明' }, at },
  );
}
