import { codeSignature, signatureMatches } from '@lianxin/auth';

/**
 * A drive's QR poster for one sub-org: `lianxin://j/<driveId>.<subOrgId>.<lastDay>.<sig>`,
 * lastDay the drive's last China day as YYYYMMDD, signed with the @lianxin/auth signed-code
 * kit under its own purpose. Only this deployment can mint one, so a join cannot be credited
 * to a sub-org (or a drive) by writing a code by hand, and an old poster stops at its day.
 */
export const DRIVE_QR_PREFIX = 'lianxin://j/';
const PURPOSE = 'lianxin join drive qr v1';
const PATTERN = /^lianxin:\/\/j\/([0-9A-Z]{26})\.([0-9A-Z]{26})\.(\d{8})\.([A-Za-z0-9_-]{22})$/;

export interface DriveQr {
  driveId: string;
  subOrgId: string;
  /** YYYY-MM-DD */
  lastDay: string;
}

const compact = (day: string): string => day.replace(/-/g, '');

export function driveQrPayload(secret: string, qr: DriveQr): string {
  const body = `${qr.driveId}.${qr.subOrgId}.${compact(qr.lastDay)}`;
  return `${DRIVE_QR_PREFIX}${body}.${codeSignature(secret, PURPOSE, body)}`;
}

/** What a drive QR says, or null when it is not one of ours (malformed, or signed by someone else). */
export function verifyDriveQr(secret: string, payload: string): DriveQr | null {
  const m = PATTERN.exec((payload ?? '').trim());
  if (!m) return null;
  if (!signatureMatches(secret, PURPOSE, `${m[1]}.${m[2]}.${m[3]}`, m[4])) return null;
  return { driveId: m[1], subOrgId: m[2], lastDay: `${m[3].slice(0, 4)}-${m[3].slice(4, 6)}-${m[3].slice(6, 8)}` };
}
