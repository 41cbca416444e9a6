import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';
import { isId } from '@lianxin/auth';
import { badInput, DomainError, ErrorCode, requireOrgs, System, unscoped, type SubgraphContext } from '@lianxin/subgraph';
import { applyFigureEvent } from './apply';
import { parseFigureEvent } from './figure.event';

/** What a city's dispatcher calls on its province; system token only, hidden from clients. */
@Resolver()
export class RollupResolver {
  @Mutation(() => Boolean, {
    nullable: true,
    description: 'Internal: apply a city\'s figure event (`payload`, JSON) to this roll-up (CASES_ROLE=province), once per `key` (the city\'s outbox key); false when it had been applied before',
  })
  @Directive('@inaccessible')
  @System()
  async _applyFigureEvent(
    @Ctx() ctx: SubgraphContext,
    // No argument descriptions: the field stays on one line of the supergraph, where the matrix coverage reads @inaccessible.
    @Arg('key') key: string,
    @Arg('payload') payload: string,
  ): Promise<boolean> {
    if (ctx.services?.rollupRole !== 'province') {
      throw new DomainError(ErrorCode.FORBIDDEN, 'This cases deployment is a city, not a roll-up: point ROLLUP_URL at a province started with CASES_ROLE=province.');
    }
    if (!isId(key)) throw badInput('key', 'must be the outbox key the city sent (an id)');
    const event = parseFigureEvent(payload);
    // Where the city sits is the province's own tree's word: a city deployment may know no
    // province above it (its paths start at the city), and a province counts its cities by
    // the paths it holds. A city the province does not hold is refused, and retried by the city.
    const city = (await requireOrgs(ctx).orgs([event.city.id])).get(event.city.id);
    if (!city) {
      throw new DomainError(ErrorCode.NOT_FOUND, `This roll-up's org tree has no org ${event.city.id} (the city's events wait in its outbox): add the city to the province's tree.`);
    }
    return applyFigureEvent(unscoped(ctx, 'system: a city reports its figures to the province roll-up'), key, event, city.path);
  }
}
