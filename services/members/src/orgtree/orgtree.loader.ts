import { In } from 'typeorm';
import { byKeys, defineLoader } from '@lianxin/subgraph';
import { OrgRow } from '../org/org.entity';
import { ORG_SCOPE } from '../org/org.loader';
import { OrgPlaceRow } from './orgtree.entity';

/** Org.place for many orgs in one statement, scoped through the org. */
export const placeOf = defineLoader<string, OrgPlaceRow | null>((ctx) => async (orgIds) => {
  const rows = await ctx.db.readThrough(OrgPlaceRow, 'p', { entity: OrgRow, alias: 'o', on: 'o.id = p.orgId' }, ORG_SCOPE).andWhere({ orgId: In([...orgIds]) }).getMany();
  return byKeys(orgIds, rows, (r) => r.orgId);
});
