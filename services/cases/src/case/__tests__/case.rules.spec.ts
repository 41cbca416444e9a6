import { childPath, newId, type Caller } from '@lianxin/auth';
import { ErrorCode } from '@lianxin/subgraph';
import { CaseAction, CaseKind, CaseState } from '../../casefile/case.enums';
import { allowedActions, authorise, type CaseParties } from '../case.rules';

// The lifecycle table, read back as the people at each desk see it. The expectations are
// written out by hand from the unions' own steps (register, accept or transfer, progress,
// resolve, sign off, rate; supervise from above), not derived from RULES, so a change to
// the table shows up here as a change of who may do what.

const city = newId();
const district = newId();
const street = newId();
const enterprise = newId();
const cityPath = childPath(null, city);
const districtPath = childPath(cityPath, district);
const streetPath = childPath(districtPath, street);
const enterprisePath = childPath(streetPath, enterprise);
const otherDistrict = newId();
const member = newId();

const staffOf = (orgId: string, orgPath: string): Caller => ({ sub: `staff-${orgId}`, role: 'staff', orgId, orgPath, perms: [] });
const handler = staffOf(street, streetPath);
const higher = staffOf(district, districtPath);
const sibling = staffOf(otherDistrict, childPath(cityPath, otherDistrict));
const below = staffOf(enterprise, enterprisePath);
const raiser: Caller = { sub: 'm', role: 'member', memberId: member, perms: [] };
const stranger: Caller = { sub: 'm2', role: 'member', memberId: newId(), perms: [] };
const admin: Caller = { sub: 'a', role: 'admin', perms: [] };
const sweep: Caller = { sub: 'sweep', role: 'system', perms: [] };

/** A micro-wish handled at the street, raised by `member`. */
const atStreet: CaseParties = { memberId: member, kind: CaseKind.MICRO_WISH, handlingOrgId: street, handlingPath: streetPath, escalatedToOrgId: null, awaitingAgency: false };
const A = CaseAction;
const S = CaseState;

describe('routing up and out', () => {
  const withAgency: CaseParties = { ...atStreet, awaitingAgency: true };
  const anonymous: CaseParties = { ...atStreet, memberId: null };

  test('while an agency has the case: its answer may be recorded, a second referral may not', () => {
    expect(allowedActions(handler, S.IN_PROGRESS, withAgency)).toEqual(expect.arrayContaining([A.AGENCY_ANSWERED]));
    expect(allowedActions(handler, S.IN_PROGRESS, withAgency)).not.toContain(A.REFER_OUT);
    expect(allowedActions(handler, S.WAITING_ON_WORKER, withAgency)).toEqual(expect.arrayContaining([A.WORKER_RESPONDED, A.AGENCY_ANSWERED]));
    expect(() => authorise(handler, A.AGENCY_ANSWERED, S.IN_PROGRESS, atStreet)).toThrow('AGENCY_ANSWERED is not possible: no referral of this case is waiting for an answer; refer it out first.');
  });

  test('a signed-off case without a member is called back by the handler or a higher level; a member\'s own is not', () => {
    expect(allowedActions(handler, S.SIGNED_OFF, anonymous)).toEqual([A.CALLBACK]);
    expect(allowedActions(higher, S.SIGNED_OFF, anonymous)).toEqual([A.CALLBACK]);
    expect(allowedActions(handler, S.SIGNED_OFF, atStreet)).toEqual([]);
    expect(() => authorise(handler, A.CALLBACK, S.SIGNED_OFF, atStreet)).toThrow('CALLBACK is not possible: the member rates this case themselves.');
  });

  test('the city union cannot pass up: nothing is above it', () => {
    const atCity: CaseParties = { ...atStreet, handlingOrgId: city, handlingPath: cityPath };
    expect(allowedActions(admin, S.REGISTERED, atCity)).not.toContain(A.PASS_UP);
    expect(() => authorise(admin, A.PASS_UP, S.REGISTERED, atCity)).toThrow('PASS_UP is not possible: the city union has no union above it.');
  });
});

describe('who may do what, state by state', () => {
  const sorted = (actions: CaseAction[]) => [...actions].sort();

  test.each<[CaseState, CaseAction[]]>([
    [S.REGISTERED, [A.ACCEPT, A.TRANSFER, A.DECLINE, A.JOIN_PROJECT, A.PASS_UP]],
    [S.TRANSFERRED, [A.ACCEPT, A.RETURN]],
    [S.ACCEPTED, [A.PROGRESS, A.AWAIT_WORKER, A.RESOLVE, A.DECLINE, A.JOIN_PROJECT, A.PASS_UP, A.REFER_OUT]],
    [S.IN_PROGRESS, [A.PROGRESS, A.AWAIT_WORKER, A.RESOLVE, A.JOIN_PROJECT, A.PASS_UP, A.REFER_OUT]],
    [S.WAITING_ON_WORKER, [A.WORKER_RESPONDED]],
    [S.RESOLVED, [A.SIGN_OFF]],
    [S.SIGNED_OFF, []],
    [S.CLOSED, []],
    [S.DECLINED, []],
  ])('the handling street, on a %s case: %j', (state, expected) => {
    expect(sorted(allowedActions(handler, state, atStreet))).toEqual(sorted(expected));
  });

  test.each<[CaseState, CaseAction[]]>([
    [S.REGISTERED, [A.SUPERVISE, A.JOIN_PROJECT]],
    [S.TRANSFERRED, [A.SUPERVISE]],
    [S.ACCEPTED, [A.SUPERVISE, A.JOIN_PROJECT]],
    [S.IN_PROGRESS, [A.SUPERVISE, A.JOIN_PROJECT]],
    [S.WAITING_ON_WORKER, [A.SUPERVISE]],
    [S.RESOLVED, [A.SIGN_OFF]],
    [S.SIGNED_OFF, []],
    [S.CLOSED, []],
  ])('the district above it, on a %s case: %j', (state, expected) => {
    expect(sorted(allowedActions(higher, state, atStreet))).toEqual(sorted(expected));
  });

  test.each<[CaseState, CaseAction[]]>([
    [S.WAITING_ON_WORKER, [A.WORKER_RESPONDED]],
    [S.SIGNED_OFF, [A.RATE]],
    [S.REGISTERED, []],
    [S.RESOLVED, []],
  ])('the member who raised it, on a %s case: %j', (state, expected) => {
    expect(allowedActions(raiser, state, atStreet)).toEqual(expected);
  });

  test('nobody else has a move: another member, a sibling district, an enterprise below, or anyone on an anonymous case as its member', () => {
    for (const state of Object.values(S)) {
      expect(allowedActions(stranger, state, atStreet)).toEqual([]);
      expect(allowedActions(sibling, state, atStreet)).toEqual([]);
      expect(allowedActions(below, state, atStreet)).toEqual([]);
      expect(allowedActions(raiser, state, { ...atStreet, memberId: null })).toEqual([]);
    }
  });

  test('the deadline sweep acts only through authorise, never as a button', () => {
    for (const state of Object.values(S)) expect(allowedActions(sweep, state, atStreet)).toEqual([]);
    expect(() => authorise(sweep, A.ESCALATE, S.ACCEPTED, atStreet)).not.toThrow();
    expect(() => authorise(sweep, A.CLOSE_TIMEOUT, S.SIGNED_OFF, atStreet)).not.toThrow();
    expect(() => authorise(handler, A.CLOSE_TIMEOUT, S.SIGNED_OFF, atStreet)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: ErrorCode.FORBIDDEN }) }));
  });

  test('an admin is handler and higher at once', () => {
    expect(sorted(allowedActions(admin, S.REGISTERED, atStreet))).toEqual(sorted([A.ACCEPT, A.TRANSFER, A.DECLINE, A.SUPERVISE, A.JOIN_PROJECT, A.PASS_UP]));
  });
});

describe('the kinds and places that change the table', () => {
  test.each([CaseKind.URGENT_NEED, CaseKind.LEGAL_AID, CaseKind.HARDSHIP_AID, CaseKind.COLLECTIVE_BARGAINING])('%s is signed off by a higher level, not by its handler', (kind) => {
    const c = { ...atStreet, kind };
    expect(allowedActions(handler, S.RESOLVED, c)).toEqual([]);
    expect(allowedActions(higher, S.RESOLVED, c)).toEqual([A.SIGN_OFF]);
  });

  test('an enterprise union, a leaf, cannot transfer down', () => {
    const c = { ...atStreet, handlingOrgId: enterprise, handlingPath: enterprisePath };
    expect(allowedActions(below, S.REGISTERED, c)).not.toContain(A.TRANSFER);
    expect(() => authorise(below, A.TRANSFER, S.REGISTERED, c)).toThrow(/an enterprise union has no union below it/);
  });

  test('a case escalated to the district makes the district a handler too', () => {
    const c = { ...atStreet, escalatedToOrgId: district };
    expect(allowedActions(higher, S.IN_PROGRESS, c)).toEqual(expect.arrayContaining([A.PROGRESS, A.RESOLVE, A.SUPERVISE]));
  });
});

describe('authorise says which of the two things is wrong', () => {
  test('the wrong moment is INVALID_STATE, naming the states it is possible in, before asking who is asking', () => {
    expect(() => authorise(stranger, A.RATE, S.IN_PROGRESS, atStreet)).toThrow(
      expect.objectContaining({
        message: 'Cannot RATE a case that is IN_PROGRESS: RATE is possible only when the case is SIGNED_OFF. Reload the case to see what it can do now.',
        extensions: { code: ErrorCode.INVALID_STATE, state: S.IN_PROGRESS, action: A.RATE },
      }),
    );
  });

  test('the wrong person is FORBIDDEN, naming who may', () => {
    expect(() => authorise(sibling, A.ACCEPT, S.REGISTERED, atStreet)).toThrow(
      expect.objectContaining({ message: 'ACCEPT on this case is for staff of the handling org.', extensions: { code: ErrorCode.FORBIDDEN, action: A.ACCEPT } }),
    );
  });
});
