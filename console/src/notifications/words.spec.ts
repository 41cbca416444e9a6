import { failureWords } from './words';

describe('failureWords', () => {
  test.each([
    ['webhook answered 503', '短信/微信接口拒收（代码 503）'],
    ['This operation was aborted', '短信/微信接口没有及时回应'],
    ['fetch failed', '连不上短信/微信接口'],
    ['the worker of notification 01X is gone', '职工信息已不存在'],
    ['something else entirely', '发送失败'],
    [null, '—'],
  ])('%s reads as %s', (given, expected) => {
    expect(failureWords(given)).toBe(expected);
  });
});
