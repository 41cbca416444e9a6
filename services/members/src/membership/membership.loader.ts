import { In, type EntityManager } from 'typeorm';
import { defineLoader, groupByKeys, type ScopeColumns, type SubgraphContext } from '@lianxin/subgraph';
import { MemberRow } from '../member/member.entity';
import { MEMBER_SCOPE } from '../member/member.loader';
import { JoinApplicationRow, MemberStatusEventRow, TransferRow } from './membership.entity';
import { TransferDirection } from './membership.types';

/** Applications live under the org they were made to; only staff of that subtree review them. */
export const APPLICATION_SCOPE = { path: 'a.orgPath' } as const;

export const applicationQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(JoinApplicationRow, 'a', APPLICATION_SCOPE, em);

/**
 * A transfer lives under both ends and is listed on either side; deciding one (IN) is the
 * receiving side's business only, so the sender cannot accept its own request.
 */
export const TRANSFER_SCOPE: Record<TransferDirection, ScopeColumns> = {
  [TransferDirection.ANY]: { path: ['t.fromPath', 't.toPath'] },
  [TransferDirection.IN]: { path: 't.toPath' },
  [TransferDirection.OUT]: { path: 't.fromPath' },
};

export const transferQuery = (ctx: SubgraphContext, direction: TransferDirection, em?: EntityManager) =>
  ctx.db.read(TransferRow, 't', TRANSFER_SCOPE[direction], em);

/**
 * Status history is read through the member it belongs to (its current org path), so
 * whoever can see the member sees the whole history, including the part recorded under
 * an org the member has since left.
 */
export const statusHistoryOf = defineLoader<string, MemberStatusEventRow[]>((ctx) => async (memberIds) => {
  const rows = await ctx.db.read(MemberStatusEventRow, 'e', MEMBER_SCOPE)
    .innerJoin(MemberRow, 'm', 'm.id = e.memberId')
    .andWhere({ memberId: In([...memberIds]) })
    .orderBy('e.at')
    .addOrderBy('e.id')
    .getMany();
  return groupByKeys(memberIds, rows, (r) => r.memberId);
});

/** A member's transfers, oldest first; scoped through the member like the status history. */
export const transfersOfMember = defineLoader<string, TransferRow[]>((ctx) => async (memberIds) => {
  const rows = await ctx.db.read(TransferRow, 't', MEMBER_SCOPE)
    .innerJoin(MemberRow, 'm', 'm.id = t.memberId')
    .andWhere({ memberId: In([...memberIds]) })
    .orderBy('t.requestedAt')
    .addOrderBy('t.id')
    .getMany();
  return groupByKeys(memberIds, rows, (r) => r.memberId);
});
