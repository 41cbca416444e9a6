/**
 * Every text a worker is sent, in one place: the in-app feed renders it, and the webhook
 * sends the template id with the same parameters (an SMS or WeChat gateway keeps its own
 * registered copy of each text under that id). Each says what happened and what to do next
 * (事事有回音). Parameters are plain values (a case number, a programme name, a day); never
 * an ID number or a phone.
 */
export enum NotificationTemplate {
  CASE_ACCEPTED = 'CASE_ACCEPTED',
  CASE_TRANSFERRED = 'CASE_TRANSFERRED',
  CASE_PROGRESS = 'CASE_PROGRESS',
  CASE_WAITING_ON_YOU = 'CASE_WAITING_ON_YOU',
  CASE_RESOLVED = 'CASE_RESOLVED',
  CASE_REOPENED = 'CASE_REOPENED',
  VOUCHER_ISSUED = 'VOUCHER_ISSUED',
  VOUCHER_EXPIRING = 'VOUCHER_EXPIRING',
  AID_AWARDED = 'AID_AWARDED',
  AID_REJECTED = 'AID_REJECTED',
  JOIN_APPROVED = 'JOIN_APPROVED',
  JOIN_REJECTED = 'JOIN_REJECTED',
  TRANSFER_ACCEPTED = 'TRANSFER_ACCEPTED',
  TRANSFER_RETURNED = 'TRANSFER_RETURNED',
}

/** The parameters each template takes (all strings, as a template message carries them). */
export interface TemplateParams {
  [NotificationTemplate.CASE_ACCEPTED]: { number: string };
  [NotificationTemplate.CASE_TRANSFERRED]: { number: string };
  [NotificationTemplate.CASE_PROGRESS]: { number: string };
  [NotificationTemplate.CASE_WAITING_ON_YOU]: { number: string };
  [NotificationTemplate.CASE_RESOLVED]: { number: string };
  [NotificationTemplate.CASE_REOPENED]: { number: string };
  [NotificationTemplate.VOUCHER_ISSUED]: { programme: string; expiresOn: string };
  [NotificationTemplate.VOUCHER_EXPIRING]: { programme: string; expiresOn: string };
  [NotificationTemplate.AID_AWARDED]: { programme: string; amount: string };
  [NotificationTemplate.AID_REJECTED]: { programme: string; reason: string };
  [NotificationTemplate.JOIN_APPROVED]: { org: string };
  [NotificationTemplate.JOIN_REJECTED]: { org: string; reason: string };
  [NotificationTemplate.TRANSFER_ACCEPTED]: { org: string };
  [NotificationTemplate.TRANSFER_RETURNED]: { org: string; reason: string };
}

interface Text<P> {
  title: string;
  /** What happened. */
  body: (p: P) => string;
  /** What the worker does next. */
  next: (p: P) => string;
}

const TEXTS: { [T in NotificationTemplate]: Text<TemplateParams[T]> } = {
  CASE_ACCEPTED: {
    title: '诉求已受理',
    body: (p) => `您提交的诉求（编号 ${p.number}）已由工会受理，有专人负责办理。`,
    next: () => '请保持电话畅通，承办人可能会联系您；办理进展可在“我的诉求”中查看。',
  },
  CASE_TRANSFERRED: {
    title: '诉求已转交基层工会',
    body: (p) => `您的诉求（编号 ${p.number}）已转交离您更近的基层工会办理。`,
    next: () => '无需重新提交，请留意接下来的受理通知；进展可在“我的诉求”中查看。',
  },
  CASE_PROGRESS: {
    title: '诉求有新进展',
    body: (p) => `您的诉求（编号 ${p.number}）有了新的办理进展。`,
    next: () => '请打开“我的诉求”查看进展详情。',
  },
  CASE_WAITING_ON_YOU: {
    title: '请补充诉求情况',
    body: (p) => `办理您的诉求（编号 ${p.number}）需要您补充情况，办理期限暂停计算。`,
    next: () => '请在“我的诉求”中查看需要补充的内容并回复，或直接联系承办人。',
  },
  CASE_RESOLVED: {
    title: '诉求已办结，请评价',
    body: (p) => `您的诉求（编号 ${p.number}）已办结。`,
    next: () => '请在“我的诉求”中评价：满意、基本满意或不满意。不满意的，工会将重新办理。',
  },
  CASE_REOPENED: {
    title: '诉求已重新办理',
    body: (p) => `根据您的评价，您的诉求（编号 ${p.number}）已重新办理，并由上级工会督办。`,
    next: () => '请保持电话畅通，承办人会再与您联系；进展可在“我的诉求”中查看。',
  },
  VOUCHER_ISSUED: {
    title: '您有一张新的服务券',
    body: (p) => `工会向您发放了“${p.programme}”服务券，有效期至 ${p.expiresOn}。`,
    next: (p) => `请在 ${p.expiresOn} 前到合作商户出示“我的服务券”中的券码使用。`,
  },
  VOUCHER_EXPIRING: {
    title: '服务券即将到期',
    body: (p) => `您的“${p.programme}”服务券将于 ${p.expiresOn} 到期，还有 3 天。`,
    next: () => '请尽快到合作商户出示券码使用，到期未用将自动作废。',
  },
  AID_AWARDED: {
    title: '救助申请已批准',
    body: (p) => `您申请的“${p.programme}”已审批通过，救助金额 ${p.amount} 元。`,
    next: () => '请留意工会的发放通知；如有疑问，请联系所在企业工会。',
  },
  AID_REJECTED: {
    title: '救助申请未获批准',
    body: (p) => `您申请的“${p.programme}”未获批准，原因：${p.reason}。`,
    next: () => '请联系所在企业工会了解详情；情况变化后可重新申请。',
  },
  JOIN_APPROVED: {
    title: '入会申请已通过',
    body: (p) => `欢迎加入${p.org}！您的入会申请已通过。`,
    next: () => '请登录联心查看会员信息，可在“服务”中申请会员服务、提交诉求。',
  },
  JOIN_REJECTED: {
    title: '入会申请未通过',
    body: (p) => `您向${p.org}提交的入会申请未通过，原因：${p.reason}。`,
    next: () => '请按原因补正后重新扫码申请，或联系该工会咨询。',
  },
  TRANSFER_ACCEPTED: {
    title: '会员关系已转入',
    body: (p) => `您的会员关系已转入${p.org}。`,
    next: () => '之后的会员服务和诉求由新工会办理，请登录联心查看新的所属工会。',
  },
  TRANSFER_RETURNED: {
    title: '会员关系转接被退回',
    body: (p) => `您转入${p.org}的申请被退回，原因：${p.reason}。会员关系仍在原工会。`,
    next: () => '请联系原工会或转入工会核实情况后重新申请转接。',
  },
};

export interface RenderedNotification {
  title: string;
  /** What happened, then what to do next. */
  body: string;
  /** What to do next alone (the last sentence of body), for a client that shows it as an action. */
  next: string;
}

/**
 * The text of a notification. Parameters a template names but the row lacks read as "—"
 * (a row written by an older sender), never as `undefined`.
 */
export function renderNotification(template: NotificationTemplate, params: Record<string, string>): RenderedNotification {
  const text = TEXTS[template] as Text<Record<string, string>>;
  const p = new Proxy(params, { get: (t, k: string) => (typeof t[k] === 'string' && t[k] !== '' ? t[k] : '—') });
  const next = text.next(p);
  return { title: text.title, body: `${text.body(p)}${next}`, next };
}

/** Whether `t` names a template of this file (a sender on an older or newer version may not). */
export const isNotificationTemplate = (t: string): t is NotificationTemplate => Object.prototype.hasOwnProperty.call(TEXTS, t);
