import { newIdempotencyKey as newKey } from '../light/idempotency';
/**
 * The desk's words: every refusal the partner API gives, as a cashier says it. Pure.
 * PartnerReason codes (checkVoucher, checkEligibility) and the redeem errors share them.
 */
export const REASON: Record<string, { title: string; detail: string }> = {
  UNKNOWN_CODE: { title: '查无此券', detail: '本店不能核销这张券，或券码有误。请让顾客重新打开券的二维码再扫一次。' },
  ALREADY_REDEEMED: { title: '已核销', detail: '这张券已经用过了，不能再用。' },
  EXPIRED: { title: '已过期', detail: '这张券已过有效期，不能使用。' },
  CANCELLED: { title: '已作废', detail: '这张券已被工会作废，不能使用。' },
  INVALID_QR: { title: '无法识别', detail: '这不是工会发的会员码。请让顾客打开“我的会员码”再扫。' },
  NOT_ELIGIBLE: { title: '不符合条件', detail: '该会员暂时不能参加这个活动。具体原因请会员向所在工会咨询。' },
  PROGRAMME_NOT_OPEN: { title: '活动未开放', detail: '这个活动还没开始或已经结束。' },
  OUTSIDE_PROGRAMME_AREA: { title: '不在活动范围', detail: '该会员所在的工会不在这个活动的范围内。' },
  NOT_ACTIVE_MEMBER: { title: '会籍不正常', detail: '该会员的会籍目前不是正常状态，暂时不能参加。' },
  LIMIT_REACHED: { title: '次数已用完', detail: '该会员这一期的次数已经用完，下一期可以再来。' },
  QUOTA_EXHAUSTED: { title: '名额已满', detail: '这个活动的名额已经发完了。' },
  IDEMPOTENCY_KEY_REUSED: { title: '请重新扫码', detail: '这次扫码已经用于另一张券。请重新扫一次顾客的二维码。' },
};

export const reasonOf = (code: string | undefined) => (code && REASON[code]) || { title: '不能使用', detail: '这张券现在不能使用。' };

/** What a scan holds: a voucher (lianxin://v/… or a typed code) or a member's own QR (lianxin://m/…). */
export function scanKind(text: string): 'member' | 'voucher' {
  return /^lianxin:\/\/m\//i.test(text.trim()) ? 'member' : 'voucher';
}

/** A key for one scan's redemption: the same for a retry, new for the next scan. */
export const newIdempotencyKey = (): string => newKey('desk');

/** YYYY-MM-DD on the China calendar (UTC+8, no daylight saving). */
export const chinaDay = (iso: string | Date): string => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** HH:mm on the China calendar. */
export const chinaTime = (iso: string): string => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(11, 16);
