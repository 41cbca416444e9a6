import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { EmploymentType, HardshipTier, MembershipStatus, SchoolStage } from '@lianxin/members-client';
import { checkRules, RULES_SCHEMA, RULES_SCHEMA_PATH, storedRules } from '../eligibility.rules';

/** The rules grammar (rules.schema.json), the checker built on it, and the docs that teach it. */

const REPO = join(__dirname, '../../../../..');

/** One of each rule type, as a client would write it. */
const EVERY_TYPE = [
  { type: 'membership', status: ['ACTIVE', 'RETAINED'] },
  { type: 'employmentType', anyOf: ['COURIER'] },
  { type: 'hardship', tiers: ['DEEP'] },
  { type: 'modelWorker' },
  { type: 'child', minAge: 6, maxAge: 18, stages: ['PRIMARY'] },
  { type: 'perMemberLimit', count: 1, period: 'MONTH' },
  { type: 'quota' },
  { type: 'notAidedBy', kinds: ['MODEL_WORKER_AID'], withinDays: 365 },
];

/** The message of the error a rules document is refused with. */
function refusal(doc: unknown): { message: string; code?: string; field?: string } {
  try {
    checkRules(doc);
  } catch (err) {
    const e = err as { message: string; extensions?: { code?: string; field?: string } };
    return { message: e.message, code: e.extensions?.code, field: e.extensions?.field };
  }
  throw new Error(`expected ${JSON.stringify(doc)} to be refused`);
}

describe('rules.schema.json', () => {
  it('is a valid draft 2020-12 schema that compiles in strict mode', () => {
    const strict = new Ajv2020({ strict: true });
    expect(strict.validateSchema(RULES_SCHEMA)).toBe(true);
    expect(() => strict.compile(RULES_SCHEMA)).not.toThrow();
    expect(RULES_SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('is the file the SDL and the docs point at', () => {
    expect(JSON.parse(readFileSync(join(REPO, RULES_SCHEMA_PATH), 'utf8'))).toEqual(RULES_SCHEMA);
    expect(readFileSync(join(REPO, 'docs/rules.md'), 'utf8')).toContain(RULES_SCHEMA_PATH);
  });

  it("speaks the members vocabularies, word for word (the schema is read by people, so it spells them out)", () => {
    const words = (def: string, prop: string): unknown => (RULES_SCHEMA.$defs as unknown as Record<string, { properties: Record<string, { items: { enum: string[] } }> }>)[def].properties[prop].items.enum;
    expect(words('membership', 'status')).toEqual(Object.values(MembershipStatus));
    expect(words('employmentType', 'anyOf')).toEqual(Object.values(EmploymentType));
    expect(words('hardship', 'tiers')).toEqual(Object.values(HardshipTier));
    expect(words('child', 'stages')).toEqual(Object.values(SchoolStage));
  });

  it('names exactly the rule types the checker knows, each with its own definition', () => {
    const types = RULES_SCHEMA.$defs.rule.properties.type.enum;
    expect(types).toEqual(EVERY_TYPE.map((r) => r.type));
    for (const t of types) expect(RULES_SCHEMA.$defs).toHaveProperty(t);
  });
});

describe('checkRules', () => {
  it.each(EVERY_TYPE.map((r) => [r.type, r]))('accepts a %s rule', (_type, rule) => {
    expect(checkRules({ requires: [rule] }).requires).toHaveLength(1);
  });

  it('accepts every type together and an empty list, and fills in per: MEMBER', () => {
    const rules = checkRules({ requires: EVERY_TYPE });
    expect(rules.requires.map((r) => r.type)).toEqual(EVERY_TYPE.map((r) => r.type));
    expect(rules.requires[5]).toEqual({ type: 'perMemberLimit', count: 1, period: 'MONTH', per: 'MEMBER' });
    expect(checkRules({ requires: [] })).toEqual({ requires: [] });
  });

  it('leaves the document it was given as it was', () => {
    const doc = { requires: [{ type: 'perMemberLimit', count: 2, period: 'YEAR' }] };
    checkRules(doc);
    expect(doc).toEqual({ requires: [{ type: 'perMemberLimit', count: 2, period: 'YEAR' }] });
  });

  it.each<[string, unknown, string]>([
    ['not an object', 'not json', 'rules: must be an object { … } (got "not json")'],
    ['no requires list', {}, 'rules.requires: is missing (the rules, all of which must hold; an empty list means any ACTIVE member in the programme\'s area qualifies); add it'],
    ['requires not a list', { requires: 3 }, 'rules.requires: must be a list [ … ] (got 3)'],
    ['an unknown top-level property', { requires: [], rule: [] }, 'rules.rule: is not a property of a rules document; it takes "requires" only'],
    ['an unknown rule type', { requires: [{ type: 'quota' }, { type: 'vip' }] }, 'rules.requires[1].type: "vip" is not a rule type; use one of "membership", "employmentType", "hardship", "modelWorker", "child", "perMemberLimit", "quota", "notAidedBy" (docs/rules.md explains each)'],
    ['a rule without a type', { requires: [{ status: ['ACTIVE'] }] }, 'rules.requires[0].type: is missing (the kind of rule); add it'],
    ['a rule that is not an object', { requires: ['quota'] }, 'rules.requires[0]: must be an object { … } (got "quota")'],
    ['an unknown status', { requires: [{ type: 'membership', status: ['ACTIVE', 'GOLD'] }] }, 'rules.requires[0].status[1]: "GOLD" is not allowed; use one of "ACTIVE", "RETAINED", "TRANSFERRING", "LEFT"'],
    ['an empty status list', { requires: [{ type: 'membership', status: [] }] }, 'rules.requires[0].status: must list at least 1 value(s)'],
    ['a missing property', { requires: [{ type: 'hardship' }] }, 'rules.requires[0].tiers: is missing (the hardship tiers that qualify); add it'],
    ['a misspelt property', { requires: [{ type: 'child', minage: 6 }] }, 'rules.requires[0].minage: is not a property of a child rule; it takes "type", "minAge", "maxAge", "stages" only'],
    ['a string for a number', { requires: [{ type: 'quota' }, { type: 'child', minAge: '6' }] }, 'rules.requires[1].minAge: must be a whole number from 0 to 30 (got "6")'],
    ['a fraction', { requires: [{ type: 'perMemberLimit', count: 1.5, period: 'MONTH' }] }, 'rules.requires[0].count: must be a whole number from 1 to 1000 (got 1.5)'],
    ['a zero limit', { requires: [{ type: 'perMemberLimit', count: 0, period: 'MONTH' }] }, 'rules.requires[0].count: must be a whole number from 1 to 1000 (got 0)'],
    ['an unknown period', { requires: [{ type: 'perMemberLimit', count: 1, period: 'WEEK' }] }, 'rules.requires[0].period: "WEEK" is not allowed; use one of "MONTH", "YEAR", "PROGRAMME"'],
    ['a notAidedBy with nothing to exclude', { requires: [{ type: 'notAidedBy', withinDays: 30 }] }, 'rules.requires[0]: needs at least one of "kinds", "programmeIds"'],
    ['an unknown programme kind', { requires: [{ type: 'notAidedBy', kinds: ['CINEMA'], withinDays: 30 }] }, 'rules.requires[0].kinds[0]: "CINEMA" is not allowed; use one of "CINEMA_VOUCHER", "SWIMMING_VOUCHER", "GYM_VOUCHER", "CARE_VISIT", "GIFT_BATCH", "EDUCATION_AID", "MODEL_WORKER_AID", "HEALTH_CHECK", "SANATORIUM", "FREE_CLASS"'],
    ['a programme id that is not one', { requires: [{ type: 'notAidedBy', programmeIds: ['abc'], withinDays: 30 }] }, 'rules.requires[0].programmeIds[0]: must be a programme id (a 26-character ULID) (got "abc")'],
    ['too many rules', { requires: Array.from({ length: 21 }, () => ({ type: 'quota' })) }, 'rules.requires: must list at most 20 value(s) (got 21); split the programme or merge rules'],
    // What the schema cannot say:
    ['minAge above maxAge', { requires: [{ type: 'child', minAge: 9, maxAge: 6 }] }, 'rules.requires[0].minAge: 9 is above maxAge (6); swap them'],
    ['two child rules', { requires: [{ type: 'child', minAge: 6 }, { type: 'quota' }, { type: 'child', maxAge: 18 }] }, 'rules.requires[2]: a second child rule; a programme has at most one (the first is rules.requires[0]). Merge them into one'],
    ['a per-child limit without a child rule', { requires: [{ type: 'perMemberLimit', count: 1, period: 'YEAR', per: 'CHILD' }] }, 'rules.requires[0].per: CHILD counts per child, and these rules have no child rule; add {"type": "child", …} or count per MEMBER'],
  ])('refuses %s with BAD_USER_INPUT naming the path', (_label, doc, message) => {
    const e = refusal(doc);
    expect(e).toEqual({ code: 'BAD_USER_INPUT', message, field: message.slice(0, message.indexOf(':')) });
  });

  it('refuses a document too large to store', () => {
    const doc = { requires: [{ type: 'notAidedBy', programmeIds: Array.from({ length: 800 }, () => '01JBQ3V6Z8X2N4M5P7R9S0T1W2'), withinDays: 30 }] };
    expect(refusal(doc)).toMatchObject({ code: 'BAD_USER_INPUT', message: 'rules: must be at most 20000 characters as JSON' });
  });

  it('reads stored versions, and fails loudly (not as the caller\'s fault) on one that no longer fits', () => {
    expect(storedRules(JSON.stringify(checkRules({ requires: EVERY_TYPE })), 'p@1').requires).toHaveLength(8);
    expect(() => storedRules('{"requires":[{"type":"vip"}]}', 'programme P version 2')).toThrow(/stored eligibility rules of programme P version 2 do not match the rules schema/);
    try {
      storedRules('{"requires":[{"type":"vip"}]}', 'p@2');
    } catch (err) {
      expect((err as { extensions?: unknown }).extensions).toBeUndefined();
    }
  });
});

describe('docs/rules.md', () => {
  const doc = readFileSync(join(REPO, 'docs/rules.md'), 'utf8');
  const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
  const strict = new Ajv2020({ strict: true }).compile(RULES_SCHEMA);

  it('has a worked example for every rule type', () => {
    expect(examples.length).toBeGreaterThanOrEqual(EVERY_TYPE.length);
    const used = new Set(examples.flatMap((e) => (JSON.parse(e) as { requires: { type: string }[] }).requires.map((r) => r.type)));
    expect([...used].sort()).toEqual(EVERY_TYPE.map((r) => r.type).sort());
    for (const t of EVERY_TYPE.map((r) => r.type)) expect(doc).toContain(`### \`${t}\``);
  });

  it.each(examples.map((e, i) => [i + 1, e]))('example %i validates against the schema and is accepted', (_i, example) => {
    const parsed: unknown = JSON.parse(example as string);
    expect(strict(parsed) ? [] : strict.errors).toEqual([]);
    expect(() => checkRules(parsed)).not.toThrow();
  });
});
