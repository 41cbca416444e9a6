import { allocationRefusal } from './allocation';

const refused = (extensions: Record<string, unknown>, message = 'quota: …') => ({ graphQLErrors: [{ message, extensions: { code: 'BAD_USER_INPUT', ...extensions } }] });

describe('allocationRefusal', () => {
  test('over what the share above has: the room left, in places or yuan', () => {
    expect(allocationRefusal(refused({ field: 'quota', max: 30 }))).toBe('分多了：上级的份额最多还能给这个单位 30 个名额（已含它现有的）。请少分一些，或请上级追加。');
    expect(allocationRefusal(refused({ field: 'budgetCents', max: 150_000 }))).toBe('分多了：上级的份额最多还能给这个单位 1,500.00 元（已含它现有的）。请少分一些，或请上级追加。');
  });
  test('below what the share already used or handed on: the floor', () => {
    expect(allocationRefusal(refused({ field: 'quota', min: 12 }))).toBe('不能调这么少：这个单位已经发出或再分下去 12 个名额，份额不能低于这个数。');
    expect(allocationRefusal(refused({ field: 'budgetCents', min: 5000 }))).toContain('50.00 元');
  });
  test('any other refusal reads as every other error does', () => {
    expect(allocationRefusal({ graphQLErrors: [{ message: 'x', extensions: { code: 'FORBIDDEN' } }] })).toContain('没有这项权限');
    expect(allocationRefusal(refused({ field: 'orgId' }, 'orgId: shares go to unions strictly under …'))).toContain('填写的内容有误');
    expect(allocationRefusal({ graphQLErrors: [{ message: 'x', extensions: { code: 'CONFLICT' } }] })).not.toContain('诉求');
  });
});
