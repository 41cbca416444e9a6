import type { Caller } from '@lianxin/auth';
import { NOT_IN_DIRECTORY, StaffDirectory, type DirectoryFeed, type DirectorySource, type StaffIdentity } from '../directory';

const ORG_A = '01HAAAAAAAAAAAAAAAAAAAAAAA';
const ORG_B = '01HBBBBBBBBBBBBBBBBBBBBBBB';

/**
 * The members directory, faked as a table and a feed the test appends to, with a log of what
 * the gateway asked. The real directory and feed are exercised end to end in
 * test/src/e2e/staff-scoping.e2e.spec.ts; here it is the cache's rules that are under test.
 */
function fakeMembers() {
  const accounts = new Map<string, StaffIdentity>();
  const feed: DirectoryFeed['changes'] = [];
  const asked: string[] = [];
  let down = false;
  let hold: Promise<void> | undefined;
  const source: DirectorySource = {
    async bySubject(subject) {
      asked.push(subject);
      const answer = accounts.get(subject) ?? null;
      await hold;
      return answer && { ...answer };
    },
    async changes(after) {
      if (down) throw new Error('members down');
      const head = feed.length;
      return { head, overflow: false, changes: after === null ? [] : feed.slice(after) };
    },
  };
  const change = (subject: string, identity: StaffIdentity | null) => {
    if (identity) accounts.set(subject, identity);
    else accounts.delete(subject);
    feed.push({ seq: feed.length + 1, kind: 'STAFF', subject });
  };
  const orgChanged = (orgId: string) => feed.push({ seq: feed.length + 1, kind: 'ORG', subject: orgId });
  return { source, accounts, asked, change, orgChanged, setDown: (d: boolean) => (down = d), holdLookups: (p?: Promise<void>) => (hold = p) };
}

const idpCaller = (sub: string): Caller => ({ sub, role: 'staff', perms: [] });
const devCaller = (sub: string): Caller => ({ sub, role: 'staff', orgId: ORG_B, perms: ['pii:read'] });

async function refusal(p: Promise<unknown>): Promise<{ code: unknown; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { extensions?: { code?: unknown }; message: string };
    return { code: e.extensions?.code, message: e.message };
  }
  throw new Error('expected a refusal');
}

describe('the staff directory at the gateway', () => {
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    clock = 1_000_000;
  });

  test('a subject-only token becomes its account; an unknown subject is refused with whom to ask', async () => {
    const m = fakeMembers();
    m.accounts.set('idp|a', { orgId: ORG_A, perms: ['pii:read'], active: true });
    const sut = new StaffDirectory(m.source, { pollMs: 1000, now });
    await sut.poll();
    expect(await sut.resolve(idpCaller('idp|a'))).toEqual({ sub: 'idp|a', role: 'staff', orgId: ORG_A, orgPath: undefined, perms: ['pii:read'] });
    expect(await refusal(sut.resolve(idpCaller('idp|nobody')))).toEqual({ code: 'UNAUTHENTICATED', message: NOT_IN_DIRECTORY });
  });

  test('a dev staff token keeps its claims without an account, and yields to one when the subject has it', async () => {
    const m = fakeMembers();
    const sut = new StaffDirectory(m.source, { pollMs: 1000, now });
    await sut.poll();
    expect(await sut.resolve(devCaller('dev-1'))).toEqual(devCaller('dev-1'));
    m.change('dev-1', { orgId: ORG_A, perms: [], active: true });
    await sut.poll();
    expect(await sut.resolve(devCaller('dev-1'))).toMatchObject({ orgId: ORG_A, perms: [] });
  });

  test('answers are cached until the feed names the subject, then asked again; other roles are never looked up', async () => {
    const m = fakeMembers();
    m.change('idp|a', { orgId: ORG_A, perms: [], active: true });
    const sut = new StaffDirectory(m.source, { pollMs: 1000, now });
    await sut.poll();
    await sut.resolve(idpCaller('idp|a'));
    await sut.resolve(idpCaller('idp|a'));
    await sut.resolve({ sub: 'admin-1', role: 'admin', perms: [] });
    expect(m.asked).toEqual(['idp|a']);
    m.change('idp|a', { orgId: ORG_A, perms: [], active: false });
    await sut.poll();
    expect(await refusal(sut.resolve(idpCaller('idp|a')))).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(m.asked).toEqual(['idp|a', 'idp|a']);
  });

  test('a lookup under way when its subject changes is not kept', async () => {
    const m = fakeMembers();
    m.accounts.set('idp|a', { orgId: ORG_A, perms: [], active: true });
    const sut = new StaffDirectory(m.source, { pollMs: 1000, now });
    await sut.poll();
    let release!: () => void;
    m.holdLookups(new Promise<void>((r) => (release = r)));
    const inFlight = sut.resolve(idpCaller('idp|a'));
    // Revoked after the lookup read the table, and the poll sees it before the lookup returns.
    m.change('idp|a', { orgId: ORG_A, perms: [], active: false });
    await sut.poll();
    release();
    m.holdLookups(undefined);
    expect((await inFlight).orgId).toBe(ORG_A);
    expect(await refusal(sut.resolve(idpCaller('idp|a')))).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  test('while the feed cannot be read, nothing cached is trusted', async () => {
    const m = fakeMembers();
    m.accounts.set('idp|a', { orgId: ORG_A, perms: [], active: true });
    const sut = new StaffDirectory(m.source, { pollMs: 1000, staleMs: 5000, now });
    await sut.poll();
    await sut.resolve(idpCaller('idp|a'));
    m.setDown(true);
    await sut.poll();
    clock += 4000;
    await sut.resolve(idpCaller('idp|a'));
    expect(m.asked).toHaveLength(1);
    clock += 2000;
    await sut.resolve(idpCaller('idp|a'));
    expect(m.asked).toHaveLength(2);
  });

  test('with the feed off (test graphs) answers are kept and never judged stale', async () => {
    const m = fakeMembers();
    m.accounts.set('idp|a', { orgId: ORG_A, perms: [], active: true });
    const sut = new StaffDirectory(m.source, { pollMs: 0, now });
    sut.start();
    await sut.resolve(idpCaller('idp|a'));
    clock += 60_000;
    await sut.resolve(idpCaller('idp|a'));
    expect(m.asked).toEqual(['idp|a']);
  });

  test('an org moved, merged or closed drops every cached account and tells the scope cache to forget its paths; a staff change does not', async () => {
    const m = fakeMembers();
    m.accounts.set('idp|a', { orgId: ORG_A, perms: [], active: true });
    let forgotten = 0;
    const sut = new StaffDirectory(m.source, { pollMs: 1000, now, onOrgChange: () => forgotten++ });
    await sut.poll();
    await sut.resolve(idpCaller('idp|a'));
    m.change('idp|b', { orgId: ORG_B, perms: [], active: true });
    await sut.poll();
    expect(forgotten).toBe(0);
    m.orgChanged(ORG_A);
    await sut.poll();
    expect(forgotten).toBe(1);
    await sut.resolve(idpCaller('idp|a'));
    expect(m.asked).toEqual(['idp|a', 'idp|a']);
  });
});

describe('members\' change feed at the gateway, beyond staff accounts', () => {
  test('MEMBER drops that member\'s scope only; ORG_NAME drops nothing here; an overflow drops everything and forgets every scope', async () => {
    let clock = 1_000_000;
    const feed: DirectoryFeed['changes'] = [];
    let overflow = false;
    const asked: string[] = [];
    const source: DirectorySource = {
      async bySubject(subject) {
        asked.push(subject);
        return { orgId: ORG_A, perms: [], active: true };
      },
      async changes(after) {
        return { head: feed.length, overflow, changes: after === null || overflow ? [] : feed.slice(after) };
      },
    };
    const forgotMembers: string[] = [];
    let forgotAll = 0;
    const sut = new StaffDirectory(source, { pollMs: 1000, now: () => clock, onOrgChange: () => forgotAll++, onMemberChange: (id) => forgotMembers.push(id) });
    await sut.poll();
    await sut.resolve(idpCaller('idp|a'));
    feed.push({ seq: 1, kind: 'MEMBER', subject: 'M1' }, { seq: 2, kind: 'ORG_NAME', subject: ORG_A });
    clock += 1000;
    await sut.poll();
    await sut.resolve(idpCaller('idp|a'));
    expect({ forgotMembers, forgotAll, asked }).toEqual({ forgotMembers: ['M1'], forgotAll: 0, asked: ['idp|a'] });
    feed.push({ seq: 3, kind: 'STAFF', subject: 'idp|zz' });
    overflow = true;
    await sut.poll();
    await sut.resolve(idpCaller('idp|a'));
    expect({ forgotAll, asked }).toEqual({ forgotAll: 1, asked: ['idp|a', 'idp|a'] });
  });
});
