import { InternalClient, type Caller } from '@lianxin/auth';
import { ScopeResolver } from '../scope';
import { StaffDirectory } from '../directory';

const ORG = '01HAAAAAAAAAAAAAAAAAAAAAAA';
const member: Caller = { sub: 'member-1', role: 'member', memberId: '01HMMMMMMMMMMMMMMMMMMMMMMM', perms: [] };
const staff: Caller = { sub: 'lj:someone', role: 'staff', perms: [] };

/** A members client whose every call breaks as `fail` says, below the InternalClient's own handling. */
const breaking = (fail: () => Promise<never>) => ({ call: fail }) as unknown as InternalClient;
const socketClosed = () => Promise.reject(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));

describe('the caller\'s context while members dies', () => {
  test('a raw error from the scope lookup reaches the client as SUBGRAPH_UNAVAILABLE, never as itself', async () => {
    const sut = new ScopeResolver(breaking(socketClosed));
    await expect(sut.complete(member)).rejects.toMatchObject({
      message: 'The members service did not answer, so your scope cannot be checked right now. Retry shortly.',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'members', http: { status: 503 } },
    });
    await expect(sut.complete({ ...member, sub: 's', role: 'staff', memberId: undefined, orgId: ORG })).rejects.toMatchObject({ extensions: { code: 'SUBGRAPH_UNAVAILABLE' } });
    // Not cached: the next request asks again.
    expect(sut.size).toBe(0);
  });

  test('a raw error from the directory lookup is SUBGRAPH_UNAVAILABLE, not "not in the directory"', async () => {
    const sut = new StaffDirectory({ bySubject: socketClosed, changes: socketClosed }, { pollMs: 0 });
    await expect(sut.resolve(staff)).rejects.toMatchObject({
      message: 'The members service did not answer, so your staff account cannot be checked right now. Retry shortly.',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'members' },
    });
  });

  test('an answer that carries errors is no answer: the field\'s null is not "no such member"', async () => {
    const client = new InternalClient({
      url: 'http://members.invalid/graphql',
      token: async () => 't',
      unavailable: () => new Error('UNAVAILABLE'),
      post: async () => ({ json: async () => ({ data: { _scopeAnchor: null }, errors: [{ message: 'Pool is closed.' }] }) }),
    });
    await expect(client.call('{ _scopeAnchor(memberId: "x") { orgId path } }', {})).rejects.toThrow('UNAVAILABLE');
  });
});
