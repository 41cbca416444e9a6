import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Codes printed as QR codes that only this deployment can mint (a member's QR for a partner
 * desk, a join drive's poster): `body` + the first 16 bytes of HMAC-SHA256(k, body), in
 * base64url. k is derived from the internal secret and a `purpose` label, one key per use, so
 * a QR signature can never stand in for an internal token's, nor one kind of QR for another.
 */
const SIG_BYTES = 16;
/** The length of a signature in base64url. */
export const SIGNATURE_CHARS = 22;

const keys = new Map<string, Buffer>();
function keyFor(secret: string, purpose: string): Buffer {
  const cacheKey = `${purpose}\n${secret}`;
  let k = keys.get(cacheKey);
  if (!k) {
    k = createHmac('sha256', secret).update(purpose).digest();
    keys.set(cacheKey, k);
  }
  return k;
}

const sign = (secret: string, purpose: string, body: string): Buffer => createHmac('sha256', keyFor(secret, purpose)).update(body, 'utf8').digest().subarray(0, SIG_BYTES);

/** The signature of `body` for `purpose`, base64url (22 characters). */
export function codeSignature(secret: string, purpose: string, body: string): string {
  return sign(secret, purpose, body).toString('base64url');
}

/** Whether `signature` (base64url) is the one this deployment makes for `body`; constant-time. */
export function signatureMatches(secret: string, purpose: string, body: string, signature: string): boolean {
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(secret, purpose, body);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
