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
  PASS_UP: '上报上级工会', REFER_OUT: '转交外部机构', AGENCY_ANSWERED: '登记机构答复', CALLBACK: '电话回访', HAND_OVER: '工会合并移交',
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
export const ORG_KIND: Record<string, string> = {
  NATIONAL_FEDERATION: '全国总工会', PROVINCE_FEDERATION: '省总工会', CITY_FEDERATION: '市总工会', DISTRICT: '区总工会', COUNTY: '县总工会', INDUSTRY_FEDERATION: '行业工会联合会', STREET: '街道工会', TOWN: '镇工会', DEVELOPMENT_ZONE: '开发区工会',
  ENTERPRISE: '企业工会', UNION_POST: '工会驿站',
};
export const ORG_HISTORY_ACTION: Record<string, string> = { FOUND: '建会', RENAME: '更名', MOVE: '调整隶属', MERGE: '并入其他工会', ABSORB: '接收合并', CLOSE: '撤销', SET_PLACE: '更新阵地信息' };
export const OWNERSHIP: Record<string, string> = {
  STATE_OWNED: '国有', COLLECTIVE: '集体', PRIVATE: '非公/私营', FOREIGN: '外资', HONG_KONG_MACAO_TAIWAN: '港澳台资', PUBLIC_INSTITUTION: '机关事业单位', SOCIAL_ORGANISATION: '社会组织', OTHER: '其他',
};
export const POST_SERVICE: Record<string, string> = {
  REST: '休息', WATER: '饮水', CHARGING: '充电', MEAL_HEATING: '热饭', TOILET: '如厕', FIRST_AID: '应急药箱', LEGAL_ADVICE: '法律咨询', AIR_CONDITIONING: '纳凉取暖', READING: '阅读', WIFI: '无线上网',
};
export const ORG_LEVEL: Record<string, string> = { NATION: '全国总工会', PROVINCE: '省总工会', CITY: '市总工会', DISTRICT: '区县总工会', STREET: '街道乡镇工会', ENTERPRISE: '基层工会' };
export const TRANSFER_STATUS: Record<string, string> = { REQUESTED: '待接收', ACCEPTED: '已接收', RETURNED: '已退回' };
export const APPLICATION_STATUS: Record<string, string> = { PENDING: '待审核', APPROVED: '已通过', REJECTED: '未通过' };
export const ACTOR_ROLE: Record<string, string> = { staff: '工会工作人员', admin: '管理员', member: '职工本人', system: '系统' };

export const HARDSHIP_TIER: Record<string, string> = { GENERAL: '一般困难', DEEP: '深度困难', ACCIDENT: '意外致困' };
export const HARDSHIP_KIND: Record<string, string> = { REGULAR: '常态困难', TEMPORARY: '临时困难' };
export const HARDSHIP_STATE: Record<string, string> = { OPEN: '在档', EXITED: '已解困' };
export const HARDSHIP_ACTION: Record<string, string> = { OPEN: '建档', REVIEW: '年度复核', CHANGE_TIER: '调整困难类别', EXIT: '解困', RETURN: '返困', MAKE_REGULAR: '转为常态档案' };
export const SCHOOL_STAGE: Record<string, string> = {
  PRESCHOOL: '学前', PRIMARY: '小学', JUNIOR_HIGH: '初中', SENIOR_HIGH: '高中', VOCATIONAL: '中职', UNIVERSITY: '大学', NONE: '未上学',
};

/* ---------- 普惠与帮扶 (benefits) ---------- */
export const PROGRAMME_KIND: Record<string, string> = {
  CINEMA_VOUCHER: '免费观影', SWIMMING_VOUCHER: '免费游泳', GYM_VOUCHER: '免费健身', CARE_VISIT: '走访慰问', GIFT_BATCH: '送清凉等物资发放',
  EDUCATION_AID: '金秋助学', MODEL_WORKER_AID: '困难劳模帮扶', HEALTH_CHECK: '免费体检', SANATORIUM: '疗休养', FREE_CLASS: '公益课程',
};
export const PROGRAMME_STATE: Record<string, string> = { DRAFT: '筹备中', ACTIVE: '进行中', CLOSED: '已结束' };
export const PROGRAMME_STATE_COLOR: Record<string, string> = { DRAFT: 'default', ACTIVE: 'green', CLOSED: 'default' };
export const VOUCHER_STATE: Record<string, string> = { ISSUED: '未使用', REDEEMED: '已核销', EXPIRED: '已过期', CANCELLED: '已作废' };
export const ELIGIBILITY_STATUS: Record<string, string> = { ELIGIBLE: '符合条件', INELIGIBLE: '不符合条件', NEEDS_INFO: '还需补充信息' };
export const ELIGIBILITY_STATUS_COLOR: Record<string, string> = { ELIGIBLE: 'green', INELIGIBLE: 'red', NEEDS_INFO: 'gold' };
export const REASON_CODE: Record<string, string> = {
  PROGRAMME_NOT_OPEN: '项目未在进行', OUTSIDE_PROGRAMME_AREA: '不在覆盖范围', NOT_ACTIVE_MEMBER: '会籍状态不符', EMPLOYMENT_TYPE_NOT_COVERED: '就业形态不符',
  NOT_HARDSHIP_TIER: '非困难职工', NOT_MODEL_WORKER: '不是劳模', NO_CHILD_RECORDED: '未登记子女', CHILD_REQUIRED: '需选定子女',
  CHILD_NOT_COVERED: '子女不在范围', LIMIT_REACHED: '次数已用完', QUOTA_EXHAUSTED: '名额已用完', ALREADY_AIDED: '已受过其他帮扶',
};
export const CARE_OCCASION: Record<string, string> = {
  SPRING_FESTIVAL: '春节慰问', DRAGON_BOAT: '端午慰问', MID_AUTUMN: '中秋慰问', NATIONAL_DAY: '国庆慰问', SUMMER_COOLING: '夏送清凉', OTHER: '其他',
};
export const AID_STATE: Record<string, string> = { APPLIED: '待企业工会审核', ENTERPRISE_CHECKED: '待区县审批', AWARDED: '已批准待发放', REJECTED: '未通过', DELIVERED: '已发放' };
/** Model-worker aid (困难劳模救助) skips the enterprise check: an APPLIED one waits for the district. */
export const aidStateLabel = (kind: string, state: string): string => (kind === 'MODEL_WORKER_AID' && state === 'APPLIED' ? '待区县审批' : AID_STATE[state] ?? state);
export const AID_STATE_COLOR: Record<string, string> = { APPLIED: 'blue', ENTERPRISE_CHECKED: 'geekblue', AWARDED: 'gold', REJECTED: 'default', DELIVERED: 'green' };
export const AID_STEP: Record<string, string> = { CHECK: '企业工会审核', REVIEW: '区县审批', DELIVER: '发放' };
export const PARTNER_KIND: Record<string, string> = { CINEMA: '影院', POOL: '游泳馆', GYM: '健身场馆', CLINIC: '体检机构', SUPPLIER: '供应商' };

export const label = (map: Record<string, string>, value: string | null | undefined): string => (value ? (map[value] ?? value) : '—');
