import { Init1764100000000 } from './1764100000000-Init';
import { Referrals1765100000000 } from './1765100000000-Referrals';
import { OrgChanges1767100000000 } from './1767100000000-OrgChanges';
import { CaseHandler1768100000000 } from './1768100000000-CaseHandler';
import { WorkersAndRoutingFigures1768150000000 } from './1768150000000-WorkersAndRoutingFigures';
import { ChairVisitDays1769040000000 } from './1769040000000-ChairVisitDays';
import { IdempotencyKeys1769050000000 } from './1769050000000-IdempotencyKeys';
import { RollupFeed1769055000000 } from './1769055000000-RollupFeed';
import { Cities1769060000002 } from './1769060000002-Cities';
import { InterviewCampaigns1769101000001 } from './1769101000001-InterviewCampaigns';
import { UnionPosts1769102000000 } from './1769102000000-UnionPosts';
import { ServiceMenus1769103000000 } from './1769103000000-ServiceMenus';
import { ExportJobs1769106000001 } from './1769106000001-ExportJobs';

/** Applied in order, once, by `npm run migrate` (and by openDatabase() outside production); never edit a shipped migration, add a new one. */
export const migrations = [Init1764100000000, Referrals1765100000000, OrgChanges1767100000000, CaseHandler1768100000000, WorkersAndRoutingFigures1768150000000, ChairVisitDays1769040000000, IdempotencyKeys1769050000000, RollupFeed1769055000000, Cities1769060000002, InterviewCampaigns1769101000001, UnionPosts1769102000000, ServiceMenus1769103000000, ExportJobs1769106000001];
