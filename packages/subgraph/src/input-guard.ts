import {
  defaultFieldResolver,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { isId } from '@lianxin/auth';
import { badInput, DomainError, ErrorCode } from './errors';

/**
 * Ids and codes are checked at the edge of the subgraph, before any resolver runs a query.
 *
 * Ids and codes are stored as ASCII with a binary collation on MariaDB. A string of
 * full-width digits or an emoji compared with such a column is not "no row": MariaDB
 * refuses the statement ("Illegal mix of collations"), which surfaced as an internal error.
 * So every argument typed `ID` must be an id as this API hands them out (a ULID), and every
 * string argument that carries a code must be printable ASCII of a bounded length. The
 * services keep their finer grammars (an org code looks like LJ-03-07-0042); this check only
 * guarantees that what reaches them is safe to compare.
 *
 * The check wraps only the fields that take such arguments, so other fields pay nothing,
 * and it fails the one field: the rest of the answer survives.
 */

/** String arguments (and input fields) that carry a code, a QR payload or a key. */
export const CODE_ARGUMENTS: ReadonlySet<string> = new Set(['code', 'joinCode', 'memberQr', 'idempotencyKey']);
const CODE_MAX = 256;
// Spaces pass: a pasted code with spaces around it is for the service to trim or explain.
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** What a rejected value looked like, short and with control characters escaped. */
function shown(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

function problem(name: string, type: GraphQLInputType, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const inner = getNullableType(type);
  if (isListType(inner)) {
    if (!Array.isArray(value)) return problem(name, inner.ofType, value);
    for (const item of value) {
      const p = problem(name, inner.ofType, item);
      if (p) return p;
    }
    return undefined;
  }
  if (isInputObjectType(inner)) {
    const fields = inner.getFields();
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      const p = field && problem(`${name}.${key}`, field.type, v);
      if (p) return p;
    }
    return undefined;
  }
  const leaf = getNamedType(inner).name;
  const key = name.slice(name.lastIndexOf('.') + 1);
  if (leaf === 'ID' && typeof value === 'string' && !isId(value)) {
    return `${name}: ${shown(value)} is not an id. Ids are the 26-character codes this API returns (e.g. 01KAXB3ZJ4N5P6Q7R8S9T0V1C1); copy one from an earlier answer.`;
  }
  if (leaf === 'String' && CODE_ARGUMENTS.has(key) && typeof value === 'string' && (value.length > CODE_MAX || !PRINTABLE_ASCII.test(value))) {
    return `${name}: ${shown(value)} is not a valid ${key}. It is up to ${CODE_MAX} plain ASCII letters, digits and signs; check it was copied or scanned in full.`;
  }
  return undefined;
}

/** Whether any argument of the field, at any depth of its input types, is an id or a code. */
function needsGuard(args: readonly GraphQLArgument[]): boolean {
  const seen = new Set<string>();
  const carries = (name: string, type: GraphQLInputType): boolean => {
    const named = getNamedType(type);
    if (named.name === 'ID') return true;
    if (named.name === 'String') return CODE_ARGUMENTS.has(name);
    if (!isInputObjectType(named) || seen.has(named.name)) return false;
    seen.add(named.name);
    return Object.values(named.getFields()).some((f) => carries(f.name, f.type));
  };
  return args.some((a) => carries(a.name, a.type));
}

/** The first malformed id or code among the field's (already coerced) arguments. */
export function argumentProblem(args: readonly GraphQLArgument[], values: Record<string, unknown>): string | undefined {
  for (const arg of args) {
    const p = problem(arg.name, arg.type, values[arg.name]);
    if (p) return p;
  }
  return undefined;
}

/** Wraps, in place, every field of the schema that takes an id or a code with the check above. */
export function guardIdAndCodeArguments(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0 || !needsGuard(field.args)) continue;
      const resolve: GraphQLFieldResolver<unknown, unknown> = field.resolve ?? defaultFieldResolver;
      const args = field.args;
      field.resolve = (source, values, ctx, info) => {
        const p = argumentProblem(args, values);
        if (p) throw new DomainError(ErrorCode.BAD_USER_INPUT, p, { field: p.slice(0, p.indexOf(':')) });
        return resolve(source, values, ctx, info);
      };
    }
  }
}

/**
 * A representation whose id is not an id names no entity: it resolves to null without a
 * query, as a well-formed unknown id would after one.
 */
export function hasMalformedId(ref: unknown): boolean {
  const id = (ref as { id?: unknown } | null)?.id;
  return typeof id !== 'string' || !isId(id);
}

/** YYYY-MM-DD with a real month and a day of 01-31: for @Matches on input types; calendarDay() also rejects 2026-02-30. */
export const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Free text a person typed: trimmed, not blank, at most `max` characters. */
export function requiredText(field: string, value: string | null | undefined, max: number): string {
  const trimmed = (value ?? '').trim();
  if (!trimmed) throw badInput(field, 'must not be blank');
  if (trimmed.length > max) throw badInput(field, `must be at most ${max} characters`);
  return trimmed;
}

/** A calendar day written YYYY-MM-DD that exists (no 2026-02-30). */
export function calendarDay(field: string, value: string | null | undefined): string {
  const real = !!value && DAY_PATTERN.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!real) throw badInput(field, `${JSON.stringify(value)} is not a calendar date; write it YYYY-MM-DD`);
  return value;
}
