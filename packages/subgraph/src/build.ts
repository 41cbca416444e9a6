import { parse, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './access';
import type { SubgraphContext } from './context';

/** Federation 2 directives our subgraphs may use. */
const FEDERATION_LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible"])';

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
  const sdl = `${FEDERATION_LINK}\n\n${printSchemaWithDirectives(tgSchema)}\n`;
  const resolvers = createResolversMap(tgSchema) as GraphQLResolverMap<SubgraphContext>;
  for (const [typeName, refs] of Object.entries(def.references ?? {})) {
    resolvers[typeName] = { ...(resolvers[typeName] as object), ...(refs as object) } as never;
  }
  const schema = buildSubgraphSchema({ typeDefs: parse(sdl), resolvers: resolvers as never });
  return { name: def.name, schema, sdl };
}
