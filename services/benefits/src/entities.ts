import { AllocationRow, ProgrammeRow, ProgrammeRulesRow } from './programme/programme.entity';
import { RedemptionRow, VoucherRow } from './voucher/voucher.entity';
import { PartnerKeyRow, PartnerProgrammeRow, PartnerRow } from './partner/partner.entity';
import { CareBatchRow, CareVisitRow } from './care/care.entity';
import { AidApplicationRow, AidEventRow } from './aid/aid.entity';

export const entities = [
  ProgrammeRow, ProgrammeRulesRow, AllocationRow, VoucherRow, RedemptionRow, PartnerRow, PartnerProgrammeRow, PartnerKeyRow,
  CareBatchRow, CareVisitRow, AidApplicationRow, AidEventRow,
];

export {
  ProgrammeRow, ProgrammeRulesRow, AllocationRow, VoucherRow, RedemptionRow, PartnerRow, PartnerProgrammeRow, PartnerKeyRow,
  CareBatchRow, CareVisitRow, AidApplicationRow, AidEventRow,
};
