import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Internal: one change of benefits\' change feed' })
export class BenefitsChange {
  @Field(() => Int, { description: 'Its place in the feed, from 1 up' })
  seq: number;

  @Field(() => String, { description: 'KEY (a key issued or revoked), PARTNER (deactivated or reactivated), BINDING, PROGRAMME or PROGRAMMES' })
  kind: string;

  @Field({ description: 'The key hash (KEY), partner id (PARTNER, BINDING), programme id (PROGRAMME) or org id (PROGRAMMES)' })
  subject: string;
}

@ObjectType({ description: 'Internal: benefits\' changes after a point, for the gateways\' API-key caches' })
export class BenefitsChanges {
  @Field(() => Int, { description: 'Ask after this next time' })
  head: number;

  @Field(() => [BenefitsChange], { description: 'What changed after the point asked for, oldest first' })
  changes: BenefitsChange[];

  @Field({ description: 'Too much changed to list, or the feed was reset: drop everything cached' })
  overflow: boolean;
}
