import { answered, choosable, projectOf, wishStatus } from './wall';

describe('the wish wall', () => {
  it('reads a card from its case: granted once done, chosen while its project runs, not chosen when declined', () => {
    expect(wishStatus({ state: 'RESOLVED', inProject: true })).toBe('granted');
    expect(wishStatus({ state: 'CLOSED', inProject: false })).toBe('granted');
    expect(wishStatus({ state: 'ACCEPTED', inProject: true })).toBe('chosen');
    expect(wishStatus({ state: 'DECLINED', inProject: false })).toBe('declined');
    expect(wishStatus({ state: 'REGISTERED', inProject: false })).toBe('waiting');
  });

  it('lets only open wishes outside a project be chosen', () => {
    expect([choosable({ state: 'REGISTERED', inProject: false }), choosable({ state: 'ACCEPTED', inProject: true }), choosable({ state: 'DECLINED', inProject: false }), choosable({ state: 'WAITING_ON_WORKER', inProject: false })]).toEqual([true, false, false, false]);
  });

  it('counts a declined suggestion as answered, an open one not', () => {
    expect(['RESOLVED', 'DECLINED', 'IN_PROGRESS', 'REGISTERED'].map(answered)).toEqual([true, true, false, false]);
  });

  it('names the project from what it wrote as responsible', () => {
    expect([projectOf('项目：暑期托管'), projectOf('驿站管理员'), projectOf(null)]).toEqual(['暑期托管', null, null]);
  });
});
