import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NotificationRow, WEBHOOK_TOPIC } from '@lianxin/members';
import { OutboxRow } from '@lianxin/outbox';
import { matrixRuns } from '../harness/fixtures';
import { startTestGraph, type TestGraph } from '../harness/graph';
import { handlerOf, must, raise } from './cases-helpers';
import { CALLERS, errorOf, memberTokenFor, refusedByRole, staffTokenFor, tokenFor, type CallerKey, type MemberKey } from './callers';
import { Oracle } from './oracle';

/**
 * The scoping matrix of workers' notifications (members subgraph): every caller against the
 * feed (`me { notifications }`, and the same fields through `member(id)`), marking read, the
 * dead letters and their retry. A worker's notifications reach that worker and nobody else:
 * not another member, not staff (who see only which ones SMS or WeChat failed to deliver, in
 * their subtree), not partners.
 */

const STAFF = 'union staff and admins';
const STAFF_OR_ADMIN: CallerKey[] = ['admin', 'city', 'd1', 'd2', 's1', 'e1'];
/** Members with notifications: m1 (the matrix's member caller), m2 beside m1, m4 elsewhere. */
const TOLD: MemberKey[] = ['m1', 'm2', 'm4'];

describe.each(matrixRuns())('notifications scoping matrix on $name', ({ engine, graph }) => {
  let g: TestGraph;
  let model: Oracle;
  const tokens = {} as Record<CallerKey, string | undefined>;
  /** The notification ids of each told member. */
  const ids = {} as Record<MemberKey, string[]>;
  // The webhook refuses everything, so every notification ends up a dead letter after its one try.
  const server = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(503).end()));

  const rows = () => g.db.getRepository(NotificationRow).find({ order: { id: 'ASC' } });
  const deadKeys = async () => (await g.db.getRepository(OutboxRow).find({ where: { topic: WEBHOOK_TOPIC, state: 'DEAD' as never }, order: { key: 'ASC' } })).map((r) => r.key);
  const memberKeyOf = (id: string) => (Object.keys(g.fixture.members) as MemberKey[]).find((k) => g.fixture.members[k].id === id)!;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    g = await startTestGraph(engine, { ...graph, notify: { webhook: { url, secret: 'notifications-scoping-secret-0123456789', address: 'member' }, maxAttempts: 1 } });
    model = new Oracle(g.fixture);
    for (const c of CALLERS) tokens[c] = await tokenFor(c, g.fixture);
    for (const m of TOLD) {
      // Each raises a case, and their union accepts it, and records progress: two notifications each.
      const c = await raise(g, await memberTokenFor(m, g.fixture));
      const handler = await staffTokenFor(model.keyOf(c.handlingOrg.id), g.fixture);
      await must(g, handler, 'accept', { id: c.id, ...handlerOf(g, c.handlingOrg.id) });
      await must(g, handler, 'progress', { id: c.id, note: '已联系企业' });
    }
    const sent = await g.drainNotifications();
    if (sent.dead !== 2 * TOLD.length) throw new Error(`expected every notification dead, got ${JSON.stringify(sent)}`);
    for (const m of TOLD) ids[m] = (await rows()).filter((n) => n.memberId === g.fixture.members[m].id).map((n) => n.id);
  });
  afterAll(async () => {
    await g?.stop();
    await new Promise((r) => server.close(r));
  });

  test.each(CALLERS)('me { notifications }: %s reads only its own feed', async (caller) => {
    const res = await g.gql<{ me: { unreadNotifications: number; notifications: { edges: { node: { id: string } }[] } } | null }>(
      tokens[caller], '{ me { unreadNotifications notifications(first: 50) { edges { node { id template title } } } } }');
    if (caller !== 'member') {
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'me', 'members'));
      expect(res.data?.me ?? null).toBeNull();
      return;
    }
    expect(res.errors).toBeUndefined();
    expect(res.data!.me!.notifications.edges.map((e) => e.node.id).sort()).toEqual([...ids.m1].sort());
    expect(res.data!.me!.unreadNotifications).toBe(ids.m1.length);
  });

  test.each(CALLERS)("member(id) { notifications }: %s never reads another worker's feed", async (caller) => {
    for (const m of TOLD) {
      const res = await g.gql<{ member: { id: string; unreadNotifications: number | null; notifications: { edges: { node: { id: string } }[] } | null } | null }>(
        tokens[caller], 'query($id: ID!) { member(id: $id) { id unreadNotifications notifications(first: 50) { edges { node { id } } } } }', { id: g.fixture.members[m].id });
      if (caller === 'partner' || caller === 'anonymous') {
        expect(res.data?.member ?? null).toBeNull();
        expect(res.errors?.[0]?.extensions?.code).toBe(caller === 'partner' ? 'FORBIDDEN' : 'UNAUTHENTICATED');
        continue;
      }
      expect(res.errors).toBeUndefined();
      const seen = model.seesMember(caller, m);
      if (!seen) {
        expect([m, res.data!.member]).toEqual([m, null]);
        continue;
      }
      // Staff and admins see the member, never the feed; only m1 reading m1 gets it.
      const own = caller === 'member' && m === 'm1';
      expect([m, res.data!.member!.unreadNotifications, res.data!.member!.notifications?.edges.map((e) => e.node.id).sort() ?? null]).toEqual([m, own ? ids.m1.length : null, own ? [...ids.m1].sort() : null]);
    }
  });

  test.each(CALLERS)('markNotificationsRead: %s marks only its own notifications read', async (caller) => {
    const before = await rows();
    const res = await g.gql<{ markNotificationsRead: number | null }>(tokens[caller], 'mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }', { ids: [...ids.m2, ids.m1[0]] });
    const after = await rows();
    if (caller !== 'member') {
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'markNotificationsRead', 'members'));
      expect(after).toEqual(before);
      return;
    }
    expect(res.errors).toBeUndefined();
    expect(res.data!.markNotificationsRead).toBe(ids.m1.length - 1);
    // m2's stay unread; only m1's first changed.
    expect(after.filter((n) => n.readAt).map((n) => n.id)).toEqual([ids.m1[0]]);
    await g.db.getRepository(NotificationRow).update({ id: ids.m1[0] }, { readAt: null });
  });

  test.each(CALLERS)('notificationDeadLetters: %s sees the dead letters of the workers in its subtree, staff only', async (caller) => {
    const res = await g.gql<{ notificationDeadLetters: { edges: { node: { id: string; memberId: string; title: string; attempts: number; lastError: string } }[] } | null }>(
      tokens[caller], '{ notificationDeadLetters(first: 50) { edges { node { id memberId title attempts lastError org { id } member { id } } } } }');
    if (!STAFF_OR_ADMIN.includes(caller)) {
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'notificationDeadLetters', STAFF));
      expect(res.data?.notificationDeadLetters ?? null).toBeNull();
      return;
    }
    expect(res.errors).toBeUndefined();
    const edges = res.data!.notificationDeadLetters!.edges.map((e) => e.node);
    const expected = TOLD.filter((m) => model.seesMember(caller, m));
    expect(edges.map((n) => n.id).sort()).toEqual(expected.flatMap((m) => ids[m]).sort());
    for (const n of edges) expect([memberKeyOf(n.memberId), n.attempts, n.lastError]).toEqual([memberKeyOf(n.memberId), 1, 'webhook answered 503']);
  });

  test.each(CALLERS)('retryNotifications: %s puts back in line only the dead letters it can see', async (caller) => {
    const before = await deadKeys();
    const all = TOLD.flatMap((m) => ids[m]);
    const res = await g.gql<{ retryNotifications: number | null }>(tokens[caller], 'mutation($ids: [ID!]!) { retryNotifications(ids: $ids) }', { ids: all });
    const after = await deadKeys();
    if (!STAFF_OR_ADMIN.includes(caller)) {
      expect(errorOf(res)).toEqual(refusedByRole(caller, 'members', 'retryNotifications', STAFF));
      expect(after).toEqual(before);
      return;
    }
    expect(res.errors).toBeUndefined();
    const mine = TOLD.filter((m) => model.seesMember(caller, m)).flatMap((m) => ids[m]);
    expect(res.data!.retryNotifications).toBe(mine.length);
    const keysOf = async (notificationIds: string[]) => (await rows()).filter((n) => notificationIds.includes(n.id)).map((n) => n.key).sort();
    expect(after).toEqual(await keysOf(all.filter((id) => !mine.includes(id))));
    // Back to dead for the next caller: the webhook still refuses.
    await g.drainNotifications();
    expect(await deadKeys()).toEqual(before);
  });
});
