import { In } from 'typeorm';
import { newId } from '@lianxin/auth';
import { byKeys, defineLoader, groupByKeys, lean, runRawEntities, type SubgraphContext } from '@lianxin/subgraph';
import { MemberChildRow, MemberRow } from './member.entity';
import { PiiAccessRow } from './pii-access.entity';
import { MEMBERS_BY_ID } from './member.statements';

export const MEMBER_SCOPE = { path: 'm.orgPath', member: 'm.id' } as const;

export const memberQuery = (ctx: SubgraphContext) => ctx.db.read(MemberRow, 'm', MEMBER_SCOPE);

export const memberById = defineLoader<string, MemberRow | null>((ctx) => async (ids) => {
  const rows = lean.on ? await runRawEntities(ctx, MEMBERS_BY_ID, MemberRow, [[...ids]]) : await memberQuery(ctx).andWhere({ id: In([...ids]) }).getMany();
  return byKeys(ids, rows, (r) => r.id);
});

/** Children are read through their parent member, so the member's scope applies to them too. */
export const childrenOfMember = defineLoader<string, MemberChildRow[]>((ctx) => async (memberIds) => {
  const rows = await ctx.db.read(MemberChildRow, 'c', MEMBER_SCOPE)
    .innerJoin(MemberRow, 'm', 'm.id = c.memberId')
    .andWhere({ memberId: In([...memberIds]) })
    .orderBy('c.birthDate')
    .getMany();
  return groupByKeys(memberIds, rows, (r) => r.memberId);
});

/**
 * Records full reads of personal data. Reads in one request are batched into one INSERT,
 * and the value is released only after the audit row is written: no audit, no data.
 */
export const piiAudit = defineLoader<{ memberId: string; field: 'idNumber' | 'phone' }, true, string>(
  (ctx) => async (keys) => {
    const at = new Date();
    // A writer of one statement: the audit rows of this request's reads.
    await ctx.db.transaction((em) => em
      .createQueryBuilder()
      .insert()
      .into(PiiAccessRow)
      .values(
        keys.map((k) => ({
          id: newId(),
          actorSub: ctx.caller.sub,
          actorRole: ctx.caller.role,
          actorOrgId: ctx.caller.orgId ?? null,
          memberId: k.memberId,
          field: k.field,
          at,
        })),
      )
      .execute());
    return keys.map(() => true as const);
  },
  { cacheKeyFn: (k) => `${k.memberId}|${k.field}` },
);
