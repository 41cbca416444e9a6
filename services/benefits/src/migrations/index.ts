import { Init1764200000000 } from './1764200000000-Init';
import { OrgChanges1767200000000 } from './1767200000000-OrgChanges';

/** Applied in order by openDatabase(); never edit a shipped migration, add a new one. */
export const migrations = [Init1764200000000, OrgChanges1767200000000];
