import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { Access, decodeIdCursor, encodeIdCursor, pageOf, underOrg, type Page, type SubgraphContext } from '@lianxin/subgraph';
import { MemberRow } from '../member/member.entity';
import { MEMBER_SCOPE } from '../member/member.loader';
import { visibleOrg } from '../org/org.service';
import { PiiAccessRow } from '../member/pii-access.entity';
import { PiiAccess, PiiAccessConnection, PiiAccessLogArgs } from './audit.types';

@Resolver(() => PiiAccess)
export class AuditResolver {
  /**
   * The audit trail of personal-data reads, for oversight: admins see every read; staff see
   * the reads of the data of members in their subtree (whoever read it), never outside it.
   */
  @Query(() => PiiAccessConnection, { nullable: true, description: 'Full reads of members\' ID numbers and phones, newest first: admins see all, staff those about members in their subtree' })
  @Access('staff', 'admin')
  async piiAccessLog(@Ctx() ctx: SubgraphContext, @Args(() => PiiAccessLogArgs) args: PiiAccessLogArgs): Promise<Page<PiiAccessRow>> {
    const qb = ctx.db.readThrough(PiiAccessRow, 'a', { entity: MemberRow, alias: 'm', on: 'm.id = a.memberId' }, MEMBER_SCOPE);
    if (args.orgId) underOrg(qb, 'm', (await visibleOrg(ctx, args.orgId)).path);
    if (args.memberId) qb.andWhere('a.memberId = :memberId', { memberId: args.memberId });
    if (args.after) qb.andWhere('a.id < :after', { after: decodeIdCursor(args.after) });
    const rows = await qb.orderBy('a.id', 'DESC').limit(args.first + 1).getMany();
    return pageOf(rows, args.first, (r) => encodeIdCursor(r.id));
  }
}
