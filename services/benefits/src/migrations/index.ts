import { Init1764200000000 } from './1764200000000-Init';

/** Applied in order by openDatabase(); never edit a shipped migration, add a new one. */
export const migrations = [Init1764200000000];
