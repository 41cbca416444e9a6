import { randomBytes } from 'node:crypto';

/**
 * Ids are ULIDs: 48 bits of milliseconds then 80 random bits, Crockford base32, 26
 * characters. They are unique without a central counter (safe to shard), sort by
 * creation time (good B-tree locality), and contain no '/' (safe inside org paths).
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ID_LENGTH = 26;
export const ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function newId(now: number = Date.now(), random: Uint8Array = randomBytes(10)): string {
  let out = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[t % 32] + out;
    t = Math.floor(t / 32);
  }
  // 80 random bits -> 16 base32 characters, 5 bits at a time.
  let bits = 0;
  let value = 0;
  for (const byte of random) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export function isId(value: string): boolean {
  return ID_PATTERN.test(value);
}
