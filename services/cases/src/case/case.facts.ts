import { Arg, Ctx, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { In } from 'typeorm';
import { System, unscoped, type SubgraphContext } from '@lianxin/subgraph';
import { CaseRow } from '../casefile/case.entity';
import { CaseKind, CaseState } from '../casefile/case.enums';

@ObjectType({ description: 'Internal: what the benefits subgraph checks before opening an aid application from a case. Never exposed to clients' })
export class CaseFacts {
  @Field(() => ID, { description: 'The case\'s id' })
  id: string;

  @Field({ description: 'Its number, for messages' })
  number: string;

  @Field(() => CaseKind, { description: 'Its kind: only education-aid and hardship-aid cases open aid applications' })
  kind: CaseKind;

  @Field(() => CaseState, { description: 'Its state now' })
  state: CaseState;

  @Field(() => ID, { nullable: true, description: 'The member it is for; null for anonymous cases and non-members' })
  memberId: string | null;

  @Field({ description: 'Path of the org it was raised at' })
  raisedPath: string;

  @Field(() => ID, { description: 'The org handling it now' })
  handlingOrgId: string;

  @Field({ description: 'Path of the org handling it now' })
  handlingPath: string;

  @Field(() => ID, { nullable: true, description: 'The org a missed deadline escalated it to, which handles it too' })
  escalatedToOrgId: string | null;
}

@Resolver()
export class CaseFactsResolver {
  @Query(() => [CaseFacts], { description: 'For the benefits subgraph: the facts of the given cases (missing ids are left out)' })
  @Directive('@inaccessible')
  @System()
  async _caseFacts(@Ctx() ctx: SubgraphContext, @Arg('ids', () => [ID]) ids: string[]): Promise<CaseFacts[]> {
    const unique = [...new Set(ids)].slice(0, 100);
    if (unique.length === 0) return [];
    // Unscoped by design, like _memberFacts: benefits decides who may act on which case, and returns none of this.
    const rows = await unscoped(ctx, 'system lookup: benefits checks a case before opening aid from it')
      .getRepository(CaseRow)
      .find({ where: { id: In(unique) }, select: { id: true, number: true, kind: true, state: true, memberId: true, raisedPath: true, handlingOrgId: true, handlingPath: true, escalatedToOrgId: true } });
    return rows;
  }
}
