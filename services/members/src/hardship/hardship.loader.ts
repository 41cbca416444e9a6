import { In } from 'typeorm';
import { byKeys, defineLoader, groupByKeys } from '@lianxin/subgraph';
import { MemberRow } from '../member/member.entity';
import { MEMBER_SCOPE } from '../member/member.loader';
import { HardshipEventRow, HardshipFileRow } from './hardship.entity';

const THROUGH_MEMBER = { entity: MemberRow, alias: 'm', on: 'm.id = h.memberId' };

/** A member's hardship file, through the member's scope. */
export const hardshipFileOfMember = defineLoader<string, HardshipFileRow | null>((ctx) => async (memberIds) => {
  const rows = await ctx.db.readThrough(HardshipFileRow, 'h', THROUGH_MEMBER, MEMBER_SCOPE).andWhere({ memberId: In([...memberIds]) }).getMany();
  return byKeys(memberIds, rows, (r) => r.memberId);
});

/** A file's history, oldest first. Callers reach it only through a file they could read. */
export const historyOfFile = defineLoader<string, HardshipEventRow[]>((ctx) => async (fileIds) => {
  const rows = await ctx.db
    .readThrough(HardshipEventRow, 'e', { entity: HardshipFileRow, alias: 'h', on: 'h.id = e.fileId' }, MEMBER_SCOPE)
    .innerJoin(MemberRow, 'm', 'm.id = h.memberId')
    .andWhere({ fileId: In([...fileIds]) })
    .orderBy('e.fileId')
    .addOrderBy('e.id')
    .getMany();
  return groupByKeys(fileIds, rows, (r) => r.fileId);
});
