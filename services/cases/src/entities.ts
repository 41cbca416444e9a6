import { IdempotencyRow } from '@lianxin/subgraph';
import { CaseContactAccessRow, CaseRow, CaseScopeRow, CaseSequenceRow } from './casefile/case.entity';
import { CaseEventRow } from './ledger/ledger.entity';
import { CaseReferralRow } from './case/referral.entity';
import { CaseTallyRow } from './figures/tally.entity';
import { DeadlinePolicyRow } from './deadline/deadline.entity';
import { ProjectNoteRow, ProjectRow } from './project/project.entity';
import { InboxRow, OutboxRow } from '@lianxin/outbox';
import { RollupClockRow, RollupTallyRow } from './rollup/rollup.entity';
import { ChairVisitDayRow, ChairVisitRow } from './visit/visit.entity';
import { UnionPostRow } from './post/post.entity';
import { MenuItemRow, MenuOrderRow, ServiceMenuRow } from './menu/menu.entity';
import { CampaignRow, InterviewPointRow, InterviewRow, QuestionnaireRow } from './campaign/campaign.entity';
import { ExportJobRow } from './export/export.entity';
import { SurveyAnswerRow, SurveyQuestionRow, SurveyResponseRow, SurveyRow } from './evaluation/evaluation.entity';

export const entities = [
  CaseRow, CaseScopeRow, CaseSequenceRow, CaseContactAccessRow, CaseEventRow, CaseReferralRow, CaseTallyRow, DeadlinePolicyRow,
  ProjectRow, ProjectNoteRow, SurveyRow, SurveyQuestionRow, SurveyResponseRow, SurveyAnswerRow, InboxRow, IdempotencyRow, OutboxRow, RollupTallyRow, RollupClockRow,
  ChairVisitDayRow, ChairVisitRow, UnionPostRow, ServiceMenuRow, MenuItemRow, MenuOrderRow, CampaignRow, InterviewPointRow, QuestionnaireRow, InterviewRow, ExportJobRow,
];

export {
  CaseRow, CaseScopeRow, CaseSequenceRow, CaseContactAccessRow, CaseEventRow, CaseReferralRow, CaseTallyRow, DeadlinePolicyRow,
  ProjectRow, ProjectNoteRow, SurveyRow, SurveyQuestionRow, SurveyResponseRow, SurveyAnswerRow, InboxRow, IdempotencyRow, OutboxRow, RollupTallyRow, RollupClockRow,
  ChairVisitDayRow, ChairVisitRow, UnionPostRow, ServiceMenuRow, MenuItemRow, MenuOrderRow, CampaignRow, InterviewPointRow, QuestionnaireRow, InterviewRow, ExportJobRow,
};
