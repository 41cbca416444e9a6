import { badInput, conflict, DomainError, ErrorCode, type SubgraphContext } from '@lianxin/subgraph';
import { MemberRow, MembershipStatus } from '../member/member.entity';
import { announceMemberChange } from '../member/member.feed';
import { DirectoryChangeKind, recordChange } from '../changes/changes.feed';
import { memberById } from '../member/member.loader';
import { statusEvent, visibleMember } from '../member/member.service';
import { MemberStatusEventRow } from './membership.entity';
import type { ChangeMemberStatusArgs } from './membership.types';
import { reasonText } from './membership.validation';

/* Membership status: ACTIVE, RETAINED or LEFT, set by staff (TRANSFERRING is a transfer's). */

const NEEDS_REASON = new Set<MembershipStatus>([MembershipStatus.RETAINED, MembershipStatus.LEFT]);

/** Optimistic: refused with CONFLICT when the member changed after the caller read it. */
export async function changeMemberStatus(ctx: SubgraphContext, args: ChangeMemberStatusArgs): Promise<MemberRow> {
  const { status, expectedVersion } = args;
  if (status === MembershipStatus.TRANSFERRING) {
    throw new DomainError(ErrorCode.INVALID_STATE, 'TRANSFERRING is set by a transfer: use requestTransfer to move a member to another union.', { field: 'status' });
  }
  const reason = args.reason == null ? null : reasonText('reason', args.reason);
  if (NEEDS_REASON.has(status) && !reason) {
    throw badInput('reason', `is required for ${status}: say why (retired, unemployed, employer closed, left the union…)`);
  }
  const now = new Date();
  const member = await ctx.db.transaction(async (em) => {
    const current = await visibleMember(ctx, args.memberId, em);
    // Judge the rules against the version the caller saw, not a newer one they never read.
    if (current.version !== expectedVersion) throw conflict('member');
    if (current.status === MembershipStatus.TRANSFERRING) {
      throw new DomainError(ErrorCode.INVALID_STATE, 'This member is being transferred. The receiving union must accept or return the transfer before the status can change.');
    }
    if (current.status === status) throw new DomainError(ErrorCode.INVALID_STATE, `The membership is already ${status}.`, { field: 'status' });
    // The reason column explains a retained or ended membership; an active one needs none.
    const patch = { status, statusReason: status === MembershipStatus.ACTIVE ? null : reason };
    const result = await em
      .createQueryBuilder()
      .update(MemberRow)
      .set({ ...patch, version: () => 'version + 1' })
      .where('id = :id AND version = :v', { id: current.id, v: expectedVersion })
      .execute();
    if (result.affected !== 1) throw conflict('member');
    const updated = Object.assign(new MemberRow(), current, patch, { version: expectedVersion + 1 });
    await em.insert(MemberStatusEventRow, statusEvent(updated, current.status, reason, ctx.caller.sub, now));
    await announceMemberChange(em, [updated.id], now);
    await recordChange(em, DirectoryChangeKind.MEMBER, updated.id, now);
    return updated;
  });
  memberById(ctx).clear(member.id).prime(member.id, member);
  return member;
}
