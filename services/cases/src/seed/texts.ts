/**
 * What the demo cases say: the requests workers bring to the union, and what the union
 * writes back, by kind. All fictional, in the words the seed documents use.
 */
import { CaseKind, DeclineReason, Rating, ReturnReason } from '../casefile/case.enums';

/** What workers ask for (诉求内容), by kind. */
export const DESCRIPTIONS: Readonly<Record<CaseKind, readonly string[]>> = {
  [CaseKind.MICRO_WISH]: [
    '希望能为上小学的孩子添置一套学习用品',
    '想给父母预约一次免费体检',
    '希望职工书屋增加一些技术类图书',
    '希望单位食堂为夜班职工提供热餐',
    '想为孩子报名工会暑期托管班',
    '希望能参加一次免费观影活动',
    '想学习声乐，希望工会开设公益课程',
    '希望领取一张免费游泳券，带孩子学游泳',
  ],
  [CaseKind.SUGGESTION]: [
    '建议在园区增设户外劳动者休息点',
    '建议优化夜班交接流程，减少无效加班',
    '建议工会公众号增加在线办事入口',
    '建议在职工食堂公示菜品价格',
    '建议为新入职员工开展安全生产培训',
    '建议延长职工书屋周末开放时间',
  ],
  [CaseKind.URGENT_NEED]: [
    '被拖欠三个月工资，急需帮助追讨',
    '家中突发火灾，生活陷入困难',
    '工作中受伤，工伤认定进展缓慢',
    '配送途中发生交通事故，医疗费用无法垫付',
    '单位未按时缴纳社保，影响孩子入学',
    '被要求无偿加班，拒绝后遭到调岗',
  ],
  [CaseKind.LEGAL_AID]: [
    '用人单位拒绝签订劳动合同，咨询维权途径',
    '被单位违法解除劳动合同，申请法律援助',
    '平台单方面调整计费规则，咨询是否合法',
    '加班费计算有争议，请求法律帮助',
    '工伤赔偿协商未果，需要律师代理仲裁',
  ],
  [CaseKind.HARDSHIP_AID]: [
    '家属患重病，医疗费用负担沉重，申请困难帮扶',
    '单亲家庭收入低，申请生活救助',
    '本人患慢性病长期服药，申请医疗救助',
    '家中老人失能需要照护，申请帮扶',
  ],
  [CaseKind.EDUCATION_AID]: [
    '孩子今年考上大学，家庭困难，申请金秋助学',
    '子女就读高中，申请助学金',
    '孩子就读职业院校，申请学习用品资助',
    '两个孩子同时上学，负担较重，申请助学帮扶',
  ],
  [CaseKind.COLLECTIVE_BARGAINING]: [
    '职工希望就年度工资增长开展集体协商',
    '建议就夜班津贴标准进行集体协商',
    '快递网点职工希望协商派件单价',
    '希望就高温津贴发放开展协商',
    '建议签订女职工权益保护专项集体合同',
    '外卖骑手希望就配送时限和超时扣款规则开展协商',
  ],
  [CaseKind.GRASSROOTS_BUILDING]: [
    '新成立的企业尚未建立工会，希望帮助组建',
    '工会委员会换届选举，请求指导',
    '希望建设职工之家，申请经费支持',
    '工会会员信息需要更新，请求协助',
    '建议在新就业形态劳动者聚集区建立工会驿站',
    '企业工会经费收缴不规范，请求指导',
  ],
  [CaseKind.CARE_POST]: [
    '驿站饮水机损坏，请求维修',
    '希望驿站延长夏季开放时间',
    '驿站缺少急救药箱，请求配备',
    '希望在驿站设置手机充电和休息座椅',
    '冬季驿站取暖设备不足，请求增加',
  ],
  [CaseKind.OTHER]: [
    '咨询会员卡使用范围',
    '反映职工宿舍周边照明不足',
    '咨询疗休养名额申请条件',
    '反映工会活动通知不及时',
    '咨询如何办理会员组织关系转接',
  ],
};

/** A closing phrase added to some descriptions. */
export const DESCRIPTION_TAILS: readonly string[] = ['', '', '', '。盼尽快答复', '。方便时请电话联系', '。同班组其他职工也有同样情况', '。此前已向单位反映过，没有结果'];

/** The department or person named on acceptance, by kind. */
export const RESPONSIBLE: Readonly<Record<CaseKind, readonly string[]>> = {
  [CaseKind.MICRO_WISH]: ['女职工部', '宣教文体部', '基层工作部'],
  [CaseKind.SUGGESTION]: ['办公室', '基层工作部'],
  [CaseKind.URGENT_NEED]: ['权益保障部', '职工服务中心'],
  [CaseKind.LEGAL_AID]: ['法律服务中心', '权益保障部'],
  [CaseKind.HARDSHIP_AID]: ['职工帮扶中心'],
  [CaseKind.EDUCATION_AID]: ['职工帮扶中心', '女职工部'],
  [CaseKind.COLLECTIVE_BARGAINING]: ['权益保障部', '集体协商指导员'],
  [CaseKind.GRASSROOTS_BUILDING]: ['组织部', '基层工作部'],
  [CaseKind.CARE_POST]: ['职工服务中心', '基层工作部'],
  [CaseKind.OTHER]: ['办公室', '职工服务中心'],
};

export const STAFF_SURNAMES: readonly string[] = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '朱', '马', '胡', '郭'];
export const STAFF_TITLES: readonly string[] = ['干事', '部长', '副主席', '主任'];

export const ACCEPT_NOTES: readonly string[] = ['已受理，将尽快办理', '已安排专人跟进', '已与职工电话确认诉求'];

export const TRANSFER_NOTES: readonly string[] = ['请属地工会核实办理', '转职工所在单位工会办理，请按时反馈', '请街道工会牵头办理'];

export const PROGRESS_NOTES: Readonly<Record<CaseKind, readonly string[]>> = {
  [CaseKind.MICRO_WISH]: ['已发布心愿认领信息', '爱心企业已认领心愿', '已采购相关物品'],
  [CaseKind.SUGGESTION]: ['已提交工会办公会研究', '已与企业行政部门沟通'],
  [CaseKind.URGENT_NEED]: ['已联系用人单位核实情况', '已协调人社部门介入', '已上门走访了解情况'],
  [CaseKind.LEGAL_AID]: ['法律顾问已出具初步意见', '已指派律师对接', '已协助准备仲裁材料'],
  [CaseKind.HARDSHIP_AID]: ['已上门走访，核实家庭困难情况', '帮扶申请已提交区总工会审核', '材料审核通过，等待资金拨付'],
  [CaseKind.EDUCATION_AID]: ['已核实就学情况', '助学申请已报区总工会审核'],
  [CaseKind.COLLECTIVE_BARGAINING]: ['已向企业发出协商要约', '已组织双方进行第一轮协商', '已召开职工代表座谈会征求意见'],
  [CaseKind.GRASSROOTS_BUILDING]: ['已与企业负责人沟通建会事宜', '已指导成立工会筹备组', '已开展会员登记'],
  [CaseKind.CARE_POST]: ['已联系物业安排维修', '已申请驿站运营经费'],
  [CaseKind.OTHER]: ['已联系相关部门了解情况', '已电话回复职工初步情况'],
};

export const AWAIT_NOTES: readonly string[] = ['请职工补充劳动合同复印件', '请提供收入证明及户籍材料', '请提供医院诊断证明', '请确认方便回访的时间', '请补充相关证明材料'];
export const RESPONSE_NOTES: readonly string[] = ['职工已补充相关材料', '已收到职工提交的证明', '职工已电话确认相关情况'];

export const RESOLUTIONS: Readonly<Record<CaseKind, readonly string[]>> = {
  [CaseKind.MICRO_WISH]: ['心愿已认领，物品已送达职工手中', '已安排参加公益课程', '已发放免费观影券'],
  [CaseKind.SUGGESTION]: ['建议已采纳，相关措施已落实', '已书面答复职工并说明处理情况'],
  [CaseKind.URGENT_NEED]: ['经协调，拖欠工资已全部发放', '已发放临时救助金并跟踪回访', '已协助完成工伤认定'],
  [CaseKind.LEGAL_AID]: ['已指派律师提供法律援助，劳动争议已调解结案', '已出具法律意见书并协助申请仲裁', '经调解，单位补签劳动合同'],
  [CaseKind.HARDSHIP_AID]: ['已纳入困难职工帮扶，发放帮扶金', '已发放医疗救助金'],
  [CaseKind.EDUCATION_AID]: ['助学金已发放', '学习用品已送达'],
  [CaseKind.COLLECTIVE_BARGAINING]: ['集体协商已完成，签订工资专项集体合同', '已达成高温津贴协议', '已签订女职工权益保护专项集体合同'],
  [CaseKind.GRASSROOTS_BUILDING]: ['工会已依法组建，选举产生工会委员会', '职工之家建设经费已拨付', '换届选举已完成'],
  [CaseKind.CARE_POST]: ['设施已维修并恢复使用', '已调整驿站开放时间并公示', '已配齐急救药箱'],
  [CaseKind.OTHER]: ['已答复职工咨询', '已协调相关部门处理'],
};

export const SIGN_OFF_NOTES: readonly string[] = ['经核查，办理结果属实，同意签单', '已回访职工，同意签单'];

export const RATING_COMMENTS: Readonly<Record<Rating, readonly (string | null)[]>> = {
  [Rating.SATISFIED]: [null, null, '办理及时，非常感谢', '工会帮了大忙', '服务很周到'],
  [Rating.BASICALLY_SATISFIED]: [null, '问题基本解决，希望后续跟进', '处理时间有些长'],
  [Rating.UNSATISFIED]: ['问题没有真正解决', '答复敷衍，希望重新办理', '处理结果与诉求不符'],
};

export const DECLINE_NOTES: Readonly<Record<DeclineReason, string>> = {
  [DeclineReason.OUTSIDE_UNION_REMIT]: '该事项不属于工会职责范围，已告知职工向相关部门反映',
  [DeclineReason.DUPLICATE]: '与已受理的诉求重复，合并办理',
  [DeclineReason.UNLAWFUL_OR_UNREASONABLE]: '诉求缺乏依据，已向职工解释说明',
  [DeclineReason.WITHDRAWN_BY_WORKER]: '职工表示问题已自行解决，申请撤回',
  [DeclineReason.OTHER]: '经核实情况不符，不予受理',
};

export const RETURN_NOTES: Readonly<Record<ReturnReason, string>> = {
  [ReturnReason.NOT_IN_JURISDICTION]: '职工所在单位不在本辖区',
  [ReturnReason.INSUFFICIENT_INFORMATION]: '诉求信息不完整，无法办理',
  [ReturnReason.DUPLICATE]: '本单位已受理相同诉求',
  [ReturnReason.OUTSIDE_UNION_REMIT]: '该事项不属于工会职责范围',
  [ReturnReason.OTHER]: '请上级工会协调办理',
};

export const SUPERVISE_NOTES: readonly string[] = ['逾期未办结，请加快办理并反馈进展', '请重点关注，按时办结', '职工多次反映，请尽快答复'];

/** The districts' yearly 微评议 of union service: rating questions, then one for comments. */
export const SURVEY_QUESTIONS: readonly (readonly [string, 'RATING' | 'TEXT'])[] = [
  ['您对所在工会办理职工诉求的及时程度是否满意？', 'RATING'],
  ['您对工会帮扶、慰问和普惠服务是否满意？', 'RATING'],
  ['您对工会干部的服务态度是否满意？', 'RATING'],
  ['您对工会工作还有什么意见和建议？', 'TEXT'],
];

export const SURVEY_COMMENTS = [
  '希望驿站晚上多开一会儿，送完夜单能有个地方歇脚。',
  '诉求办得挺快，回访电话也很及时。',
  '建议多组织一些适合年轻职工的活动。',
  '免费观影券希望能覆盖更多影院。',
  '希望子女助学的申请材料能再简化一些。',
  '工会主席常来车间，有事能当面说，很好。',
  '希望增加一些法律咨询的线下时间。',
];

/** 工会主席陪伴日: who holds the days, and what their 民意日记 says of a visit (走访—座谈—解决). */
export const CHAIRS = ['王建华', '李春梅', '张国强', '刘桂芳', '陈志刚', '杨秀英', '赵德明', '黄丽娟', '周海涛', '吴永红', '徐卫东', '孙晓燕'] as const;
export const VISIT_NOTES = [
  '到生产车间一线走访，与职工同坐一条板凳、同吃一桌饭，听取意见建议。',
  '在包装车间开展微调研，发放简短问卷，了解职工对倒班安排的看法。',
  '召开微座谈，十余名一线职工围坐交流，围绕工资发放、劳动保护谈心声。',
  '走访仓储班组，查看休息室和饮水设施，职工反映夏季高温问题。',
  '与新入职青年职工座谈，了解住宿、通勤和技能培训需求。',
  '到食堂与职工共进午餐，收集对菜品和用餐时间的意见。',
  '走访夜班岗位，了解夜班补贴和安全防护落实情况。',
  '围绕职工子女暑期托管开展微调研，统计有需求的家庭。',
] as const;
