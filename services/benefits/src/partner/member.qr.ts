import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The member QR a partner desk scans to check eligibility: `lianxin://m/<memberId>.<sig>`,
 * sig = base64url of the first 16 bytes of HMAC-SHA256(k, memberId). Unforgeable without
 * the service secret, so a partner cannot ask about members by guessing ids; it names a
 * member and nothing else (no name, no union, no status). k is derived from the internal
 * secret for this one use, so a QR signature can never stand in for an internal token's.
 */
export const MEMBER_QR_PREFIX = 'lianxin://m/';
const SIG_BYTES = 16;

const keys = new Map<string, Buffer>();
function qrKey(secret: string): Buffer {
  let k = keys.get(secret);
  if (!k) {
    k = createHmac('sha256', secret).update('lianxin member qr v1').digest();
    keys.set(secret, k);
  }
  return k;
}

const sign = (secret: string, memberId: string): Buffer => createHmac('sha256', qrKey(secret)).update(memberId, 'utf8').digest().subarray(0, SIG_BYTES);

export function memberQrPayload(secret: string, memberId: string): string {
  return `${MEMBER_QR_PREFIX}${memberId}.${sign(secret, memberId).toString('base64url')}`;
}

/** The member id a QR names, or null when it is not one of ours (malformed, or the signature does not match). */
export function verifyMemberQr(secret: string, payload: string): string | null {
  const m = /^lianxin:\/\/m\/([0-9A-Za-z-]{1,40})\.([A-Za-z0-9_-]{22})$/.exec((payload ?? '').trim());
  if (!m) return null;
  const given = Buffer.from(m[2], 'base64url');
  const expected = sign(secret, m[1]);
  return given.length === expected.length && timingSafeEqual(given, expected) ? m[1] : null;
}
