import { registerEnumType } from 'type-graphql';

/** The programmes the seeds name (DOMAIN.md, Benefits). */
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

registerEnumType(ProgrammeKind, { name: 'ProgrammeKind' });
registerEnumType(ProgrammeState, { name: 'ProgrammeState' });
