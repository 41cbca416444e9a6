/** The voucher and partner codes live with every other benefits code, in one place. */
export { BenefitsErrorCode as VoucherErrorCode, benefitsError as voucherError } from '../errors';
