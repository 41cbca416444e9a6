import { registerEnumType } from 'type-graphql';

export enum OrgHistoryAction {
  FOUND = 'FOUND',
  RENAME = 'RENAME',
  MOVE = 'MOVE',
  /** This org was merged into another and closed. */
  MERGE = 'MERGE',
  /** This org took over a merged one's members and open work. */
  ABSORB = 'ABSORB',
  CLOSE = 'CLOSE',
  SET_PLACE = 'SET_PLACE',
}

/** 所有制: who owns the enterprise an org is the union of. */
export enum Ownership {
  STATE_OWNED = 'STATE_OWNED',
  COLLECTIVE = 'COLLECTIVE',
  PRIVATE = 'PRIVATE',
  FOREIGN = 'FOREIGN',
  HONG_KONG_MACAO_TAIWAN = 'HONG_KONG_MACAO_TAIWAN',
  PUBLIC_INSTITUTION = 'PUBLIC_INSTITUTION',
  SOCIAL_ORGANISATION = 'SOCIAL_ORGANISATION',
  OTHER = 'OTHER',
}

/** What a union post (工会驿站) offers outdoor and gig workers. */
export enum PostService {
  REST = 'REST',
  WATER = 'WATER',
  CHARGING = 'CHARGING',
  MEAL_HEATING = 'MEAL_HEATING',
  TOILET = 'TOILET',
  FIRST_AID = 'FIRST_AID',
  LEGAL_ADVICE = 'LEGAL_ADVICE',
  AIR_CONDITIONING = 'AIR_CONDITIONING',
  READING = 'READING',
  WIFI = 'WIFI',
}

registerEnumType(OrgHistoryAction, {
  name: 'OrgHistoryAction',
  description: 'What changed in an org',
  valuesConfig: {
    FOUND: { description: '建会: the union was founded' },
    RENAME: { description: '更名: renamed' },
    MOVE: { description: '隶属关系调整: moved under another parent, with everything below it' },
    MERGE: { description: '合并: merged into another union and closed' },
    ABSORB: { description: '并入: took over a merged union\'s members and open work' },
    CLOSE: { description: '撤销: closed' },
    SET_PLACE: { description: '阵地信息: its address, headcount, ownership or services changed' },
  },
});
registerEnumType(Ownership, {
  name: 'Ownership',
  description: 'Who owns the enterprise (所有制)',
  valuesConfig: {
    STATE_OWNED: { description: '国有' },
    COLLECTIVE: { description: '集体' },
    PRIVATE: { description: '非公/私营' },
    FOREIGN: { description: '外资' },
    HONG_KONG_MACAO_TAIWAN: { description: '港澳台资' },
    PUBLIC_INSTITUTION: { description: '机关事业单位' },
    SOCIAL_ORGANISATION: { description: '社会组织' },
    OTHER: { description: '其他' },
  },
});
registerEnumType(PostService, {
  name: 'PostService',
  description: 'A service a union post offers (工会驿站服务)',
  valuesConfig: {
    REST: { description: '休息' },
    WATER: { description: '饮水' },
    CHARGING: { description: '充电' },
    MEAL_HEATING: { description: '热饭' },
    TOILET: { description: '如厕' },
    FIRST_AID: { description: '应急药箱' },
    LEGAL_ADVICE: { description: '法律咨询' },
    AIR_CONDITIONING: { description: '纳凉取暖' },
    READING: { description: '阅读' },
    WIFI: { description: '无线上网' },
  },
});
