/**
 * Name material for the demo data of the fictional city 临江市 (Linjiang). Place and
 * company names are assembled from generic syllables so that no generated name points
 * at a real organisation; surnames and given-name characters are the common ones, so
 * the people look like a real Chinese workforce.
 */
import { EmploymentType } from '../member/member.entity';
import type { Random } from '@lianxin/demo-kit';

export const CITY = { name: '临江市', short: '临江', code: 'LJ', union: '临江市总工会' } as const;

/**
 * Common surnames with a weight roughly proportional to their share of the population
 * (per mille, after the 2020 census), so 王/李/张 dominate as they do in any real roster.
 */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 71.2], ['李', 70.0], ['张', 67.4], ['刘', 51.0], ['陈', 46.1], ['杨', 32.2], ['黄', 24.5], ['赵', 22.9],
  ['吴', 20.5], ['周', 19.5], ['徐', 16.7], ['孙', 15.4], ['马', 14.5], ['朱', 13.6], ['胡', 13.1], ['郭', 11.8],
  ['何', 11.0], ['高', 10.8], ['林', 10.1], ['罗', 9.9], ['郑', 8.8], ['梁', 8.7], ['谢', 7.7], ['宋', 7.1],
  ['唐', 7.0], ['许', 6.6], ['韩', 6.5], ['冯', 6.3], ['邓', 6.2], ['曹', 6.0], ['彭', 5.8], ['曾', 5.7],
  ['肖', 5.6], ['田', 5.4], ['董', 5.3], ['袁', 5.2], ['潘', 5.1], ['于', 5.0], ['蒋', 4.9], ['蔡', 4.8],
  ['余', 4.7], ['杜', 4.6], ['叶', 4.5], ['程', 4.4], ['苏', 4.3], ['魏', 4.2], ['吕', 4.1], ['丁', 4.0],
  ['任', 3.9], ['沈', 3.8], ['姚', 3.7], ['卢', 3.6], ['姜', 3.5], ['崔', 3.4], ['钟', 3.3], ['谭', 3.2],
  ['陆', 3.1], ['汪', 3.0], ['范', 2.9], ['金', 2.8], ['石', 2.7], ['廖', 2.6], ['贾', 2.5], ['夏', 2.4],
  ['韦', 2.3], ['付', 2.2], ['方', 2.1], ['白', 2.0], ['邹', 1.9], ['孟', 1.8], ['熊', 1.7], ['秦', 1.6],
  ['邱', 1.5], ['江', 1.4], ['尹', 1.3], ['薛', 1.2], ['闫', 1.1], ['段', 1.0], ['雷', 0.9], ['侯', 0.9],
  ['龙', 0.8], ['史', 0.8], ['陶', 0.7], ['黎', 0.7], ['贺', 0.7], ['顾', 0.6], ['毛', 0.6], ['郝', 0.6],
  ['龚', 0.5], ['邵', 0.5], ['万', 0.5], ['钱', 0.5], ['严', 0.5], ['武', 0.5], ['戴', 0.5], ['孔', 0.4],
  ['汤', 0.4], ['庞', 0.4], ['樊', 0.4], ['兰', 0.4], ['殷', 0.4], ['施', 0.4], ['欧阳', 0.1], ['上官', 0.02],
  ['司马', 0.02], ['诸葛', 0.01],
];

/** Characters common in men's given names. */
export const MALE_GIVEN_CHARS: readonly string[] = [
  ...'伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳建国峰亮成东志文海兵晨博豪然轩睿泽昊天翔锋彬坤庆振毅川航晖栋力春永新德江荣伦瑞祥福生卫忠宏松岩达政剑杭铭宸奕哲恒楠义武雄胜利光兴才良骏磊',
].filter((c, i, all) => all.indexOf(c) === i);

/** Characters common in women's given names. */
export const FEMALE_GIVEN_CHARS: readonly string[] = [
  ...'芳娜敏静丽艳娟霞秀燕玲桂英红梅琳萍雪婷慧倩颖洁琴云莉兰凤佳欣怡悦涵萱婉璐瑶琪晶晴薇蕾露岚彤妍馨雯菲娇淑珍丹月美秋翠莹茜蓉琼姗嘉诗雨思梦可若沁语欢爱青素巧珊媛妮霏婧瑾曼蕊靖菁婕璇晓',
].filter((c, i, all) => all.indexOf(c) === i);

/** Characters used for both, mostly as the first of two. */
export const SHARED_GIVEN_CHARS: readonly string[] = [...'子晓小文思雨嘉一安明春海'];

export type DistrictKindName = 'DISTRICT' | 'COUNTY' | 'INDUSTRY_FEDERATION';

/** District-level units of 临江市: urban districts, one county and the transport-industry federation. */
export const DISTRICTS: readonly { short: string; union: string; kind: DistrictKindName }[] = [
  { short: '滨江区', union: '临江市滨江区总工会', kind: 'DISTRICT' },
  { short: '临湖区', union: '临江市临湖区总工会', kind: 'DISTRICT' },
  { short: '江北区', union: '临江市江北区总工会', kind: 'DISTRICT' },
  { short: '望海区', union: '临江市望海区总工会', kind: 'DISTRICT' },
  { short: '云溪区', union: '临江市云溪区总工会', kind: 'DISTRICT' },
  { short: '青岚区', union: '临江市青岚区总工会', kind: 'DISTRICT' },
  { short: '金湾区', union: '临江市金湾区总工会', kind: 'DISTRICT' },
  { short: '凤台区', union: '临江市凤台区总工会', kind: 'DISTRICT' },
  { short: '新港区', union: '临江市新港区总工会', kind: 'DISTRICT' },
  { short: '白沙区', union: '临江市白沙区总工会', kind: 'DISTRICT' },
];
export const COUNTY = { short: '澄溪县', union: '澄溪县总工会', kind: 'COUNTY' } as const;
export const INDUSTRY_FEDERATION = { short: '交通运输', union: '临江市交通运输行业工会联合会', kind: 'INDUSTRY_FEDERATION' } as const;

/** Syllables that make plausible, generic place names (望江, 柳岸, 金沙…) for streets, towns and roads. */
const PLACE_FIRST = [...'东西南北新上下中前长清青白金银石柳桃梅竹松枫荷凤龙鹤雁云望临丰永兴'];
const PLACE_SECOND = [...'桥湖溪港湾塘山岭坪园林洲坝浦埠岗川泉亭门江沙岸田'];

/** Combinations that are well-known real places; a fictional city should not have them. */
const REAL_PLACES = new Set(['长沙', '中山', '西湖', '东湖', '金门', '江门', '龙门', '龙泉', '长江', '黄山', '南山', '北海', '青山']);

/** A two-character place name; combine with a Set to keep them unique. */
export function placeName(rng: Random): string {
  for (;;) {
    const name = rng.pick(PLACE_FIRST) + rng.pick(PLACE_SECOND);
    // "江江" is no place name.
    if (name[0] !== name[1] && !REAL_PLACES.has(name)) return name;
  }
}

/** Streets, towns and the development zone under a district or county. */
export const streetUnion = (place: string): string => `${place}街道总工会`;
export const townUnion = (place: string): string => `${place}镇总工会`;
export const zoneUnion = (districtShort: string, county: boolean): string =>
  `${districtShort.replace(/[区县]$/, '')}${county ? '工业园区' : '经济技术开发区'}总工会`;

/** One industry a generated enterprise belongs to, and how many of its members are gig workers. */
export interface Industry {
  /** The business word inside the company name: 临江<字号><business>有限公司. */
  business: string;
  weight: number;
  /** The gig type this industry employs, and the share of its members of that type. */
  gig?: { type: EmploymentType; share: number };
}

/** Ordinary enterprises; a small share of their members are gig workers anyway (see generate.ts). */
export const REGULAR_INDUSTRIES: readonly Industry[] = [
  { business: '机械制造', weight: 6 }, { business: '电子科技', weight: 5 }, { business: '纺织服装', weight: 4 },
  { business: '食品', weight: 4 }, { business: '建筑工程', weight: 5 }, { business: '建材', weight: 2 },
  { business: '商贸', weight: 5 }, { business: '餐饮管理', weight: 4 }, { business: '物业服务', weight: 4 },
  { business: '酒店管理', weight: 2 }, { business: '医药', weight: 2 }, { business: '化工', weight: 2 },
  { business: '新材料', weight: 3 }, { business: '汽车零部件', weight: 3 }, { business: '印刷包装', weight: 2 },
  { business: '家居', weight: 2 }, { business: '环保科技', weight: 2 }, { business: '软件', weight: 2 },
  { business: '保安服务', weight: 2 }, { business: '连锁超市', weight: 2 }, { business: '农业开发', weight: 2 },
  { business: '水产', weight: 1 }, { business: '模具', weight: 1 }, { business: '光电', weight: 1 },
];

/** Platforms and contractors of the new employment forms (新就业形态). */
export const GIG_INDUSTRIES: readonly Industry[] = [
  { business: '配送服务', weight: 4, gig: { type: EmploymentType.DELIVERY_RIDER, share: 0.85 } },
  { business: '即时配送', weight: 2, gig: { type: EmploymentType.DELIVERY_RIDER, share: 0.9 } },
  { business: '快递服务', weight: 3, gig: { type: EmploymentType.COURIER, share: 0.8 } },
  { business: '物流', weight: 3, gig: { type: EmploymentType.COURIER, share: 0.4 } },
  { business: '出行科技', weight: 3, gig: { type: EmploymentType.RIDE_HAILING_DRIVER, share: 0.85 } },
  { business: '汽车租赁', weight: 1, gig: { type: EmploymentType.RIDE_HAILING_DRIVER, share: 0.5 } },
  { business: '文化传媒', weight: 2, gig: { type: EmploymentType.LIVE_STREAMER, share: 0.5 } },
  { business: '电子商务', weight: 2, gig: { type: EmploymentType.LIVE_STREAMER, share: 0.35 } },
];

/** Branch unions under the transport-industry federation, each with the industries of its enterprises. */
export const TRANSPORT_SECTORS: readonly { union: string; industries: readonly Industry[] }[] = [
  { union: '临江市网约车行业工会联合会', industries: [{ business: '出行科技', weight: 3, gig: { type: EmploymentType.RIDE_HAILING_DRIVER, share: 0.9 } }, { business: '汽车租赁', weight: 1, gig: { type: EmploymentType.RIDE_HAILING_DRIVER, share: 0.6 } }] },
  { union: '临江市快递行业工会联合会', industries: [{ business: '快递服务', weight: 3, gig: { type: EmploymentType.COURIER, share: 0.85 } }, { business: '供应链管理', weight: 1, gig: { type: EmploymentType.COURIER, share: 0.4 } }] },
  { union: '临江市外卖配送行业工会联合会', industries: [{ business: '配送服务', weight: 3, gig: { type: EmploymentType.DELIVERY_RIDER, share: 0.9 } }, { business: '即时配送', weight: 2, gig: { type: EmploymentType.DELIVERY_RIDER, share: 0.9 } }] },
  { union: '临江市出租汽车行业工会', industries: [{ business: '出租汽车', weight: 3, gig: { type: EmploymentType.RIDE_HAILING_DRIVER, share: 0.25 } }] },
  { union: '临江市公交客运行业工会', industries: [{ business: '公交客运', weight: 2 }, { business: '长途客运', weight: 1 }] },
  { union: '临江市道路货运行业工会', industries: [{ business: '道路货运', weight: 2 }, { business: '物流', weight: 2, gig: { type: EmploymentType.COURIER, share: 0.3 } }] },
  { union: '临江市港口航运行业工会', industries: [{ business: '港务', weight: 1 }, { business: '航运', weight: 2 }] },
  { union: '临江市城市轨道交通行业工会', industries: [{ business: '轨道交通运营', weight: 1 }, { business: '轨道交通设备', weight: 1 }] },
  { union: '临江市汽车维修行业工会', industries: [{ business: '汽车维修', weight: 3 }, { business: '汽车销售服务', weight: 1 }] },
  { union: '临江市驾驶员培训行业工会', industries: [{ business: '驾驶员培训', weight: 1 }] },
  { union: '临江市物流仓储行业工会', industries: [{ business: '仓储', weight: 2 }, { business: '物流', weight: 2, gig: { type: EmploymentType.COURIER, share: 0.4 } }] },
  { union: '临江市公路养护行业工会', industries: [{ business: '公路养护', weight: 1 }, { business: '路桥工程', weight: 1 }] },
];

/** Syllables of company trade names (字号). Pairs of them are generic enough to name no real firm in a fictional city. */
const BRAND_CHARS = [...'恒瑞华鑫盛嘉宏裕泰丰源达信诚安康博远兴隆润昌德和祥通汇联创星辰航宇晟铭卓越锦绣弘毅启明'];

/** A two-character trade name such as 恒达 or 瑞丰. */
export function brandName(rng: Random): string {
  const first = rng.pick(BRAND_CHARS);
  let second = rng.pick(BRAND_CHARS);
  while (second === first) second = rng.pick(BRAND_CHARS);
  return first + second;
}

/** The union of a generated company, e.g. 临江恒达机械制造有限公司工会. */
export function enterpriseUnionName(rng: Random, industry: Industry, districtShort: string): string {
  const brand = brandName(rng);
  const form = rng.weighted([
    [`${CITY.short}${brand}${industry.business}有限公司`, 65],
    [`${CITY.name}${brand}${industry.business}股份有限公司`, 12],
    [`${districtShort.replace(/[区县]$/, '')}${brand}${industry.business}有限公司`, 13],
    [`${CITY.short}${brand}集团${industry.business}有限公司`, 10],
  ] as const);
  return `${form}工会`;
}

const POST_THEMES = ['新业态', '户外劳动者', '快递小哥', '外卖骑手', '暖心', '爱心', '职工之家', '司机之家', '新就业形态'];
const POST_SITES = ['路', '街', '社区', '广场', '商圈', ''];

/** A union post (工会驿站), e.g. 柳岸路户外劳动者工会驿站. */
export function unionPostName(rng: Random, place: string): string {
  return `${place}${rng.pick(POST_SITES)}${rng.pick(POST_THEMES)}工会驿站`;
}

/** Why a membership is retained (保留会籍), with how often each occurs. */
export const RETAINED_REASONS: readonly (readonly [string, number])[] = [['退休', 50], ['失业', 30], ['企业关停', 20]];
/** Why a member left. */
export const LEFT_REASONS: readonly (readonly [string, number])[] = [['调离本市', 50], ['本人申请退会', 30], ['出国（境）定居', 10], ['去世', 10]];
/** Why a transfer was requested. */
export const TRANSFER_REASONS: readonly string[] = ['工作调动', '劳动关系转入新单位', '跳槽至新单位', '随家庭迁居', '平台合作站点变更'];
/** Why a receiving org returned a transfer. */
export const RETURN_REASONS: readonly string[] = ['本人未到接收单位报到', '接收单位信息有误', '非本单位职工', '劳动合同未签订'];
/** Why a QR-code join application was rejected. */
export const REJECT_REASONS: readonly string[] = ['非本单位职工', '身份信息与证件不符', '重复提交申请', '已在其他基层工会入会', '未在本辖区就业'];

/** Mobile number prefixes of the three carriers (13x/15x/17x/18x/19x). */
export const PHONE_PREFIXES: readonly string[] = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159',
  '170', '173', '175', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189', '191', '198', '199',
];
