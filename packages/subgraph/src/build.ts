import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './access';
import type { SubgraphContext } from './context';
import { guardIdAndCodeArguments, hasMalformedId } from './input-guard';

/** Federation 2 directives our subgraphs may use. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

/** The same in every subgraph, so composition keeps them as they are. */
const ROOT_DESCRIPTIONS = {
  Query:
    'Reads. Each answers only with what the caller\'s place in the union hierarchy allows; a row outside that scope reads as null, exactly like a missing one',
  Mutation:
    'Changes. Each runs in one transaction and fails with a stable extensions.code (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, CONFLICT, INVALID_STATE, …); an unseen row is NOT_FOUND',
} as const;

export interface SubgraphDefinition {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  /** `{ Org: { __resolveReference } }` — each from its module's *.reference.ts. */
  references?: GraphQLResolverMap<SubgraphContext>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
}

export interface BuiltSubgraph {
  name: string;
  schema: GraphQLSchema;
  /** The subgraph SDL as committed in services/<name>/schema.graphql. */
  sdl: string;
}

/**
 * The one way to turn type-graphql resolvers into a Federation 2 subgraph: build the
 * type-graphql schema, print it with its directives (@key lives there), add the @link
 * header, and hand it to buildSubgraphSchema together with the type-graphql resolvers
 * and the reference resolvers.
 */
export async function buildSubgraph(def: SubgraphDefinition): Promise<BuiltSubgraph> {
  const tgSchema = await buildSchema({
    resolvers: def.resolvers,
    orphanedTypes: def.orphanedTypes,
    authChecker,
    authMode: 'error',
    validate: { forbidUnknownValues: false },
    // buildSubgraphSchema validates the final schema; type-graphql's check would reject
    // the federation directives it does not know.
    skipCheck: true,
  });
  // type-graphql has no option for describing the root types themselves.
  const query = tgSchema.getQueryType();
  if (query) query.description = ROOT_DESCRIPTIONS.Query;
  const mutation = tgSchema.getMutationType();
  if (mutation) mutation.description = ROOT_DESCRIPTIONS.Mutation;
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(tgSchema)}\n`;
  const resolvers = createResolversMap(tgSchema) as GraphQLResolverMap<SubgraphContext>;
  for (const [typeName, refs] of Object.entries(def.references ?? {})) {
    const { __resolveReference: resolveReference, ...rest } = refs as { __resolveReference?: (ref: unknown, ctx: SubgraphContext, info: unknown) => unknown };
    resolvers[typeName] = {
      ...(resolvers[typeName] as object),
      ...rest,
      // An entity key that is not an id (an emoji, 10,000 characters) never reaches a loader.
      ...(resolveReference && {
        __resolveReference: (ref: unknown, ctx: SubgraphContext, info: unknown) => (hasMalformedId(ref) ? null : resolveReference(ref, ctx, info)),
      }),
    } as never;
  }
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never });
  guardIdAndCodeArguments(schema);
  return { name: def.name, schema, sdl };
}
