import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Access, DomainError, ErrorCode, type SubgraphContext } from '@lianxin/subgraph';
import { caseById } from '../case/case.loader';
import { verifyLedger, type LedgerReport } from './ledger.service';

@ObjectType()
export class LedgerBreak {
  @Field(() => ID)
  caseId: string;

  @Field(() => String, { nullable: true })
  caseNumber: string | null;

  @Field(() => Int)
  seq: number;

  @Field()
  problem: string;
}

@ObjectType({ description: 'The result of re-checking the hash chain' })
export class LedgerVerification {
  @Field()
  ok: boolean;

  @Field(() => Int)
  casesChecked: number;

  @Field(() => Int)
  eventsChecked: number;

  @Field(() => LedgerBreak, { nullable: true, description: 'The first broken link, if any' })
  firstBreak: LedgerBreak | null;
}

@Resolver()
export class LedgerResolver {
  @Query(() => LedgerVerification, {
    nullable: true,
    description: 'Re-check the ledger hash chain of one case you can see (null if you cannot), or, for admins without an id, of every case. Reports the first broken link',
  })
  @Access('staff', 'admin')
  async verifyLedger(@Ctx() ctx: SubgraphContext, @Arg('caseId', () => ID, { nullable: true }) caseId?: string): Promise<LedgerReport | null> {
    if (caseId) {
      const c = await caseById(ctx).load(caseId);
      return c && verifyLedger(ctx.db, { caseIds: [c.id] });
    }
    if (ctx.caller.role !== 'admin') throw new DomainError(ErrorCode.FORBIDDEN, 'Checking the whole ledger is for admins; pass the caseId of a case you handle.');
    return verifyLedger(ctx.db);
  }
}

export const ledgerResolvers = [LedgerResolver] as const;
