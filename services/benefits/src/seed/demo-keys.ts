import { createHmac } from 'node:crypto';
import { hashPartnerKey, isPartnerKey, type NewPartnerKey } from '../partner/partner.key';
import { VOUCHER_CODE_LENGTH } from '../voucher/voucher.code';

/**
 * DEMO DATA ONLY. The demo seed must be able to print a working partner key on every
 * `npm start`, yet the service stores only a key's sha256 and never shows it again. So
 * the seed derives each demo partner's key from the internal secret and the partner id
 * (HMAC), in the format generatePartnerKey() issues, and stores its hash like any other
 * key; anyone holding the internal secret can derive it again (with the public
 * development secret, anyone at all — which is the point of a demo key).
 *
 * Nothing in the running service derives keys: keys issued through issuePartnerKey()
 * are 160 random bits, shown once. A production database never holds demo keys unless
 * someone ran the demo seed against it; revoke them (revokePartnerKey) if so.
 *
 * Demo voucher codes come from the same secret, so demo codes are no easier to guess
 * than the secret itself, and stay the same from one seed to the next.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array, length: number): string {
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  // Keep the top `length * 5` bits, as the service's own generators do.
  bits >>= BigInt(bytes.length * 8 - length * 5);
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

const keyOf = (secret: string, purpose: string): Buffer => createHmac('sha256', secret).update(`lianxin demo ${purpose} v1`).digest();

/** The demo key of a seeded partner: `lx_<prefix>_<secret>`, with its stored prefix and hash. */
export function demoPartnerKey(internalSecret: string, partnerId: string): NewPartnerKey {
  const mac = createHmac('sha256', keyOf(internalSecret, 'partner key')).update(partnerId, 'utf8').digest();
  const prefix = base32(mac.subarray(0, 5), 8);
  const key = `lx_${prefix}_${base32(mac.subarray(5, 25), 32)}`;
  if (!isPartnerKey(key)) throw new Error(`derived a malformed demo key for ${partnerId}`);
  return { key, prefix, hash: hashPartnerKey(key) };
}

/** The code of a seeded voucher: 20 Crockford base32 characters, like newVoucherCode(). */
export function demoVoucherCode(internalSecret: string, voucherId: string): string {
  const mac = createHmac('sha256', keyOf(internalSecret, 'voucher code')).update(voucherId, 'utf8').digest();
  return base32(mac.subarray(0, 13), VOUCHER_CODE_LENGTH);
}
