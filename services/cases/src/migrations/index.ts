import { Init1764100000000 } from './1764100000000-Init';
import { Referrals1765100000000 } from './1765100000000-Referrals';
import { WorkersAndRoutingFigures1766100000000 } from './1766100000000-WorkersAndRoutingFigures';

/** Applied in order by openDatabase(); never edit a shipped migration, add a new one. */
export const migrations = [Init1764100000000, Referrals1765100000000, WorkersAndRoutingFigures1766100000000];
