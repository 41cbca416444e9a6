import { Init1764000000000 } from './1764000000000-Init';
import { EncryptPii1765000000000 } from './1765000000000-EncryptPii';
import { HardshipRegister1766000000000 } from './1766000000000-HardshipRegister';
import { OrgTree1767000000000 } from './1767000000000-OrgTree';
import { StaffDirectory1768000000000 } from './1768000000000-StaffDirectory';
import { MemberFeed1768100000000 } from './1768100000000-MemberFeed';
import { IdempotencyKeys1769050000000 } from './1769050000000-IdempotencyKeys';
import { Cities1769060000001 } from './1769060000001-Cities';
import { JoinDrives1769104000000 } from './1769104000000-JoinDrives';
import { Notifications1769105000001 } from './1769105000001-Notifications';
import { RosterImports1769106000002 } from './1769106000002-RosterImports';

/** Applied in order, once, by `npm run migrate` (and by openDatabase() outside production); never edit a shipped migration, add a new one. */
export const migrations = [Init1764000000000, EncryptPii1765000000000, HardshipRegister1766000000000, OrgTree1767000000000, StaffDirectory1768000000000, MemberFeed1768100000000, IdempotencyKeys1769050000000, Cities1769060000001, JoinDrives1769104000000, Notifications1769105000001, RosterImports1769106000002];
