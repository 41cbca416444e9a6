import { CaseEventRow, CaseRow, CaseScopeRow, CaseSequenceRow, DeadlinePolicyRow } from '@lianxin/cases';
import type { DataSource } from 'typeorm';
import type { TestGraph } from '../harness/graph';

/** Everything a client can read of a case, with only ids for the federated references. */
export const CASE = `id number kind channel urgency description state anonymous responsible responsibleStaffId responsibleDepartmentId resolution declineReason
  supervised dueAt acceptDueAt onTime raisedAt resolvedAt signedOffAt closedAt closeReason rating ratingComment
  reopenCount version member { id } raisedOrg { id } handlingOrg { id } escalatedTo { id } overdue allowedActions
  events { seq action fromState toState actorRole actorOrgId at note detail hash }`;

export interface EventView {
  seq: number;
  action: string;
  fromState: string | null;
  toState: string;
  actorRole: string;
  actorOrgId: string | null;
  at: string;
  note: string | null;
  detail: string | null;
  hash: string;
}

export interface CaseView {
  id: string;
  number: string;
  kind: string;
  channel: string;
  urgency: string;
  description: string;
  state: string;
  anonymous: boolean;
  responsible: string | null;
  responsibleStaffId: string | null;
  responsibleDepartmentId: string | null;
  resolution: string | null;
  declineReason: string | null;
  supervised: boolean;
  dueAt: string;
  acceptDueAt: string | null;
  onTime: boolean | null;
  raisedAt: string;
  resolvedAt: string | null;
  signedOffAt: string | null;
  closedAt: string | null;
  closeReason: string | null;
  rating: string | null;
  ratingComment: string | null;
  reopenCount: number;
  version: number;
  member: { id: string } | null;
  raisedOrg: { id: string };
  handlingOrg: { id: string };
  escalatedTo: { id: string } | null;
  overdue: boolean;
  allowedActions: string[];
  events: EventView[];
}

/**
 * Every case mutation, by a short name, with all its arguments as variables (unset ones
 * are simply null). One place, so the suites drive the API exactly as a client would.
 */
export const MUTATIONS = {
  raise: `mutation($input: RaiseCaseInput!) { raiseCase(input: $input) { ${CASE} } }`,
  accept: `mutation($id: ID!, $staffId: ID!, $departmentId: ID, $note: String, $version: Int) { acceptCase(id: $id, staffId: $staffId, departmentId: $departmentId, note: $note, version: $version) { ${CASE} } }`,
  transfer: `mutation($id: ID!, $toOrgId: ID!, $note: String, $version: Int) { transferCase(id: $id, toOrgId: $toOrgId, note: $note, version: $version) { ${CASE} } }`,
  return: `mutation($id: ID!, $reason: ReturnReason!, $note: String, $version: Int) { returnCase(id: $id, reason: $reason, note: $note, version: $version) { ${CASE} } }`,
  progress: `mutation($id: ID!, $note: String!, $version: Int) { recordCaseProgress(id: $id, note: $note, version: $version) { ${CASE} } }`,
  awaitWorker: `mutation($id: ID!, $note: String!, $version: Int) { awaitWorker(id: $id, note: $note, version: $version) { ${CASE} } }`,
  workerResponded: `mutation($id: ID!, $note: String!, $version: Int) { workerResponded(id: $id, note: $note, version: $version) { ${CASE} } }`,
  resolve: `mutation($id: ID!, $resolution: String!, $version: Int) { resolveCase(id: $id, resolution: $resolution, version: $version) { ${CASE} } }`,
  signOff: `mutation($id: ID!, $note: String, $version: Int) { signOffCase(id: $id, note: $note, version: $version) { ${CASE} } }`,
  rate: `mutation($id: ID!, $rating: Rating!, $comment: String, $version: Int) { rateCase(id: $id, rating: $rating, comment: $comment, version: $version) { ${CASE} } }`,
  decline: `mutation($id: ID!, $reason: DeclineReason!, $note: String!, $version: Int) { declineCase(id: $id, reason: $reason, note: $note, version: $version) { ${CASE} } }`,
  supervise: `mutation($id: ID!, $note: String!, $version: Int) { superviseCase(id: $id, note: $note, version: $version) { ${CASE} } }`,
  passUp: `mutation($id: ID!, $toOrgId: ID!, $reason: String!, $version: Int) { passUpCase(id: $id, toOrgId: $toOrgId, reason: $reason, version: $version) { ${CASE} } }`,
  referOut: `mutation($id: ID!, $agency: String!, $dueOn: String!, $note: String, $version: Int) { referCaseOut(id: $id, agency: $agency, dueOn: $dueOn, note: $note, version: $version) { ${CASE} } }`,
  agencyAnswer: `mutation($id: ID!, $answer: String!, $version: Int) { recordAgencyAnswer(id: $id, answer: $answer, version: $version) { ${CASE} } }`,
  callback: `mutation($id: ID!, $rating: Rating!, $comment: String, $version: Int) { recordCallback(id: $id, rating: $rating, comment: $comment, version: $version) { ${CASE} } }`,
} as const;

export type Op = keyof typeof MUTATIONS;

const FIELD: Record<Op, string> = {
  raise: 'raiseCase', accept: 'acceptCase', transfer: 'transferCase', return: 'returnCase', progress: 'recordCaseProgress',
  awaitWorker: 'awaitWorker', workerResponded: 'workerResponded', resolve: 'resolveCase', signOff: 'signOffCase',
  rate: 'rateCase', decline: 'declineCase', supervise: 'superviseCase',
  passUp: 'passUpCase', referOut: 'referCaseOut', agencyAnswer: 'recordAgencyAnswer', callback: 'recordCallback',
};

export interface Outcome {
  case?: CaseView;
  /** extensions.code of the first error, if any. */
  code?: string;
  message?: string;
}

/** The person and 部室 of an org's staff directory who accept its cases (acceptCase's staffId and departmentId). */
export function handlerAt(g: TestGraph, org: string): { staffId: string; departmentId: string } {
  const h = g.fixture.handlers[org];
  if (!h) throw new Error(`The fixture has no handler at ${org}`);
  return { staffId: h.staffId, departmentId: h.departmentId };
}

/** The same, for the org with this id: whoever handles a case now. */
export function handlerOf(g: TestGraph, orgId: string): { staffId: string; departmentId: string } {
  const key = Object.keys(g.fixture.orgs).find((k) => g.fixture.orgs[k as keyof typeof g.fixture.orgs].id === orgId);
  if (!key) throw new Error(`No fixture org has id ${orgId}`);
  return handlerAt(g, key);
}

/** Runs one case mutation through the gateway. */
export async function act(g: TestGraph, token: string | undefined, op: Op, vars: Record<string, unknown>): Promise<Outcome> {
  const res = await g.gql<Record<string, CaseView | null>>(token, MUTATIONS[op], vars);
  const err = res.errors?.[0];
  return { case: res.data?.[FIELD[op]] ?? undefined, code: err?.extensions?.code, message: err?.message };
}

/** Like act(), but the step must succeed; the failure message names the step. */
export async function must(g: TestGraph, token: string | undefined, op: Op, vars: Record<string, unknown>): Promise<CaseView> {
  const out = await act(g, token, op, vars);
  if (!out.case) throw new Error(`${op} failed: ${out.code} ${out.message}`);
  return out.case;
}

export interface RaiseInput {
  kind?: string;
  channel?: string;
  urgency?: string;
  description?: string;
  anonymous?: boolean;
  orgId?: string;
  memberId?: string;
  /** Staff registering for a worker who is not a member. */
  worker?: { name: string; phone: string };
}

export const raise = (g: TestGraph, token: string | undefined, input: RaiseInput = {}): Promise<CaseView> =>
  must(g, token, 'raise', { input: { kind: 'MICRO_WISH', channel: 'WISH_WALL', description: '希望站点增设饮水机和休息座椅', ...input } });

/** A case as the given caller reads it; null when the caller cannot see it. */
export async function read(g: TestGraph, token: string | undefined, id: string): Promise<CaseView | null> {
  const res = await g.gql<{ case: CaseView | null }>(token, `query($id: ID!) { case(id: $id) { ${CASE} } }`, { id });
  if (res.errors) throw new Error(`case(${id}): ${res.errors[0].extensions?.code} ${res.errors[0].message}`);
  return res.data!.case;
}

/** The ledger detail of an event, parsed. */
export const detailOf = (e: EventView): Record<string, unknown> => (e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : {});

/** The year in case numbers: the calendar year in Beijing. */
export const chinaYear = (d = new Date()): number => new Date(d.getTime() + 8 * 3600_000).getUTCFullYear();

export const HOUR = 3600_000;
export const DAY = 24 * HOUR;
export const ms = (iso: string | null | undefined): number => (iso ? new Date(iso).getTime() : NaN);

/** What the database holds about one case: its row, its ledger length and its visibility rows. */
export async function rowState(db: DataSource, caseId: string) {
  const row = await db.getRepository(CaseRow).findOneByOrFail({ id: caseId });
  const events = await db.getRepository(CaseEventRow).countBy({ caseId });
  const scope = (await db.getRepository(CaseScopeRow).findBy({ caseId })).map((s) => s.orgId).sort();
  return { row, events, scope };
}

/**
 * Everything the cases database holds that a case mutation could touch, in a stable
 * order: comparing two of these proves a refused write changed nothing.
 */
export async function dbState(db: DataSource) {
  const [cases, events, scope, sequences, policies] = await Promise.all([
    db.getRepository(CaseRow).find({ order: { id: 'ASC' } }),
    db.getRepository(CaseEventRow).find({ order: { caseId: 'ASC', seq: 'ASC' }, select: { caseId: true, seq: true, hash: true } }),
    db.getRepository(CaseScopeRow).find({ order: { caseId: 'ASC', orgId: 'ASC' } }),
    db.getRepository(CaseSequenceRow).find({ order: { orgId: 'ASC', year: 'ASC' } }),
    db.getRepository(DeadlinePolicyRow).find({ order: { id: 'ASC' } }),
  ]);
  return { cases, events, scope, sequences, policies };
}

/** Sets columns of a case behind the API's back: to stand in for days passing. */
export async function backdate(db: DataSource, caseId: string, patch: Partial<Pick<CaseRow, 'pausedAt' | 'dueAt' | 'acceptDueAt' | 'signedOffAt'>>): Promise<void> {
  await db.getRepository(CaseRow).update({ id: caseId }, patch);
}

export const eventsOf = (db: DataSource, caseId: string) => db.getRepository(CaseEventRow).find({ where: { caseId }, order: { seq: 'ASC' } });
