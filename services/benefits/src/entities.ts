import { IdempotencyRow } from '@lianxin/subgraph';
import { AllocationRow, ProgrammeRow, ProgrammeRulesRow, PartnerProgrammeRow } from './programme/programme.entity';
import { RedemptionRow, VoucherRow } from './grant/voucher.entity';
import { PartnerKeyRow, PartnerRow } from './partner/partner.entity';
import { CareBatchRow, CareVisitRow } from './care/care.entity';
import { AidApplicationRow, AidEventRow } from './grant/aid.entity';
import { InboxRow, OutboxRow } from '@lianxin/outbox';
import { MemberFactRow } from './memberfacts/memberfact.entity';
import { BenefitsChangeRow, BenefitsHeadRow } from './changes/changes.feed';

export const entities = [
  ProgrammeRow, ProgrammeRulesRow, AllocationRow, VoucherRow, RedemptionRow, PartnerRow, PartnerProgrammeRow, PartnerKeyRow,
  CareBatchRow, CareVisitRow, AidApplicationRow, AidEventRow, InboxRow, MemberFactRow, BenefitsChangeRow, BenefitsHeadRow, IdempotencyRow, OutboxRow,
];

export {
  ProgrammeRow, ProgrammeRulesRow, AllocationRow, VoucherRow, RedemptionRow, PartnerRow, PartnerProgrammeRow, PartnerKeyRow,
  CareBatchRow, CareVisitRow, AidApplicationRow, AidEventRow, InboxRow, MemberFactRow, BenefitsChangeRow, BenefitsHeadRow, IdempotencyRow, OutboxRow,
};
