import { isNotificationTemplate, NotificationTemplate, renderNotification, type TemplateParams } from '../notification.templates';

/** One set of parameters per template, as the senders fill them in. */
const SAMPLES: { [T in NotificationTemplate]: TemplateParams[T] } = {
  CASE_ACCEPTED: { number: 'C2026120700001' },
  CASE_TRANSFERRED: { number: 'C2026120700002' },
  CASE_PROGRESS: { number: 'C2026120700003' },
  CASE_WAITING_ON_YOU: { number: 'C2026120700004' },
  CASE_RESOLVED: { number: 'C2026120700005' },
  CASE_REOPENED: { number: 'C2026120700006' },
  VOUCHER_ISSUED: { programme: '职工疗休养券', expiresOn: '2026-12-31' },
  VOUCHER_EXPIRING: { programme: '爱心理发券', expiresOn: '2026-12-10' },
  AID_AWARDED: { programme: '金秋助学', amount: '2000.00' },
  AID_REJECTED: { programme: '金秋助学', reason: '子女本年度已获资助' },
  JOIN_APPROVED: { org: '顺丰速运新区分公司工会' },
  JOIN_REJECTED: { org: '顺丰速运新区分公司工会', reason: '身份证号与姓名不符' },
  TRANSFER_ACCEPTED: { org: '城东街道总工会' },
  TRANSFER_RETURNED: { org: '城东街道总工会', reason: '不在本工会管辖范围' },
};

const HAN = /[\u4e00-\u9fff]/;
/** The words a next step starts with: a request, or telling the worker nothing is needed from them. */
const ACTION = /^(请|无需|之后)/;

describe('the notification texts', () => {
  test.each(Object.values(NotificationTemplate))('%s is Chinese, carries its parameters and says what to do next', (template) => {
    const params = SAMPLES[template] as unknown as Record<string, string>;
    const sut = renderNotification(template, params);
    expect(sut.title).toMatch(HAN);
    expect(sut.body.startsWith(sut.title)).toBe(false);
    for (const value of Object.values(params)) expect(sut.body).toContain(value);
    expect(sut.body.endsWith(sut.next)).toBe(true);
    expect(sut.next).toMatch(ACTION);
    expect(sut.next).toMatch(/。$/);
    // No Latin sentence slipped in: only ids, numbers and dates may be in Latin letters.
    expect(sut.body.replace(/C\d+|\d{4}-\d{2}-\d{2}|[\d.]+/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    expect(sut.body).not.toMatch(/undefined|null|\{|\}/);
  });

  test('every template has a sample here, and no sample names a template that does not exist', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.values(NotificationTemplate).sort());
    expect(Object.keys(SAMPLES).every(isNotificationTemplate)).toBe(true);
    expect(isNotificationTemplate('CASE_EXPLODED')).toBe(false);
    expect(isNotificationTemplate('toString')).toBe(false);
  });

  test('a parameter the row lacks reads as a dash, never as undefined', () => {
    const sut = renderNotification(NotificationTemplate.AID_REJECTED, { programme: '金秋助学' });
    expect(sut.body).toContain('原因：—');
    expect(sut.body).not.toContain('undefined');
  });
});
