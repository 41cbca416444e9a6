import { IdempotencyRow } from '@lianxin/subgraph';
import { OrgRow } from './org/org.entity';
import { MemberChildRow, MemberRow } from './member/member.entity';
import { JoinApplicationRow, MemberStatusEventRow, TransferRow } from './membership/membership.entity';
import { PiiAccessRow } from './member/pii-access.entity';
import { HardshipEventRow, HardshipFileRow } from './hardship/hardship.entity';
import { OrgHistoryRow, OrgPlaceRow } from './orgtree/orgtree.entity';
import { OutboxRow } from '@lianxin/outbox';
import { DriveJoinRow, JoinDriveRow, JoinDriveTargetRow } from './drive/drive.entity';
import { RosterImportRow, RosterProblemRow } from './roster/roster.entity';
import { NotificationRow } from './notification/notification.entity';
import { DepartmentRow, DirectoryChangeRow, DirectoryHeadRow, StaffAccountRow, StaffGrantRow } from './staff/staff.entity';

export const entities = [
  OrgRow, MemberRow, MemberChildRow, JoinApplicationRow, MemberStatusEventRow, TransferRow, PiiAccessRow, HardshipFileRow, HardshipEventRow, OrgHistoryRow, OrgPlaceRow, OutboxRow,
  DepartmentRow, StaffAccountRow, StaffGrantRow, DirectoryChangeRow, DirectoryHeadRow, IdempotencyRow,
  JoinDriveRow, JoinDriveTargetRow, DriveJoinRow, RosterImportRow, RosterProblemRow, NotificationRow,
];

export {
  OrgRow, MemberRow, MemberChildRow, JoinApplicationRow, MemberStatusEventRow, TransferRow, PiiAccessRow, HardshipFileRow, HardshipEventRow, OrgHistoryRow, OrgPlaceRow, OutboxRow,
  DepartmentRow, StaffAccountRow, StaffGrantRow, DirectoryChangeRow, DirectoryHeadRow, IdempotencyRow,
  JoinDriveRow, JoinDriveTargetRow, DriveJoinRow, RosterImportRow, RosterProblemRow, NotificationRow,
};
