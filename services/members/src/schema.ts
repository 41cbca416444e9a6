import { buildSubgraph, type BuiltSubgraph } from '@lianxin/subgraph';
import { MemberNotificationResolver, NotificationResolver } from './notification/notification.resolver';
import { OrgResolver } from './org/org.resolver';
import { orgReference } from './org/org.reference';
import { MemberResolver } from './member/member.resolver';
import { memberReference } from './member/member.reference';
import { departmentReference } from './staff/department.reference';
import { HardshipResolver, MemberHardshipResolver } from './hardship/hardship.resolver';
import { AuditResolver } from './audit/audit.resolver';
import { OrgTreeResolver } from './orgtree/orgtree.resolver';
import { DepartmentResolver, OrgDirectoryResolver, StaffAccountResolver, StaffGrantResolver } from './staff/staff.resolver';
import {
  JoinApplicationResolver,
  JoinStatsResolver,
  MemberMembershipResolver,
  MemberStatusEventResolver,
  TransferResolver,
} from './membership/membership.resolver';
import { driveResolvers } from './drive/drive.resolver';

import { rosterResolvers } from './roster/roster.resolver';

export const SUBGRAPH_NAME = 'members';

export function buildMembersSubgraph(): Promise<BuiltSubgraph> {
  return buildSubgraph({
    name: SUBGRAPH_NAME,
    resolvers: [OrgResolver, MemberResolver, JoinApplicationResolver, TransferResolver, MemberMembershipResolver, MemberStatusEventResolver, JoinStatsResolver, HardshipResolver, MemberHardshipResolver, AuditResolver, OrgTreeResolver, StaffAccountResolver, StaffGrantResolver, DepartmentResolver, OrgDirectoryResolver, MemberNotificationResolver, NotificationResolver, ...driveResolvers, ...rosterResolvers],
    references: { ...orgReference, ...memberReference, ...departmentReference },
  });
}
