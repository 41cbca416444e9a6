import { In, type EntityManager } from 'typeorm';
import { byKeys, defineLoader, groupByKeys, type SubgraphContext } from '@lianxin/subgraph';
import { PartnerKeyRow, PartnerRow } from './partner.entity';
import { PartnerProgrammeRow } from '../programme/programme.entity';

/**
 * Managing partners: a partner is visible to staff of the registering union's subtree
 * and to admins. Members and partners themselves (scope `self`/`none` without a member
 * column) see no partner rows here; a partner reads only through partner.scope.ts.
 */
export const PARTNER_SCOPE = { path: 'pa.orgPath' } as const;

export const partnerAdminQuery = (ctx: SubgraphContext, em?: EntityManager) =>
  ctx.db.read(PartnerRow, 'pa', PARTNER_SCOPE, em);

export const partnerById = defineLoader<string, PartnerRow | null>((ctx) => async (ids) => {
  const rows = await partnerAdminQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** Programme ids each partner serves, for partners the caller manages. */
export const programmeIdsOfPartner = defineLoader<string, string[]>((ctx) => async (partnerIds) => {
  const rows = await ctx.db.read(PartnerProgrammeRow, 'pp', PARTNER_SCOPE)
    .innerJoin(PartnerRow, 'pa', 'pa.id = pp.partnerId')
    .andWhere('pp.partnerId IN (:...partnerIds)', { partnerIds: [...partnerIds] })
    .orderBy('pp.partnerId')
    .addOrderBy('pp.programmeId')
    .getMany();
  return groupByKeys(partnerIds, rows, (r) => r.partnerId).map((list) => list.map((r) => r.programmeId));
});

/** Keys of the partners the caller manages, newest first; never the hash. */
export const keysOfPartner = defineLoader<string, PartnerKeyRow[]>((ctx) => async (partnerIds) => {
  const rows = await ctx.db.read(PartnerKeyRow, 'k', PARTNER_SCOPE)
    .innerJoin(PartnerRow, 'pa', 'pa.id = k.partnerId')
    .andWhere('k.partnerId IN (:...partnerIds)', { partnerIds: [...partnerIds] })
    .select(['k.id', 'k.partnerId', 'k.prefix', 'k.createdAt', 'k.revokedAt'])
    .orderBy('k.partnerId')
    .addOrderBy('k.id', 'DESC')
    .getMany();
  return groupByKeys(partnerIds, rows, (r) => r.partnerId);
});
