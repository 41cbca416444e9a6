import fs from 'node:fs';
import path from 'node:path';
import * as L from './labels';
import { CASE_ACTION, CASE_CHANNEL, CASE_KIND, CASE_STATE, CASE_STATE_COLOR, label, ORG_LEVEL, URGENCY, URGENCY_COLOR } from './labels';

/** The values of an enum in a committed subgraph SDL: the console must name every one the API can send. */
const sdl = (service: string) => fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'services', service, 'schema.graphql'), 'utf8');
const SDL = sdl('cases');
function enumValues(name: string, text = SDL): string[] {
  const body = new RegExp(`enum ${name} \\{([\\s\\S]*?)\\n\\}`).exec(text)?.[1];
  if (!body) throw new Error(`enum ${name} not in the SDL`);
  return body.replace(/"""[\s\S]*?"""|"[^"\n]*"/g, '').split(/\s+/).filter((w) => /^[A-Z][A-Z0-9_]*$/.test(w)).sort();
}

describe('labels', () => {
  test('the case states read as the union says them', () => {
    expect(label(CASE_STATE, 'REGISTERED')).toBe('已登记');
    expect(label(CASE_STATE, 'RESOLVED')).toBe('已办结待签收');
    expect(label(CASE_STATE, 'WAITING_ON_WORKER')).toBe('待职工回复');
    expect(label(CASE_KIND, 'EDUCATION_AID')).toBe('金秋助学');
    expect(label(CASE_ACTION, 'ESCALATE')).toBe('超期上报');
    expect(label(ORG_LEVEL, 'STREET')).toBe('街道乡镇工会');
    expect(label(URGENCY, 'URGENT')).toBe('紧急');
  });
  test('an unknown value prints itself (a newer API), nothing prints a dash', () => {
    expect(label(CASE_STATE, 'ARCHIVED')).toBe('ARCHIVED');
    expect(label(CASE_STATE, null)).toBe('—');
    expect(label(CASE_STATE, undefined)).toBe('—');
    expect(label(CASE_STATE, '')).toBe('—');
  });
  test('every state has a colour and every urgency one too', () => {
    expect(Object.keys(CASE_STATE_COLOR).sort()).toEqual(Object.keys(CASE_STATE).sort());
    expect(Object.keys(URGENCY_COLOR).sort()).toEqual(Object.keys(URGENCY).sort());
    expect(URGENCY_COLOR.URGENT).toBe('red');
  });
  test('every value of the API\'s case enums has a Chinese name, and no name is for a value the API lacks', () => {
    expect(Object.keys(CASE_STATE).sort()).toEqual(enumValues('CaseState'));
    expect(Object.keys(CASE_KIND).sort()).toEqual(enumValues('CaseKind'));
    expect(Object.keys(CASE_CHANNEL).sort()).toEqual(enumValues('CaseChannel'));
    expect(Object.keys(CASE_ACTION).sort()).toEqual(enumValues('CaseAction'));
    for (const text of [...Object.values(CASE_STATE), ...Object.values(CASE_KIND), ...Object.values(CASE_ACTION)]) expect(text).toMatch(/[\u4e00-\u9fff]/);
  });
  test('every value of the benefits and member-fact enums the benefits pages show has a Chinese name, and every state a colour', () => {
    const benefits = sdl('benefits');
    const members = sdl('members');
    const maps: [Record<string, string>, string, string][] = [
      [L.PROGRAMME_KIND, 'ProgrammeKind', benefits], [L.PROGRAMME_STATE, 'ProgrammeState', benefits], [L.VOUCHER_STATE, 'VoucherState', benefits],
      [L.ELIGIBILITY_STATUS, 'EligibilityStatus', benefits], [L.REASON_CODE, 'ReasonCode', benefits], [L.CARE_OCCASION, 'CareOccasion', benefits],
      [L.AID_STATE, 'AidState', benefits], [L.AID_STEP, 'AidStep', benefits], [L.PARTNER_KIND, 'PartnerKind', benefits],
      [L.HARDSHIP_TIER, 'HardshipTier', members], [L.SCHOOL_STAGE, 'SchoolStage', members], [L.EMPLOYMENT_TYPE, 'EmploymentType', members], [L.MEMBERSHIP_STATUS, 'MembershipStatus', members],
    ];
    for (const [map, name, text] of maps) {
      expect([name, Object.keys(map).sort()]).toEqual([name, enumValues(name, text)]);
      for (const t of Object.values(map)) expect([name, t]).toEqual([name, expect.stringMatching(/[\u4e00-\u9fff]/)]);
    }
    for (const [colours, names] of [[L.PROGRAMME_STATE_COLOR, L.PROGRAMME_STATE], [L.AID_STATE_COLOR, L.AID_STATE], [L.ELIGIBILITY_STATUS_COLOR, L.ELIGIBILITY_STATUS]]) {
      expect(Object.keys(colours).sort()).toEqual(Object.keys(names).sort());
    }
    expect(label(L.PROGRAMME_KIND, 'EDUCATION_AID')).toBe('金秋助学');
    expect(label(L.AID_STATE, 'ENTERPRISE_CHECKED')).toBe('待区县审批');
  });
});
