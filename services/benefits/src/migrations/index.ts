import { Init1764200000000 } from './1764200000000-Init';
import { OrgChanges1767200000000 } from './1767200000000-OrgChanges';
import { AidFromCases1768200000000 } from './1768200000000-AidFromCases';
import { MemberFacts1768300000000 } from './1768300000000-MemberFacts';
import { ChangeFeed1769030000000 } from './1769030000000-ChangeFeed';
import { IdempotencyKeys1769050000000 } from './1769050000000-IdempotencyKeys';
import { Cities1769060000003 } from './1769060000003-Cities';
import { Notifications1769105000002 } from './1769105000002-Notifications';

/** Applied in order, once, by `npm run migrate` (and by openDatabase() outside production); never edit a shipped migration, add a new one. */
export const migrations = [Init1764200000000, OrgChanges1767200000000, AidFromCases1768200000000, MemberFacts1768300000000, ChangeFeed1769030000000, IdempotencyKeys1769050000000, Cities1769060000003, Notifications1769105000002];
