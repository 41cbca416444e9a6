/**
 * The words the members subgraph defines and the others read: in member facts, in
 * eligibility rules, in seeds. One list each, so a new employment type or hardship tier
 * is added once. Members registers them as GraphQL enums with their descriptions.
 */
const vocabulary = <const V extends readonly string[]>(...values: V): { readonly [K in V[number]]: K } =>
  Object.freeze(Object.fromEntries(values.map((v) => [v, v]))) as { readonly [K in V[number]]: K };

/** Regular employees and the new-employment-form (gig) workers the join campaigns target. */
export const EmploymentType = vocabulary('REGULAR', 'DELIVERY_RIDER', 'RIDE_HAILING_DRIVER', 'COURIER', 'LIVE_STREAMER');
export type EmploymentType = (typeof EmploymentType)[keyof typeof EmploymentType];

/** 困难职工 tiers. */
export const HardshipTier = vocabulary('GENERAL', 'DEEP', 'ACCIDENT');
export type HardshipTier = (typeof HardshipTier)[keyof typeof HardshipTier];

export const MembershipStatus = vocabulary(
  'ACTIVE',
  /** 保留会籍: retired, unemployed or the employer closed; needs a reason. */
  'RETAINED',
  'TRANSFERRING',
  'LEFT',
);
export type MembershipStatus = (typeof MembershipStatus)[keyof typeof MembershipStatus];

export const SchoolStage = vocabulary('PRESCHOOL', 'PRIMARY', 'JUNIOR_HIGH', 'SENIOR_HIGH', 'VOCATIONAL', 'UNIVERSITY', 'NONE');
export type SchoolStage = (typeof SchoolStage)[keyof typeof SchoolStage];

/** NATION and PROVINCE sit above the city in a provincial or national deployment (ORG_LEVELS_ABOVE_CITY). */
export const OrgLevel = vocabulary('NATION', 'PROVINCE', 'CITY', 'DISTRICT', 'STREET', 'ENTERPRISE');
export type OrgLevel = (typeof OrgLevel)[keyof typeof OrgLevel];
