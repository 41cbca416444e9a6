import { randomBytes } from 'node:crypto';

/**
 * Voucher codes: 20 Crockford base32 characters = 100 bits from the OS random source.
 * A partner desk, or anyone holding a partner key, cannot guess a live code: with a
 * million live vouchers, a guess hits one with probability 2^-80.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const VOUCHER_CODE_LENGTH = 20;
export const VOUCHER_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{20}$/;
export const VOUCHER_QR_PREFIX = 'lianxin://v/';

export function newVoucherCode(): string {
  // 13 bytes = 104 bits; the top 100 are used, five at a time.
  const bytes = randomBytes(13);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  bits >>= 4n;
  let out = '';
  for (let i = 0; i < VOUCHER_CODE_LENGTH; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

/** What the member's app shows as a QR code. */
export const voucherQrPayload = (code: string): string => `${VOUCHER_QR_PREFIX}${code}`;

/**
 * A code as a partner desk may type or scan it: the QR payload or the bare code, any
 * case, with spaces or hyphens, and the letters Crockford reads as digits (O→0, I/L→1).
 * Null when it cannot be a voucher code at all.
 */
export function normaliseVoucherCode(input: string): string | null {
  let raw = (input ?? '').trim();
  if (raw.toLowerCase().startsWith(VOUCHER_QR_PREFIX)) raw = raw.slice(VOUCHER_QR_PREFIX.length);
  const code = raw.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return VOUCHER_CODE_PATTERN.test(code) ? code : null;
}
