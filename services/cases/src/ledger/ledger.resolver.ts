import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { Access, DomainError, ErrorCode, type SubgraphContext, unscoped } from '@lianxin/subgraph';
import { caseById } from '../casefile/case.loader';
import { verifyLedger, type LedgerReport } from './ledger.service';

@ObjectType({ description: 'Where a case\'s ledger hash chain first fails to verify' })
export class LedgerBreak {
  @Field(() => ID, { description: 'The case whose ledger is broken' })
  caseId: string;

  @Field(() => String, { nullable: true, description: 'Its human-readable number; null if the case row itself is gone' })
  caseNumber: string | null;

  @Field(() => Int, { description: 'The first event (by seq) that does not verify, or where an event is missing' })
  seq: number;

  @Field({ description: 'What is wrong, as a sentence: an event is missing, does not link to the one before, was edited, or the chain does not end where the case row says' })
  problem: string;
}

@ObjectType({ description: 'The result of re-checking the hash chain' })
export class LedgerVerification {
  @Field({ description: 'True when every checked chain verifies from the first event to the head kept on the case' })
  ok: boolean;

  @Field(() => Int, { description: 'Cases whose ledgers were checked' })
  casesChecked: number;

  @Field(() => Int, { description: 'Ledger events checked, all cases together' })
  eventsChecked: number;

  @Field(() => LedgerBreak, { nullable: true, description: 'The first broken link, if any' })
  firstBreak: LedgerBreak | null;
}

@Resolver()
export class LedgerResolver {
  @Query(() => LedgerVerification, {
    nullable: true,
    description: 'Re-check the ledger hash chain of one case you can see (null if you cannot): staff for the cases of their subtree, members for their own named cases. Admins may leave the id out to check every case. Reports the first broken link',
  })
  @Access('member', 'staff', 'admin')
  async verifyLedger(@Ctx() ctx: SubgraphContext, @Arg('caseId', () => ID, { nullable: true, description: 'The case to check; admins may leave it out to check every case' }) caseId?: string): Promise<LedgerReport | null> {
    if (caseId) {
      const c = await caseById(ctx).load(caseId);
      return c && verifyLedger(unscoped(ctx, 'the hash chain of a case the caller was just shown'), { caseIds: [c.id] });
    }
    if (ctx.caller.role !== 'admin') throw new DomainError(ErrorCode.FORBIDDEN, 'Checking the whole ledger is for admins; pass the caseId of a case you handle.');
    return verifyLedger(unscoped(ctx, 'admin: the whole ledger'));
  }
}

export const ledgerResolvers = [LedgerResolver] as const;
