import { errorCode, errorExtensions, errorMessage, ERROR_MESSAGES, FALLBACK_MESSAGE, RECORD_MESSAGES, RELOAD_CODES } from './errors';

/** Apollo's error shape: graphQLErrors from the response, or a networkError carrying the response body. */
const apollo = (code: string, message = 'x') => ({ graphQLErrors: [{ message, extensions: { code } }], networkError: null });

describe('errorCode', () => {
  test('reads extensions.code from graphQLErrors, a raw errors list, or the error itself', () => {
    expect(errorCode(apollo('CONFLICT'))).toBe('CONFLICT');
    expect(errorCode({ errors: [{ message: 'm' }, { message: 'n', extensions: { code: 'NOT_FOUND' } }] })).toBe('NOT_FOUND');
    expect(errorCode({ extensions: { code: 'FORBIDDEN' } })).toBe('FORBIDDEN');
  });
  test('a network error uses the code in the response body (a 401 from the gateway), else NETWORK', () => {
    expect(errorCode({ graphQLErrors: [], networkError: { statusCode: 401, result: { errors: [{ message: 'expired', extensions: { code: 'UNAUTHENTICATED' } }] } } })).toBe('UNAUTHENTICATED');
    expect(errorCode({ graphQLErrors: [], networkError: new TypeError('Failed to fetch') })).toBe('NETWORK');
  });
  test('nothing to read: undefined', () => {
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode(new Error('boom'))).toBeUndefined();
    expect(errorCode({ graphQLErrors: [{ message: 'no code' }] })).toBeUndefined();
  });
});

describe('errorMessage', () => {
  test('CONFLICT says someone else just changed the case and the page shows the latest', () => {
    expect(errorMessage(apollo('CONFLICT'))).toBe('这件诉求刚被别人处理过，页面已刷新为最新情况，请看一眼再操作。');
  });
  test('each code a cadre meets reads as a Chinese sentence saying what to do', () => {
    expect(errorMessage(apollo('INVALID_STATE'))).toBe('诉求当前的状态不能做这一步，页面已刷新为最新情况。');
    expect(errorMessage(apollo('NOT_FOUND'))).toBe('没有找到：它不存在，或不在您单位的管辖范围内。');
    expect(errorMessage(apollo('FORBIDDEN'))).toContain('没有这项权限');
    expect(errorMessage(apollo('UNAUTHENTICATED'))).toBe('登录已过期或无效，请重新登录。');
    expect(errorMessage(apollo('SUBGRAPH_UNAVAILABLE'))).toContain('部分内容缺失');
    expect(errorMessage({ networkError: new TypeError('Failed to fetch') })).toBe('连不上服务器，请检查网络后重试。');
  });
  test('the API\'s own words never replace ours; an internal error shows no detail', () => {
    expect(errorMessage(apollo('INTERNAL_SERVER_ERROR', 'ER_DUP_ENTRY: Duplicate entry in case_file'))).toBe(ERROR_MESSAGES.INTERNAL_SERVER_ERROR);
    expect(errorMessage(apollo('NOT_FOUND', 'Case 01H… not found'))).not.toContain('01H');
  });
  test('BAD_USER_INPUT and DUPLICATE keep the API\'s explanation after ours (it names the field)', () => {
    expect(errorMessage(apollo('BAD_USER_INPUT', 'description must be 5 to 2000 characters'))).toBe('填写的内容有误，请按提示修改后再提交。（description must be 5 to 2000 characters）');
    expect(errorMessage(apollo('DUPLICATE', '该身份证号已登记'))).toBe('这条记录已经存在，不必重复提交。（该身份证号已登记）');
    expect(errorMessage({ graphQLErrors: [{ message: '', extensions: { code: 'BAD_USER_INPUT' } }] })).toBe(ERROR_MESSAGES.BAD_USER_INPUT);
  });
  test('an unknown code or no code at all gets the fallback', () => {
    expect(errorMessage(apollo('SOMETHING_NEW'))).toBe(FALLBACK_MESSAGE);
    expect(errorMessage(new Error('boom'))).toBe('操作没有成功，请稍后再试。');
  });
  test('every message is Chinese and ends a sentence', () => {
    for (const [code, text] of Object.entries(ERROR_MESSAGES)) {
      expect([code, /[\u4e00-\u9fff]/.test(text)]).toEqual([code, true]);
      expect([code, /[。）]$/.test(text)]).toEqual([code, true]);
    }
  });
  test('only CONFLICT and INVALID_STATE reload the case', () => {
    expect([...RELOAD_CODES].sort()).toEqual(['CONFLICT', 'INVALID_STATE']);
  });
});

describe('the benefits refusals', () => {
  test('BUDGET_EXCEEDED says how much is left, in yuan, and that nothing was written', () => {
    const err = { graphQLErrors: [{ message: 'This visit costs 300.00 yuan but …', extensions: { code: 'BUDGET_EXCEEDED', remainingCents: 12050 } }] };
    expect(errorMessage(err)).toBe('预算不够：只剩 120.50 元。这次没有记下任何内容，请改小金额，或请上级追加预算。');
    expect(errorExtensions(err)).toEqual({ code: 'BUDGET_EXCEEDED', remainingCents: 12050 });
    expect(errorMessage(apollo('BUDGET_EXCEEDED'))).toBe(ERROR_MESSAGES.BUDGET_EXCEEDED);
  });
  test('quota, eligibility and limits each read as a sentence of their own', () => {
    expect(errorMessage(apollo('QUOTA_EXHAUSTED'))).toContain('名额已经用完');
    expect(errorMessage(apollo('NOT_ELIGIBLE'))).toContain('资格查询');
    expect(errorMessage(apollo('LIMIT_REACHED'))).toContain('次数已经用完');
  });
  test('about a programme or an application, a conflict does not speak of a case', () => {
    expect(errorMessage(apollo('CONFLICT'), RECORD_MESSAGES)).toBe('刚被别人改过，页面已刷新为最新情况，请看一眼再操作。');
    expect(errorMessage(apollo('INVALID_STATE'), RECORD_MESSAGES)).not.toContain('诉求');
    expect(errorMessage(apollo('NOT_FOUND'), RECORD_MESSAGES)).toBe(ERROR_MESSAGES.NOT_FOUND);
    for (const text of Object.values(RECORD_MESSAGES)) expect(text).toMatch(/[\u4e00-\u9fff].*[。）]$/);
  });
  test('no extensions, no error: an empty object', () => {
    expect(errorExtensions(null)).toEqual({});
    expect(errorExtensions(new Error('x'))).toEqual({});
  });
});
