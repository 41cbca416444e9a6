import { secretKey, signInternalToken, type Caller } from '@lianxin/auth';
import { entities } from '@lianxin/benefits';
import { DEV_INTERNAL_SECRET } from '@lianxin/subgraph';
import type { DataSource } from 'typeorm';
import { idNumber } from '../harness/fixtures';
import type { GqlResponse, TestGraph } from '../harness/graph';

/**
 * Shared pieces of the benefits suites: the calls a client makes, written once, and the
 * database snapshot that proves a refused write changed nothing.
 */

/** Who calls the gateway: a client token (undefined: anonymous) or a partner API key. */
export type Who = { token: string | undefined } | { apiKey: string };

export function gqlAs<T = Record<string, unknown>>(g: TestGraph, who: Who, query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>> {
  return 'apiKey' in who ? g.gqlWithApiKey<T>(who.apiKey, query, variables) : g.gql<T>(who.token, query, variables);
}

/** extensions.code of the first error, if any. */
export const codeOf = (res: GqlResponse<unknown>): string | undefined => res.errors?.[0]?.extensions?.code;

/** The data of a response that must have succeeded; the failure names the error. */
export function ok<T>(res: GqlResponse<T>, what = 'request'): T {
  if (res.errors?.length || !res.data) throw new Error(`${what} failed: ${codeOf(res as GqlResponse<unknown>)} ${res.errors?.[0]?.message}`);
  return res.data;
}

/** A Beijing calendar day, `n` days from today. */
export const day = (n = 0, from = Date.now()): string => new Date(from + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** The first day of next month, Beijing time: when a monthly limit lifts. */
export function nextMonth(now = Date.now()): string {
  const [y, m] = day(0, now).split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export const DAY_MS = 86_400_000;

/* ---------- programmes ---------- */

export const PROGRAMME = 'id name kind state quota budgetCents amountCents voucherValidDays sensitive rulesVersion startsOn endsOn org { id }';

export interface ProgrammeView {
  id: string;
  name: string;
  kind: string;
  state: string;
  quota: number | null;
  budgetCents: number | null;
  amountCents: number | null;
  voucherValidDays: number | null;
  sensitive: boolean;
  rulesVersion: number;
  startsOn: string;
  endsOn: string;
  org: { id: string };
}

export interface NewProgramme {
  orgId: string;
  name?: string;
  kind?: string;
  startsOn?: string;
  endsOn?: string;
  quota?: number | null;
  budgetCents?: number | null;
  amountCents?: number | null;
  voucherValidDays?: number | null;
  /** The `requires` list; becomes rules version 1. */
  requires?: unknown[];
}

/** A rules document (see docs/rules.md); the API takes it as a JSON object, not a string. */
export const rulesDoc = (requires: unknown[]): { requires: unknown[] } => ({ requires });

export const CREATE_PROGRAMME = `mutation($i: CreateProgrammeInput!) { createProgramme(input: $i) { ${PROGRAMME} } }`;
export const OPEN_PROGRAMME = `mutation($p: ID!) { openProgramme(programmeId: $p) { ${PROGRAMME} } }`;
export const CLOSE_PROGRAMME = `mutation($p: ID!) { closeProgramme(programmeId: $p) { ${PROGRAMME} } }`;
export const SET_RULES = `mutation($p: ID!, $r: JSONObject!) { setProgrammeRules(programmeId: $p, rules: $r) { ${PROGRAMME} } }`;
export const ALLOCATE = 'mutation($p: ID!, $o: ID!, $q: Int, $b: Float) { allocate(programmeId: $p, orgId: $o, quota: $q, budgetCents: $b) { id orgId parentId quota budgetCents used allocatedToChildren remainingQuota remainingBudgetCents } }';

export function programmeInput(p: NewProgramme): Record<string, unknown> {
  return {
    orgId: p.orgId,
    name: p.name ?? '职工免费观影',
    kind: p.kind ?? 'CINEMA_VOUCHER',
    startsOn: p.startsOn ?? day(-1),
    endsOn: p.endsOn ?? day(60),
    quota: p.quota === undefined ? 100 : p.quota,
    budgetCents: p.budgetCents ?? null,
    amountCents: p.amountCents ?? null,
    voucherValidDays: p.voucherValidDays === undefined ? 30 : p.voucherValidDays,
    rules: rulesDoc(p.requires ?? [{ type: 'membership', status: ['ACTIVE'] }]),
  };
}

/** Creates a programme (and opens it unless told not to) as `token`. */
export async function newProgramme(g: TestGraph, token: string, p: NewProgramme, opts: { open?: boolean } = {}): Promise<ProgrammeView> {
  const created = ok(await g.gql<{ createProgramme: ProgrammeView }>(token, CREATE_PROGRAMME, { i: programmeInput(p) }), 'createProgramme').createProgramme;
  if (opts.open === false) return created;
  return ok(await g.gql<{ openProgramme: ProgrammeView }>(token, OPEN_PROGRAMME, { p: created.id }), 'openProgramme').openProgramme;
}

export async function allocate(g: TestGraph, token: string, programmeId: string, orgId: string, quota: number | null, budgetCents: number | null = null) {
  return ok(await g.gql<{ allocate: { id: string; quota: number | null; remainingQuota: number | null } }>(token, ALLOCATE, { p: programmeId, o: orgId, q: quota, b: budgetCents }), 'allocate').allocate;
}

/** Units still claimable at a union, as staff or admin read them. */
export async function remainingAt(g: TestGraph, token: string, programmeId: string, orgId?: string): Promise<number | null> {
  const res = await g.gql<{ programme: { remainingQuota: number | null } | null }>(token, 'query($p: ID!, $o: ID) { programme(id: $p) { remainingQuota(orgId: $o) } }', { p: programmeId, o: orgId });
  return ok(res, 'programme.remainingQuota').programme!.remainingQuota;
}

/* ---------- vouchers ---------- */

export const VOUCHER = 'id state code qrPayload issuedAt expiresAt redeemedAt programme { id }';

export interface VoucherView {
  id: string;
  state: string;
  code: string | null;
  qrPayload: string | null;
  issuedAt: string;
  expiresAt: string;
  redeemedAt: string | null;
  programme: { id: string } | null;
}

export const CLAIM = `mutation($p: ID!) { claimVoucher(programmeId: $p) { ${VOUCHER} } }`;
export const ISSUE = `mutation($p: ID!, $m: ID!) { issueVoucher(programmeId: $p, memberId: $m) { ${VOUCHER} } }`;
export const CANCEL = `mutation($id: ID!) { cancelVoucher(id: $id) { ${VOUCHER} } }`;

export interface Outcome<T> {
  value?: T;
  code?: string;
  message?: string;
  extensions?: Record<string, unknown>;
}

async function outcome<T>(res: Promise<GqlResponse<Record<string, T | null>>>): Promise<Outcome<T>> {
  const r = await res;
  const err = r.errors?.[0];
  const value = r.data ? (Object.values(r.data)[0] ?? undefined) : undefined;
  return { value: value ?? undefined, code: err?.extensions?.code, message: err?.message, extensions: err?.extensions };
}

export const claim = (g: TestGraph, token: string, programmeId: string) => outcome<VoucherView>(g.gql(token, CLAIM, { p: programmeId }));
export const issue = (g: TestGraph, token: string, programmeId: string, memberId: string) => outcome<VoucherView>(g.gql(token, ISSUE, { p: programmeId, m: memberId }));
export const cancel = (g: TestGraph, token: string, id: string) => outcome<VoucherView>(g.gql(token, CANCEL, { id }));

export async function mustClaim(g: TestGraph, token: string, programmeId: string): Promise<VoucherView & { code: string }> {
  const out = await claim(g, token, programmeId);
  if (!out.value?.code) throw new Error(`claimVoucher failed: ${out.code} ${out.message}`);
  return out.value as VoucherView & { code: string };
}

/* ---------- partners ---------- */

export const REDEMPTION = 'id code programmeId programmeName memberName redeemedAt';
export const REDEEM = `mutation($c: String!, $k: String!) { redeemVoucher(code: $c, idempotencyKey: $k) { ${REDEMPTION} } }`;
export const CHECK_VOUCHER = 'query($c: String!) { checkVoucher(code: $c) { valid reasons programmeName memberName expiresAt remainingQuota } }';
export const CHECK_ELIGIBILITY = 'query($p: ID!, $q: String!) { checkEligibility(programmeId: $p, memberQr: $q) { eligible reasons memberName remainingQuota } }';
export const MY_REDEMPTIONS = `query($first: Int!, $after: String) { myRedemptions(first: $first, after: $after) { edges { cursor node { ${REDEMPTION} } } pageInfo { hasNextPage endCursor } } }`;

export interface RedemptionView {
  id: string;
  code: string;
  programmeId: string;
  programmeName: string;
  memberName: string;
  redeemedAt: string;
}

export const redeem = (g: TestGraph, who: Who, code: string, key: string) => outcome<RedemptionView>(gqlAs(g, who, REDEEM, { c: code, k: key }));

export async function registerPartner(g: TestGraph, token: string, orgId: string, name = '滨江影城', kind = 'CINEMA'): Promise<{ id: string }> {
  const res = await g.gql<{ registerPartner: { id: string } }>(token, 'mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { id } }', { i: { name, kind, orgId } });
  return ok(res, 'registerPartner').registerPartner;
}

export async function bindPartner(g: TestGraph, token: string, partnerId: string, programmeId: string): Promise<void> {
  ok(await g.gql(token, 'mutation($pa: ID!, $p: ID!) { bindPartnerProgramme(partnerId: $pa, programmeId: $p) { id } }', { pa: partnerId, p: programmeId }), 'bindPartnerProgramme');
}

export async function issueKey(g: TestGraph, token: string, partnerId: string): Promise<{ id: string; key: string }> {
  return ok(await g.gql<{ issuePartnerKey: { id: string; key: string } }>(token, 'mutation($pa: ID!) { issuePartnerKey(partnerId: $pa) { id key } }', { pa: partnerId }), 'issuePartnerKey')
    .issuePartnerKey;
}

/** The internal token the gateway would mint for any caller, for direct calls to the benefits subgraph. */
export const benefitsTokenFor = (caller: Caller): Promise<string> => signInternalToken(caller, 'benefits', secretKey(DEV_INTERNAL_SECRET));

/** The member QR of a member, as they read it themselves (`me { qrPayload }`). */
export async function qrOf(g: TestGraph, memberToken: string): Promise<string> {
  const qr = ok(await g.gql<{ me: { qrPayload: string | null } }>(memberToken, '{ me { qrPayload } }'), 'me.qrPayload').me.qrPayload;
  if (!qr) throw new Error('a member should see their own QR');
  return qr;
}

/* ---------- eligibility ---------- */

export const ANSWER = 'status reasons { code message } ruleVersion nextEligibleOn childId programmeId';

export interface AnswerView {
  status: string;
  reasons: { code: string; message: string }[];
  ruleVersion: number;
  nextEligibleOn: string | null;
  childId: string | null;
  programmeId: string;
}

/* ---------- education aid ---------- */

export const AID = 'id state year amountCents rejectReason childId programme { id } member { id } org { id } history { fromState toState actorRole actorOrgId note }';

export interface AidView {
  id: string;
  state: string;
  year: number;
  amountCents: number | null;
  rejectReason: string | null;
  childId: string;
  programme: { id: string } | null;
  member: { id: string };
  org: { id: string };
  history: { fromState: string | null; toState: string; actorRole: string; actorOrgId: string | null; note: string | null }[];
}

export const APPLY = `mutation($i: ApplyForEducationAidInput!) { applyForEducationAid(input: $i) { ${AID} } }`;
export const CHECK_AID = `mutation($id: ID!, $ok: Boolean!, $note: String) { checkAidApplication(id: $id, approve: $ok, note: $note) { ${AID} } }`;
export const REVIEW_AID = `mutation($id: ID!, $ok: Boolean!, $reason: String) { reviewAidApplication(id: $id, award: $ok, reason: $reason) { ${AID} } }`;
export const DELIVER_AID = `mutation($id: ID!, $note: String) { markAidDelivered(id: $id, note: $note) { ${AID} } }`;

export const apply = (g: TestGraph, token: string | undefined, input: { programmeId: string; childId: string; memberId?: string }) => outcome<AidView>(g.gql(token, APPLY, { i: input }));
export const checkAid = (g: TestGraph, token: string | undefined, id: string, approve: boolean, note?: string) => outcome<AidView>(g.gql(token, CHECK_AID, { id, ok: approve, note }));
export const reviewAid = (g: TestGraph, token: string | undefined, id: string, award: boolean, reason?: string) => outcome<AidView>(g.gql(token, REVIEW_AID, { id, ok: award, reason }));
export const deliverAid = (g: TestGraph, token: string | undefined, id: string, note?: string) => outcome<AidView>(g.gql(token, DELIVER_AID, { id, note }));

export function must<T>(out: Outcome<T>, what: string): T {
  if (!out.value) throw new Error(`${what} failed: ${out.code} ${out.message}`);
  return out.value;
}

/** The children recorded on a member, as staff in scope read them. */
export async function childrenOf(g: TestGraph, staffToken: string, memberId: string): Promise<{ id: string; name: string }[]> {
  const res = await g.gql<{ member: { children: { id: string; name: string }[] } | null }>(staffToken, 'query($id: ID!) { member(id: $id) { children { id name } } }', { id: memberId });
  return ok(res, 'member.children').member!.children;
}

/* ---------- care ---------- */

export const CARE_BATCH = 'id name occasion budgetCents spentCents remainingCents startsOn endsOn org { id } programme { id }';
export const CREATE_BATCH = `mutation($i: CreateCareBatchInput!) { createCareBatch(input: $i) { ${CARE_BATCH} } }`;
export const RECORD_VISIT = 'mutation($i: RecordCareVisitInput!) { recordCareVisit(input: $i) { id items costCents visitedOn member { id } org { id } batch { id spentCents } } }';

export const batchInput = (orgId: string, budgetCents: number, extra: Record<string, unknown> = {}) => ({
  i: { orgId, name: '2026年冬季送温暖慰问', occasion: 'OTHER', budgetCents, startsOn: day(-10), endsOn: day(30), ...extra },
});

export async function newBatch(g: TestGraph, token: string, orgId: string, budgetCents: number, extra: Record<string, unknown> = {}): Promise<{ id: string; spentCents: number }> {
  return ok(await g.gql<{ createCareBatch: { id: string; spentCents: number } }>(token, CREATE_BATCH, batchInput(orgId, budgetCents, extra)), 'createCareBatch').createCareBatch;
}

export const visitInput = (batchId: string, memberId: string, costCents: number, orgId?: string) => ({
  i: { batchId, memberId, orgId, items: '米、油、慰问金', costCents, visitedOn: day(0) },
});

/* ---------- the database ---------- */

/**
 * Every row of every benefits table, in a stable order: comparing two of these proves a
 * refused write changed nothing at all.
 */
export async function benefitsState(db: DataSource): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const entity of entities) {
    const meta = db.getMetadata(entity);
    const rows = await db.getRepository(entity).find();
    out[meta.tableName] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

/** Table sizes, for asserting exactly what an allowed write added. */
export async function tableCounts(db: DataSource): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const entity of entities) out[db.getMetadata(entity).tableName] = await db.getRepository(entity).count();
  return out;
}

/* ---------- members (through the members subgraph) ---------- */

export interface Enrolment {
  name?: string;
  gender?: 'MALE' | 'FEMALE';
  employmentType?: string;
  modelWorker?: boolean;
  children?: { name: string; gender: 'MALE' | 'FEMALE'; birthDate: string; schoolStage: string }[];
}

/** Enrols a member into `orgId` as staff; `seq` makes the ID number and phone unique. */
export async function enrol(g: TestGraph, staffToken: string, orgId: string, seq: number, e: Enrolment = {}): Promise<string> {
  const input = {
    orgId,
    name: e.name ?? '测试会员',
    gender: e.gender ?? 'MALE',
    idNumber: idNumber('1992-04-18', seq),
    phone: `137${String(seq).padStart(8, '0')}`,
    employmentType: e.employmentType ?? 'COURIER',
    modelWorker: e.modelWorker ?? false,
    children: e.children ?? [],
  };
  return ok(await g.gql<{ enrolMember: { id: string } }>(staffToken, 'mutation($i: EnrolMemberInput!) { enrolMember(input: $i) { id } }', { i: input }), 'enrolMember').enrolMember.id;
}

/** Sets a membership status through the members subgraph (reads the version first). */
export async function setMemberStatus(g: TestGraph, staffToken: string, memberId: string, status: string, reason: string | null): Promise<void> {
  const version = ok(await g.gql<{ member: { version: number } }>(staffToken, 'query($id: ID!) { member(id: $id) { version } }', { id: memberId }), 'member.version').member.version;
  ok(
    await g.gql(staffToken, 'mutation($m: ID!, $s: MembershipStatus!, $r: String, $v: Int!) { changeMemberStatus(memberId: $m, status: $s, reason: $r, expectedVersion: $v) { id } }', {
      m: memberId, s: status, r: reason, v: version,
    }),
    'changeMemberStatus',
  );
}
