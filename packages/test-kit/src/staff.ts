import { newId } from '@lianxin/auth';
import type { DepartmentEntry, StaffDirectorySource, StaffEntry } from '@lianxin/members-client';
import type { OrgInfo } from '@lianxin/subgraph';

/**
 * The members subgraph's staff directory (`_staffDirectory`), in memory, as the real
 * StaffDirectorySource: who a union may name when it accepts a case.
 */
export class FakeStaffDirectory implements StaffDirectorySource {
  readonly staff = new Map<string, StaffEntry>();
  readonly departments = new Map<string, DepartmentEntry>();
  private readonly handlers = new Map<string, { staffId: string; departmentId: string }>();

  /** An office (工会办公室) with one person (经办人) at each org: what `handlerOf` names. */
  static atEach(orgs: readonly OrgInfo[]): FakeStaffDirectory {
    const sut = new FakeStaffDirectory();
    for (const org of orgs) {
      const departmentId = newId();
      const staffId = newId();
      sut.departments.set(departmentId, { id: departmentId, orgId: org.id, name: '工会办公室', active: true });
      sut.staff.set(staffId, { id: staffId, orgId: org.id, departmentId, name: '经办人', active: true });
      sut.handlers.set(org.id, { staffId, departmentId });
    }
    return sut;
  }

  /** The person and office of `org` to accept its cases with; their names read `工会办公室 经办人`. */
  handlerOf(org: Pick<OrgInfo, 'id'>): { staffId: string; departmentId: string } {
    const h = this.handlers.get(org.id);
    if (!h) throw new Error(`The fake staff directory has nobody at org ${org.id}`);
    return h;
  }

  async entries(staffIds: readonly string[], departmentIds: readonly string[]) {
    return {
      staff: staffIds.map((id) => this.staff.get(id)).filter((s): s is StaffEntry => !!s),
      departments: departmentIds.map((id) => this.departments.get(id)).filter((d): d is DepartmentEntry => !!d),
    };
  }
}
