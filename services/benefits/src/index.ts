export * from './app';
export * from './schema';
/** Under the name every subgraph exports it: the schema generator finds it from the list of subgraphs in @lianxin/config. */
export { buildBenefitsSubgraph as buildServiceSubgraph } from './schema';
export * from './entities';
export { migrations } from './migrations';
export { evaluate, EligibilityStatus, ReasonCode } from './eligibility/eligibility.engine';
export { expireVouchers } from './voucher/voucher.expiry';
export { memberQrPayload } from './partner/member.qr';
export { generatePartnerKey, hashPartnerKey } from './partner/partner.key';
export { BenefitsErrorCode } from './errors';
export { PartnerDeskCache } from './partner/partner.cache';
export { BenefitsChangeKind, BenefitsChangeRow, BenefitsHeadRow } from './changes/changes.feed';
export { warnExpiringVouchers } from './voucher/voucher.notify';
