import { codeSignature, signatureMatches } from '@lianxin/auth';

/**
 * The member QR a partner desk scans to check eligibility: `lianxin://m/<memberId>.<sig>`,
 * signed with the @lianxin/auth signed-code kit under its own purpose. Unforgeable without
 * the service secret, so a partner cannot ask about members by guessing ids; it names a
 * member and nothing else (no name, no union, no status).
 */
export const MEMBER_QR_PREFIX = 'lianxin://m/';
const PURPOSE = 'lianxin member qr v1';

export function memberQrPayload(secret: string, memberId: string): string {
  return `${MEMBER_QR_PREFIX}${memberId}.${codeSignature(secret, PURPOSE, memberId)}`;
}

/** The member id a QR names, or null when it is not one of ours (malformed, or the signature does not match). */
export function verifyMemberQr(secret: string, payload: string): string | null {
  const m = /^lianxin:\/\/m\/([0-9A-Za-z-]{1,40})\.([A-Za-z0-9_-]{22})$/.exec((payload ?? '').trim());
  if (!m) return null;
  return signatureMatches(secret, PURPOSE, m[1], m[2]) ? m[1] : null;
}
