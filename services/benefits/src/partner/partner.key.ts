import { createHash, randomBytes } from 'node:crypto';

/**
 * Partner API keys: `lx_<prefix>_<secret>`. The 8-character prefix tells keys apart in
 * lists (and in the partner's own notes); the secret is 160 random bits. Only sha256 of
 * the whole key is stored: a copy of the database does not yield a working key, and a
 * key that is lost is revoked and reissued, never shown again. A fast hash is enough
 * because the key is random, not a password: there is nothing to brute-force.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PARTNER_KEY_PATTERN = /^lx_([0-9A-HJKMNP-TV-Z]{8})_([0-9A-HJKMNP-TV-Z]{32,64})$/;

function base32(bytes: Buffer, length: number): string {
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

export interface NewPartnerKey {
  key: string;
  prefix: string;
  hash: string;
}

export function generatePartnerKey(): NewPartnerKey {
  const prefix = base32(randomBytes(5), 8);
  const key = `lx_${prefix}_${base32(randomBytes(20), 32)}`;
  return { key, prefix, hash: hashPartnerKey(key) };
}

/** sha256 hex of the key as sent; the gateway computes the same to look a key up. */
export const hashPartnerKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export const isPartnerKey = (key: string): boolean => PARTNER_KEY_PATTERN.test(key);

export const HASH_PATTERN = /^[0-9a-f]{64}$/;
