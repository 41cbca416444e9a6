import { Init1764200000000 } from './1764200000000-Init';
import { AidFromCases1766200000000 } from './1766200000000-AidFromCases';

/** Applied in order by openDatabase(); never edit a shipped migration, add a new one. */
export const migrations = [Init1764200000000, AidFromCases1766200000000];
