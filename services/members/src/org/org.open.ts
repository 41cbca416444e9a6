import { DomainError, ErrorCode } from '@lianxin/subgraph';
import type { OrgRow } from './org.entity';

/**
 * A closed union (撤销, or merged into another) takes no one in: not by enrolment, not by
 * its QR poster (which may still hang on a wall), not by a transfer. The answer names what
 * happened and where to go instead.
 */
export function assertTakesMembers(org: Pick<OrgRow, 'closedAt' | 'mergedIntoId' | 'name'>, field: string): void {
  if (!org.closedAt) return;
  const where = org.mergedIntoId
    ? '它已并入另一个工会，请向合并后的工会申请 (it was merged into another union: join or transfer to that one)'
    : '请选择现在仍在运行的工会 (pick a union that is still open)';
  throw new DomainError(ErrorCode.INVALID_STATE, `${org.name}已撤销，不再接收会员；${where}.`, { field });
}
