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
});
