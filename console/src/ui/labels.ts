/** Chinese names for every enum the console shows. */
export const CASE_STATE: Record<string, string> = {
  REGISTERED: '已登记', TRANSFERRED: '已转办', ACCEPTED: '已接单', IN_PROGRESS: '办理中', WAITING_ON_WORKER: '待职工回复',
  RESOLVED: '已办结待签收', SIGNED_OFF: '已签收', CLOSED: '已关闭', DECLINED: '不予受理',
};
export const CASE_STATE_COLOR: Record<string, string> = {
  REGISTERED: 'blue', TRANSFERRED: 'geekblue', ACCEPTED: 'cyan', IN_PROGRESS: 'processing', WAITING_ON_WORKER: 'gold',
  RESOLVED: 'lime', SIGNED_OFF: 'green', CLOSED: 'default', DECLINED: 'default',
};
export const CASE_KIND: Record<string, string> = {
  MICRO_WISH: '微心愿', SUGGESTION: '微建言', URGENT_NEED: '急难愁盼', LEGAL_AID: '法律援助', HARDSHIP_AID: '困难帮扶',
  EDUCATION_AID: '金秋助学', COLLECTIVE_BARGAINING: '集体协商', GRASSROOTS_BUILDING: '基层建设', CARE_POST: '爱心驿站', OTHER: '其他',
};
export const CASE_CHANNEL: Record<string, string> = {
  WISH_WALL: '心愿墙', SUGGESTION_BOOK: '意见簿', WECHAT: '微信', WEBSITE: '网站', HOTLINE_12351: '12351 热线',
  CHAIR_VISIT_DAY: '主席陪伴日', INTERVIEW_CAMPAIGN: '大访谈', OTHER: '其他',
};
export const URGENCY: Record<string, string> = { NORMAL: '一般', HIGH: '较急', URGENT: '紧急' };
export const URGENCY_COLOR: Record<string, string> = { NORMAL: 'default', HIGH: 'orange', URGENT: 'red' };
export const CASE_ACTION: Record<string, string> = {
  RAISE: '登记', ACCEPT: '接单', TRANSFER: '转办', RETURN: '退回', PROGRESS: '记录进展', AWAIT_WORKER: '等待职工',
  WORKER_RESPONDED: '职工已回复', RESOLVE: '办结', SIGN_OFF: '签收', RATE: '评价', DECLINE: '不予受理', SUPERVISE: '督办',
  ESCALATE: '超期上报', CLOSE_TIMEOUT: '超时关闭', JOIN_PROJECT: '纳入统一帮办',
  PASS_UP: '上报上级工会', REFER_OUT: '转交外部机构', AGENCY_ANSWERED: '登记机构答复', CALLBACK: '电话回访',
};
export const RETURN_REASON: Record<string, string> = {
  NOT_IN_JURISDICTION: '不属本单位管辖', INSUFFICIENT_INFORMATION: '信息不全', DUPLICATE: '重复诉求', OUTSIDE_UNION_REMIT: '不属工会职责', OTHER: '其他',
};
export const DECLINE_REASON: Record<string, string> = {
  OUTSIDE_UNION_REMIT: '不属工会职责', DUPLICATE: '重复诉求', UNLAWFUL_OR_UNREASONABLE: '诉求不合法或不合理', WITHDRAWN_BY_WORKER: '职工撤回', OTHER: '其他',
};
export const RATING: Record<string, string> = { SATISFIED: '满意', BASICALLY_SATISFIED: '基本满意', UNSATISFIED: '不满意' };
export const MEMBERSHIP_STATUS: Record<string, string> = { ACTIVE: '正常', RETAINED: '保留会籍', TRANSFERRING: '接转中', LEFT: '已离会' };
export const EMPLOYMENT_TYPE: Record<string, string> = {
  REGULAR: '普通职工', DELIVERY_RIDER: '外卖骑手', RIDE_HAILING_DRIVER: '网约车司机', COURIER: '快递员', LIVE_STREAMER: '主播',
};
export const GENDER: Record<string, string> = { MALE: '男', FEMALE: '女' };
export const ORG_LEVEL: Record<string, string> = { CITY: '市总工会', DISTRICT: '区县总工会', STREET: '街道乡镇工会', ENTERPRISE: '基层工会' };
export const TRANSFER_STATUS: Record<string, string> = { REQUESTED: '待接收', ACCEPTED: '已接收', RETURNED: '已退回' };
export const APPLICATION_STATUS: Record<string, string> = { PENDING: '待审核', APPROVED: '已通过', REJECTED: '未通过' };
export const ACTOR_ROLE: Record<string, string> = { staff: '工会工作人员', admin: '管理员', member: '职工本人', system: '系统' };

export const label = (map: Record<string, string>, value: string | null | undefined): string => (value ? (map[value] ?? value) : '—');
