import { registerEnumType } from 'type-graphql';

/** The programmes the seeds name (docs/domain.md, Benefits). */
export enum ProgrammeKind {
  CINEMA_VOUCHER = 'CINEMA_VOUCHER',
  SWIMMING_VOUCHER = 'SWIMMING_VOUCHER',
  GYM_VOUCHER = 'GYM_VOUCHER',
  CARE_VISIT = 'CARE_VISIT',
  GIFT_BATCH = 'GIFT_BATCH',
  EDUCATION_AID = 'EDUCATION_AID',
  MODEL_WORKER_AID = 'MODEL_WORKER_AID',
  HEALTH_CHECK = 'HEALTH_CHECK',
  SANATORIUM = 'SANATORIUM',
  FREE_CLASS = 'FREE_CLASS',
}

/** Kinds whose very use reveals hardship or aid: never shown to partners, never bound to one. */
export const SENSITIVE_KINDS: readonly ProgrammeKind[] = [ProgrammeKind.EDUCATION_AID, ProgrammeKind.MODEL_WORKER_AID, ProgrammeKind.CARE_VISIT];

/** Kinds a member holds a voucher for and a partner redeems. */
export const VOUCHER_KINDS: readonly ProgrammeKind[] = [
  ProgrammeKind.CINEMA_VOUCHER, ProgrammeKind.SWIMMING_VOUCHER, ProgrammeKind.GYM_VOUCHER, ProgrammeKind.HEALTH_CHECK,
  ProgrammeKind.SANATORIUM, ProgrammeKind.FREE_CLASS, ProgrammeKind.GIFT_BATCH,
];

export enum ProgrammeState {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

registerEnumType(ProgrammeKind, {
  name: 'ProgrammeKind',
  description: 'What a benefit programme (普惠服务 / 帮扶) gives. Education aid, model-worker aid and care visits are sensitive: never shown to or bound to a partner',
  valuesConfig: {
    CINEMA_VOUCHER: { description: 'Free cinema tickets at partner cinemas (免费观影); a voucher redeemed by the cinema' },
    SWIMMING_VOUCHER: { description: 'Free swimming vouchers at partner pools (免费游泳券)' },
    GYM_VOUCHER: { description: 'Free gym vouchers at partner gyms (免费健身券)' },
    CARE_VISIT: { description: 'Care visits to members by holiday batch (慰问); recorded as care visits, sensitive' },
    GIFT_BATCH: { description: 'Gift deliveries, e.g. summer cooling drinks (送清凉); a voucher a supplier redeems' },
    EDUCATION_AID: { description: "Education aid for hardship families' children (金秋助学): apply, enterprise check, district review, delivery; sensitive" },
    MODEL_WORKER_AID: { description: 'Aid for model workers in hardship (困难劳模救助); sensitive' },
    HEALTH_CHECK: { description: 'Free health checks at partner clinics (免费体检)' },
    SANATORIUM: { description: 'Sanatorium or rest-and-recuperation places (疗休养名额)' },
    FREE_CLASS: { description: 'Free classes (公益课程)' },
  },
});
registerEnumType(ProgrammeState, {
  name: 'ProgrammeState',
  description: 'Whether a programme is being prepared, running or over',
  valuesConfig: {
    DRAFT: { description: 'Being prepared: rules and allocations can be set; nobody can claim or apply yet' },
    ACTIVE: { description: 'Open: members can claim or apply between startsOn and endsOn' },
    CLOSED: { description: 'Over: no more claims or applications; what was issued stays' },
  },
});
