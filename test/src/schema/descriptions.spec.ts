import { composeServices } from '@apollo/composition';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
  parse,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { PAGE_SIZE } from '@lianxin/subgraph';
import { generateSchemas } from './generate';

const described = (description: string | null | undefined): boolean => !!description && description.trim().length > 0;

/**
 * Every element a client developer sees and that lacks a description, as a coordinate:
 * `Type`, `Type.field`, `Type.field(arg:)`, `Input.field`, `Enum.VALUE`. Built-in scalars and
 * introspection types are the spec's own; federation, join and link internals and
 * @inaccessible elements are not in the API schema at all.
 */
export function undescribedElements(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  const types = Object.values(schema.getTypeMap()) as GraphQLNamedType[];
  for (const type of types) {
    if (isIntrospectionType(type) || isSpecifiedScalarType(type)) continue;
    if (!described(type.description)) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) {
          if (!described(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name}:)`);
        }
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!described(value.description)) missing.push(`${type.name}.${value.name}`);
      }
    }
  }
  return missing.sort();
}

describe('the API schema documents itself', () => {
  let api: GraphQLSchema;
  beforeAll(async () => {
    const { subgraphs } = await generateSchemas();
    const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
    if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
    api = result.schema.toAPISchema().toGraphQLJSSchema();
  });

  test('the API schema holds no federation, join or link internals to describe', () => {
    const internal = Object.keys(api.getTypeMap()).filter((name) => /^(_|join__|link__|federation__)/.test(name) && !name.startsWith('__'));
    expect(internal).toEqual([]);
    expect(api.getQueryType()?.getFields()._entities).toBeUndefined();
  });

  test('every type, field, argument, input field and enum value has a description', () => {
    expect(undescribedElements(api)).toEqual([]);
  });

  test('every list pages by the one policy: first and after as PageArgs declares them, nowhere else', () => {
    // Each argument of every paged field, as the client sees it; one policy leaves one shape of each.
    const shapes = { first: new Map<string, string[]>(), after: new Map<string, string[]>() };
    for (const type of Object.values(api.getTypeMap())) {
      if (!isObjectType(type) || isIntrospectionType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (!field.args.some((a) => a.name === 'first' || a.name === 'after')) continue;
        for (const name of ['first', 'after'] as const) {
          const arg = field.args.find((a) => a.name === name);
          const shape = arg ? `${String(arg.type)} = ${JSON.stringify(arg.defaultValue)}: ${arg.description}` : 'missing';
          shapes[name].set(shape, [...(shapes[name].get(shape) ?? []), `${type.name}.${field.name}`]);
        }
      }
    }
    // On a failure the odd shape comes out with the fields that have it.
    expect(Object.fromEntries(shapes.first)).toEqual({
      [`Int! = ${PAGE_SIZE.default}: Page size, 1-${PAGE_SIZE.max} (default ${PAGE_SIZE.default}); anything else is BAD_USER_INPUT, never clamped`]: expect.any(Array),
    });
    expect(Object.fromEntries(shapes.after)).toEqual({
      'String = undefined: pageInfo.endCursor of the previous page, unchanged (none for the first page); anything else is BAD_USER_INPUT': expect.any(Array),
    });
    expect([...shapes.first.values()][0].length).toBeGreaterThan(10);
  });
});
