/**
 * The phone view's words: what a worker reads, in plain Chinese. Pure.
 * Case states and kinds come from the staff console's labels (ui/labels.ts).
 */

/** A timeline line for each ledger action, as the worker would say it. */
export const CASE_STEP: Record<string, string> = {
  RAISE: '您提交了诉求',
  ACCEPT: '工会已接单，开始办理',
  TRANSFER: '转给了更合适的工会办理',
  RETURN: '退回重新分派',
  PROGRESS: '有了新进展',
  AWAIT_WORKER: '工会在等您补充情况',
  WORKER_RESPONDED: '您已补充情况，继续办理',
  RESOLVE: '已经办好，等上级工会确认',
  SIGN_OFF: '上级工会已确认办结，请您评价',
  RATE: '您评价了办理结果',
  DECLINE: '工会说明了不能受理的原因',
  SUPERVISE: '上级工会开始督办',
  ESCALATE: '超过期限，已交上级工会督办',
  CLOSE_TIMEOUT: '没有评价，已自动结束',
  JOIN_PROJECT: '和同类诉求一起统一办理',
};

/** Where a case stands, as one short phrase for the list. */
export const CASE_STATUS: Record<string, string> = {
  REGISTERED: '已提交，等待受理',
  TRANSFERRED: '已转给其他工会',
  ACCEPTED: '已受理',
  IN_PROGRESS: '办理中',
  WAITING_ON_WORKER: '等您补充情况',
  RESOLVED: '已办好，待确认',
  SIGNED_OFF: '已办结，请评价',
  CLOSED: '已结束',
  DECLINED: '不予受理',
};

/** The kinds a worker raises from the phone: everyday words first. */
export const RAISABLE_KINDS: [string, string][] = [
  ['MICRO_WISH', '微心愿（想请工会帮个小忙）'],
  ['SUGGESTION', '提建议'],
  ['URGENT_NEED', '急事难事'],
  ['LEGAL_AID', '法律帮助（如欠薪、劳动纠纷）'],
  ['HARDSHIP_AID', '生活困难求助'],
  ['COLLECTIVE_BARGAINING', '工资待遇协商'],
  ['OTHER', '其他'],
];

export const RATINGS: [string, string][] = [
  ['SATISFIED', '满意'],
  ['BASICALLY_SATISFIED', '基本满意'],
  ['UNSATISFIED', '不满意'],
];

export const VOUCHER_STATE: Record<string, string> = { ISSUED: '可使用', REDEEMED: '已使用', EXPIRED: '已过期', CANCELLED: '已作废' };

/** Why a worker cannot claim or apply yet, said to the worker themself. */
export const NOT_YET: Record<string, string> = {
  PROGRAMME_NOT_OPEN: '活动还没开始或已经结束',
  OUTSIDE_PROGRAMME_AREA: '您所在的工会不在这个活动的范围内',
  NOT_ACTIVE_MEMBER: '您的会籍目前不是正常状态',
  EMPLOYMENT_TYPE_NOT_COVERED: '这个活动面向其他职业的职工',
  NOT_HARDSHIP_TIER: '这个活动面向登记在册的特定职工',
  NOT_MODEL_WORKER: '这个活动面向劳动模范',
  NO_CHILD_RECORDED: '工会还没有登记您的子女信息，请联系所在工会补登',
  CHILD_REQUIRED: '请选择为哪个孩子申请',
  CHILD_NOT_COVERED: '孩子的年龄或学段不在范围内',
  LIMIT_REACHED: '这一期的次数您已经用完了',
  QUOTA_EXHAUSTED: '名额已经发完了',
  ALREADY_AIDED: '近期已经得到过同类帮助',
};

export const notYet = (code: string): string => NOT_YET[code] ?? '暂时不符合条件';

export const AID_STEPS: [string, string][] = [
  ['APPLIED', '提交申请'],
  ['ENTERPRISE_CHECKED', '所在工会审核'],
  ['AWARDED', '区县工会审批'],
  ['DELIVERED', '发放到家'],
];

export const AID_STATE: Record<string, string> = { APPLIED: '等所在工会审核', ENTERPRISE_CHECKED: '等区县工会审批', AWARDED: '已批准，等待发放', REJECTED: '未通过', DELIVERED: '已发放' };

export const MEMBERSHIP: Record<string, string> = { ACTIVE: '正常', RETAINED: '保留会籍', TRANSFERRING: '正在转会', LEFT: '已离会' };

export const TRANSFER: Record<string, string> = { REQUESTED: '等待新工会接收', ACCEPTED: '已转入新工会', RETURNED: '被退回' };

/** 2025-07-01 → 7月1日 (China calendar; a date-time is read in UTC+8). */
export function cnDate(value: string | null | undefined): string {
  if (!value) return '';
  const day = value.length > 10 ? new Date(new Date(value).getTime() + 8 * 3600_000).toISOString().slice(0, 10) : value;
  const [y, m, d] = day.split('-').map(Number);
  const thisYear = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  return y === thisYear ? `${m}月${d}日` : `${y}年${m}月${d}日`;
}

export function cnDateTime(iso: string): string {
  return `${cnDate(iso)} ${new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(11, 16)}`;
}
