import { isObjectType, parse, type GraphQLFieldResolver, type GraphQLObjectType, type GraphQLResolveInfo, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { buildSchema, createResolversMap, getMetadataStorage, type NonEmptyArray } from 'type-graphql';
import { authChecker } from './access';
import type { SubgraphContext } from './context';
import { guardIdAndCodeArguments, hasMalformedId } from './input-guard';
import { lean } from './lean';

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
  callResolversDirectly(schema, def.resolvers);
  return { name: def.name, schema, sdl };
}

type Resolve = GraphQLFieldResolver<unknown, unknown>;
// type-graphql's own metadata types classes as Function.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type Class = Function;
type ObjectClassMetadata = ReturnType<typeof getMetadataStorage>['objectTypes'][number];

/** A resolver class's object type; type-graphql throws for one declared without (`@Resolver()`). */
function objectTypeOf(r: { getObjectType?: () => unknown }): unknown {
  try {
    return r.getObjectType?.();
  } catch {
    return undefined;
  }
}

/**
 * The object type classes this subgraph's schema was built from, by GraphQL name. Several
 * services loaded in one process (the e2e graph) each declare an `Org` or a `Member`; a name
 * declared twice counts only for the class one of this subgraph's resolvers is for.
 */
function classesOf(schema: GraphQLSchema, resolvers: readonly Class[]): Map<string, ObjectClassMetadata> {
  const storage = getMetadataStorage();
  const ours = new Set(storage.resolverClasses.filter((r) => resolvers.includes(r.target)).map(objectTypeOf));
  const byName = new Map<string, ObjectClassMetadata[]>();
  for (const o of storage.objectTypes) byName.set(o.name, [...(byName.get(o.name) ?? []), o]);
  const classes = new Map<string, ObjectClassMetadata>();
  for (const [name, candidates] of byName) {
    if (!isObjectType(schema.getType(name))) continue;
    const pick = candidates.length === 1 ? candidates[0] : candidates.find((c) => ours.has(c.target));
    if (pick) classes.set(name, pick);
  }
  return classes;
}

/**
 * type-graphql runs every object field through a wrapper that builds a middleware context
 * for a property read, and every field resolver through one that asks its container for the
 * resolver instance, sorts the parameter list and converts the parent object, on each call:
 * on a page of 50 rows that is hundreds of calls per request. While `lean.on`:
 *
 * - a plain field (no resolver method, arguments, roles or middleware) is the property read;
 * - a field resolver with no roles or middleware whose parameters are only `@Root()`,
 *   `@Ctx()` and `@Info()` is called directly, when its parent already is the class `@Root()`
 *   asks for (otherwise type-graphql's wrapper converts it, as before).
 *
 * Anything with arguments or a rule attached keeps type-graphql's wrapper.
 */
function callResolversDirectly(schema: GraphQLSchema, resolvers: readonly Class[]): void {
  const storage = getMetadataStorage();
  const classes = classesOf(schema, resolvers);
  const byClass = new Map([...classes.values()].map((c) => [c.target, c]));
  for (const [name, meta] of classes) {
    const fields = (schema.getType(name) as GraphQLObjectType).getFields();
    for (const f of meta.fields ?? []) {
      const field = fields[f.schemaName];
      if (!field?.resolve || field.args.length > 0 || f.params?.length || f.roles?.length || f.middlewares?.length) continue;
      if (storage.fieldResolvers.some((r) => r.methodName === f.name && objectTypeOf(r) === meta.target)) continue;
      const stock: Resolve = field.resolve;
      const property = f.name;
      field.resolve = (root, args, ctx, info) => (lean.on ? (root as Record<string, unknown>)[property] : stock(root, args, ctx, info));
    }
  }
  for (const r of storage.fieldResolvers) {
    if (r.kind !== 'external' || !resolvers.includes(r.target) || r.roles?.length || r.middlewares?.length) continue;
    const meta = byClass.get(objectTypeOf(r) as Class);
    const field = meta && (schema.getType(meta.name) as GraphQLObjectType).getFields()[r.schemaName];
    if (!field?.resolve) continue;
    const params = [...(r.params ?? [])].sort((a, b) => a.index - b.index);
    if (params.some((p) => !['root', 'context', 'info'].includes(p.kind) || ('propertyName' in p && p.propertyName))) continue;
    const rootTypes = params.flatMap((p) => (p.kind === 'root' && p.getType ? [p.getType()] : []));
    const stock: Resolve = field.resolve;
    const method = r.methodName;
    const Target = r.target as new () => Record<string, (...a: unknown[]) => unknown>;
    let instance: Record<string, (...a: unknown[]) => unknown> | undefined;
    field.resolve = (root: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => {
      // A parent of another class is converted by type-graphql (a copy into the declared class).
      if (!lean.on || rootTypes.some((T) => typeof T === 'function' && T !== Object && !(root instanceof (T as Class)))) return stock(root, args, ctx, info);
      instance ??= new Target();
      return instance[method](...params.map((p) => (p.kind === 'root' ? root : p.kind === 'context' ? ctx : info)));
    };
  }
}
