import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { badInput } from '@lianxin/subgraph';
import RULES_SCHEMA from './rules.schema.json';

/**
 * Eligibility rules are data: a programme's rules are a JSON document of requirements,
 * versioned, evaluated by one engine (eligibility.engine.ts). Adding a programme never
 * means adding code; adding a *kind of requirement* means adding it to rules.schema.json
 * (the published grammar), to this type, to the engine and to docs/rules.md.
 */
export type Rule =
  /** Which membership statuses qualify; without this rule, only ACTIVE members do. */
  | { type: 'membership'; status: string[] }
  | { type: 'employmentType'; anyOf: string[] }
  | { type: 'hardship'; tiers: string[] }
  | { type: 'modelWorker' }
  | { type: 'child'; minAge?: number; maxAge?: number; stages?: string[] }
  | { type: 'perMemberLimit'; count: number; period: 'MONTH' | 'YEAR' | 'PROGRAMME'; per: 'MEMBER' | 'CHILD' }
  | { type: 'quota' }
  | { type: 'notAidedBy'; kinds?: string[]; programmeIds?: string[]; withinDays: number };

export interface RuleSet {
  requires: Rule[];
}

/** Where client developers find the grammar; named in the SDL and in error messages. */
export const RULES_SCHEMA_PATH = 'services/benefits/src/rules/rules.schema.json';

/** The rules' JSON Schema (draft 2020-12), as published. */
export { RULES_SCHEMA };

/** Longest rules document accepted, in characters of its JSON. */
export const RULES_MAX_CHARS = 20_000;

/** Rules that reveal hardship or aid: a programme using one is sensitive (never shown to partners). */
export const SENSITIVE_RULES: readonly Rule['type'][] = ['hardship', 'notAidedBy'];

// verbose: errors carry the failing value and its schema, so messages can say what was sent
// and what is allowed. useDefaults fills `per` from the schema's default.
const ajv = new Ajv2020({ allErrors: false, verbose: true, useDefaults: true });
const validate = ajv.compile<RuleSet>(RULES_SCHEMA);

/**
 * Checks a rules document against rules.schema.json, then what a schema cannot say. Every
 * problem is BAD_USER_INPUT naming the JSON path (`rules.requires[1].minAge`) and what to
 * write instead. Returns a copy with defaults filled in; the argument is left as it was.
 */
export function checkRules(doc: unknown): RuleSet {
  let text: string | undefined;
  try {
    text = JSON.stringify(doc);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw badInput('rules', 'must be a JSON object: {"requires": [ … ]}');
  if (text.length > RULES_MAX_CHARS) throw badInput('rules', `must be at most ${RULES_MAX_CHARS} characters as JSON`);
  const copy: unknown = JSON.parse(text);
  if (!validate(copy)) throw schemaError(validate.errors ?? []);
  checkMeaning(copy);
  return copy;
}

/**
 * Rules as stored (a JSON string per version, written by checkRules). Stored versions never
 * change, and a version that no longer reads is a fault of ours, not of the caller: it
 * fails as an internal error rather than letting anyone qualify under rules nobody can read.
 */
export function storedRules(text: string, where: string): RuleSet {
  try {
    return checkRules(JSON.parse(text));
  } catch (err) {
    throw new Error(`stored eligibility rules of ${where} do not match the rules schema: ${(err as Error).message}`);
  }
}

/** What a schema cannot express: relations between rules and between a rule's fields. */
function checkMeaning(rules: RuleSet): void {
  const children = rules.requires.flatMap((r, i) => (r.type === 'child' ? [i] : []));
  if (children.length > 1) {
    throw badInput(`rules.requires[${children[1]}]`, `a second child rule; a programme has at most one (the first is rules.requires[${children[0]}]). Merge them into one`);
  }
  rules.requires.forEach((r, i) => {
    if (r.type === 'child' && r.minAge !== undefined && r.maxAge !== undefined && r.minAge > r.maxAge) {
      throw badInput(`rules.requires[${i}].minAge`, `${r.minAge} is above maxAge (${r.maxAge}); swap them`);
    }
    if (r.type === 'perMemberLimit' && r.per === 'CHILD' && children.length === 0) {
      throw badInput(`rules.requires[${i}].per`, 'CHILD counts per child, and these rules have no child rule; add {"type": "child", …} or count per MEMBER');
    }
  });
}

/** `/requires/1/minAge` → `rules.requires[1].minAge` */
function pathOf(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1);
  if (extra !== undefined) parts.push(extra);
  return parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : `${path}.${p.replace(/~1/g, '/').replace(/~0/g, '~')}`), 'rules');
}

const quoteList = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');
const got = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
};

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list [ … ]',
  object: 'an object { … }',
};

interface SchemaNode {
  type?: string;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, SchemaNode>;
  title?: string;
  description?: string;
}

/** The one error worth reporting, in plain words. */
function schemaError(errors: ErrorObject[]) {
  // `if` errors only say which branch applied; the `then` error before them is the real one.
  const real = errors.filter((e) => e.keyword !== 'if');
  const e = real.find((x) => x.keyword === 'anyOf') ?? real[0];
  if (!e) return badInput('rules', `do not match the rules schema (${RULES_SCHEMA_PATH})`);
  const path = pathOf(e.instancePath);
  const parent = (e.parentSchema ?? {}) as SchemaNode;
  const range = (): string => {
    const whole = parent.type === 'integer' ? 'a whole number' : 'a number';
    if (parent.minimum !== undefined && parent.maximum !== undefined) return `${whole} from ${parent.minimum} to ${parent.maximum}`;
    if (parent.minimum !== undefined) return `${whole} of at least ${parent.minimum}`;
    return `${whole} of at most ${parent.maximum}`;
  };
  switch (e.keyword) {
    case 'type':
      if (parent.minimum !== undefined || parent.maximum !== undefined) return badInput(path, `must be ${range()} (got ${got(e.data)})`);
      return badInput(path, `must be ${TYPE_WORDS[String(e.params.type)] ?? e.params.type} (got ${got(e.data)})`);
    case 'minimum':
    case 'maximum':
      return badInput(path, `must be ${range()} (got ${got(e.data)})`);
    case 'enum': {
      const allowed = e.params.allowedValues as unknown[];
      if (path.endsWith('.type')) {
        return badInput(path, `${got(e.data)} is not a rule type; use one of ${quoteList(allowed)} (docs/rules.md explains each)`);
      }
      return badInput(path, `${got(e.data)} is not allowed; use one of ${quoteList(allowed)}`);
    }
    case 'required': {
      const missing = String(e.params.missingProperty);
      const what = parent.properties?.[missing]?.description?.replace(/\.$/, '');
      return badInput(pathOf(e.instancePath, missing), `is missing${what ? ` (${what.charAt(0).toLowerCase()}${what.slice(1)})` : ''}; add it`);
    }
    case 'additionalProperties': {
      const known = Object.keys(parent.properties ?? {});
      const kind = e.instancePath === '' ? 'a rules document' : parent.title ? `a ${parent.title} rule` : 'this object';
      return badInput(pathOf(e.instancePath, String(e.params.additionalProperty)), `is not a property of ${kind}; it takes ${quoteList(known)} only`);
    }
    case 'anyOf': {
      // Every anyOf in the grammar is "at least one of these properties".
      const options = real.filter((x) => x.keyword === 'required' && x.instancePath === e.instancePath).map((x) => String(x.params.missingProperty));
      return badInput(path, `needs at least one of ${quoteList(options)}`);
    }
    case 'minItems':
      return badInput(path, `must list at least ${e.params.limit} value(s)`);
    case 'maxItems':
      return badInput(path, `must list at most ${e.params.limit} value(s) (got ${(e.data as unknown[]).length}); split the programme or merge rules`);
    case 'pattern':
      return badInput(path, `must be ${parent.description ?? `a string matching ${e.params.pattern}`} (got ${got(e.data)})`);
    case 'const':
      return badInput(path, `must be ${got(e.params.allowedValue)}`);
    default:
      return badInput(path, `${e.message ?? 'does not match the rules schema'} (see ${RULES_SCHEMA_PATH})`);
  }
}
