/** The Chinese words a union cadre reads in an exported sheet (the console's labels, for the file). */
export const KIND: Record<string, string> = {
  MICRO_WISH: '微心愿', SUGGESTION: '微建言', URGENT_NEED: '急难愁盼', LEGAL_AID: '法律援助', HARDSHIP_AID: '困难帮扶',
  EDUCATION_AID: '金秋助学', COLLECTIVE_BARGAINING: '集体协商', GRASSROOTS_BUILDING: '基层建设', CARE_POST: '爱心驿站', OTHER: '其他',
};
export const CHANNEL: Record<string, string> = {
  WISH_WALL: '心愿墙', SUGGESTION_BOOK: '意见簿', WECHAT: '微信', WEBSITE: '网站', HOTLINE_12351: '12351热线',
  CHAIR_VISIT_DAY: '主席陪伴日', INTERVIEW_CAMPAIGN: '大访谈', OTHER: '其他',
};
export const STATE: Record<string, string> = {
  REGISTERED: '已登记', TRANSFERRED: '已转办', ACCEPTED: '已接单', IN_PROGRESS: '办理中', WAITING_ON_WORKER: '待职工回复',
  RESOLVED: '已办结待签收', SIGNED_OFF: '已签收', CLOSED: '已关闭', DECLINED: '不予受理',
};
export const RATING: Record<string, string> = { SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', UNSATISFIED: '不满意' };
export const ACTION: Record<string, string> = {
  RAISE: '登记', ACCEPT: '接单', TRANSFER: '转办', RETURN: '退回', PROGRESS: '记录进展', AWAIT_WORKER: '等待职工',
  WORKER_RESPONDED: '职工已回复', RESOLVE: '办结', SIGN_OFF: '签收', RATE: '评价', DECLINE: '不予受理', SUPERVISE: '督办',
  ESCALATE: '超期上报', CLOSE_TIMEOUT: '超时关闭', JOIN_PROJECT: '纳入统一帮办', PASS_UP: '上报上级工会', REFER_OUT: '转交外部机构',
  AGENCY_ANSWERED: '登记机构答复', CALLBACK: '电话回访', HAND_OVER: '工会合并移交',
};

export const word = (map: Record<string, string>, v: string | null | undefined): string => (v ? (map[v] ?? v) : '');

/** The ledger's columns, in order. */
export const CASE_HEADERS = ['编号', '类别', '渠道', '诉求内容', '登记时间', '办理时限', '办结时间', '状态', '办理单位', '是否按时办结', '评价', '最后环节', '最后环节时间', '最后环节说明'] as const;

/** The figures' columns, in order. */
export const FIGURES_HEADERS = ['组织', '组织编码', '诉求总数', '已办结', '不予受理', '解决率', '结单率', '按时办结率', '满意率', '督办数', '超期未办结'] as const;
