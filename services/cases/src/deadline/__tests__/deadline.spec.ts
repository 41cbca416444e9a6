import { CaseKind, Urgency } from '../../casefile/case.enums';
import { applicableDeadline, DEFAULT_DEADLINES, type DeadlineRuleSet } from '../deadline.service';

const CITY = 'C'.repeat(26);
const DISTRICT = 'D'.repeat(26);
const STREET = 'S'.repeat(26);
const path = (...ids: string[]) => `/${ids.join('/')}/`;

const rule = (orgId: string, orgPath: string, resolveHours: number, acceptHours: number, kind = CaseKind.MICRO_WISH, urgency = Urgency.NORMAL): DeadlineRuleSet => ({
  orgId, orgPath, kind, urgency, resolveHours, acceptHours,
});

describe('applicableDeadline', () => {
  test('with no rule on the path, the default for the kind and urgency applies', () => {
    expect(applicableDeadline([], CaseKind.MICRO_WISH, Urgency.NORMAL)).toEqual({ resolveHours: 360, acceptHours: 72, setAtOrgId: null });
    expect(applicableDeadline([], CaseKind.GRASSROOTS_BUILDING, Urgency.NORMAL)).toEqual({ resolveHours: 90 * 24, acceptHours: 72, setAtOrgId: null });
  });

  test('a city rule longer than the default replaces it: the default is no ceiling', () => {
    expect(applicableDeadline([rule(CITY, path(CITY), 720, 96)], CaseKind.MICRO_WISH, Urgency.NORMAL)).toEqual({ resolveHours: 720, acceptHours: 96, setAtOrgId: CITY });
  });

  test('below the city, the strictest rule on the path applies, whatever order the rows come in', () => {
    const rules = [rule(DISTRICT, path(CITY, DISTRICT), 500, 48), rule(CITY, path(CITY), 720, 96), rule(STREET, path(CITY, DISTRICT, STREET), 600, 24)];
    expect(applicableDeadline(rules, CaseKind.MICRO_WISH, Urgency.NORMAL)).toEqual({ resolveHours: 500, acceptHours: 24, setAtOrgId: DISTRICT });
    expect(applicableDeadline([...rules].reverse(), CaseKind.MICRO_WISH, Urgency.NORMAL)).toEqual({ resolveHours: 500, acceptHours: 24, setAtOrgId: DISTRICT });
  });

  test('a tie goes to the nearest org', () => {
    const rules = [rule(CITY, path(CITY), 500, 48), rule(DISTRICT, path(CITY, DISTRICT), 500, 48)];
    expect(applicableDeadline(rules, CaseKind.MICRO_WISH, Urgency.NORMAL).setAtOrgId).toBe(DISTRICT);
    expect(applicableDeadline([...rules].reverse(), CaseKind.MICRO_WISH, Urgency.NORMAL).setAtOrgId).toBe(DISTRICT);
  });

  test('rules of another kind or urgency play no part', () => {
    const rules = [rule(CITY, path(CITY), 10, 5, CaseKind.SUGGESTION), rule(CITY, path(CITY), 11, 5, CaseKind.MICRO_WISH, Urgency.HIGH)];
    expect(applicableDeadline(rules, CaseKind.MICRO_WISH, Urgency.NORMAL)).toEqual({ ...DEFAULT_DEADLINES.MICRO_WISH.NORMAL, setAtOrgId: null });
  });

  test('defaults: every kind and urgency has one; more urgent is never longer; bargaining and union-building take longer than a micro-wish', () => {
    for (const kind of Object.values(CaseKind)) {
      const d = DEFAULT_DEADLINES[kind];
      expect(d.URGENT.resolveHours).toBeLessThanOrEqual(d.HIGH.resolveHours);
      expect(d.HIGH.resolveHours).toBeLessThanOrEqual(d.NORMAL.resolveHours);
      for (const u of Object.values(Urgency)) expect(d[u].acceptHours).toBeLessThan(d[u].resolveHours);
    }
    for (const u of Object.values(Urgency)) {
      expect(DEFAULT_DEADLINES.COLLECTIVE_BARGAINING[u].resolveHours).toBeGreaterThan(DEFAULT_DEADLINES.MICRO_WISH[u].resolveHours);
      expect(DEFAULT_DEADLINES.GRASSROOTS_BUILDING[u].resolveHours).toBeGreaterThan(DEFAULT_DEADLINES.MICRO_WISH[u].resolveHours);
    }
  });
});
