import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { Access, decodeIdCursor, encodeIdCursor, pageOf, underOrg, type Page, type SubgraphContext } from '@lianxin/subgraph';
import { MemberRow } from '../member/member.entity';
import { MEMBER_SCOPE, memberById } from '../member/member.loader';
import { Member } from '../member/member.types';
import { orgById } from '../org/org.loader';
import { OrgRow } from '../org/org.entity';
import { Org } from '../org/org.types';
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

  @FieldResolver(() => Member, { nullable: true, description: 'Whose data was read; null once they have moved out of your scope' })
  member(@Root() row: PiiAccessRow, @Ctx() ctx: SubgraphContext): Promise<MemberRow | null> {
    return memberById(ctx).load(row.memberId);
  }

  @FieldResolver(() => Org, { nullable: true, description: 'The org of the staff member who read it; null for admins, and when that org is outside your scope' })
  actorOrg(@Root() row: PiiAccessRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> | null {
    return row.actorOrgId ? orgById(ctx).load(row.actorOrgId) : null;
  }
}
