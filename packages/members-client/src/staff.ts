import type { InternalClient } from '@lianxin/auth';
import { badInput, type SubgraphContext } from '@lianxin/subgraph';

/** A staff account as members' directory has it, for other subgraphs to check against. */
export interface StaffEntry {
  id: string;
  orgId: string;
  departmentId: string | null;
  name: string;
  active: boolean;
}

export interface DepartmentEntry {
  id: string;
  orgId: string;
  name: string;
  active: boolean;
}

/**
 * What a subgraph asks of the staff directory: the client below, or a test's typed fake of
 * it (@lianxin/test-kit's FakeStaffDirectory).
 */
export interface StaffDirectorySource {
  entries(staffIds: readonly string[], departmentIds: readonly string[]): Promise<{ staff: StaffEntry[]; departments: DepartmentEntry[] }>;
}

const QUERY = `query StaffDirectory($staffIds: [ID!]!, $departmentIds: [ID!]!) {
  _staffDirectory(staffIds: $staffIds, departmentIds: $departmentIds) { staff { id orgId departmentId name active } departments { id orgId name active } }
}`;

/**
 * The staff directory, asked service to service. Not cached: it is read when a case is
 * accepted, a write that must not name someone revoked a minute ago.
 */
export class MembersStaffDirectory implements StaffDirectorySource {
  constructor(private readonly members: InternalClient) {}

  async entries(staffIds: readonly string[], departmentIds: readonly string[]) {
    return (await this.members.call<{ _staffDirectory: { staff: StaffEntry[]; departments: DepartmentEntry[] } }>(QUERY, { staffIds, departmentIds }))._staffDirectory;
  }
}

/** Who handles a case, as a case keeps it: the ids, and a snapshot of the names for reading history without a join. */
export interface CaseHandler {
  staffId: string;
  departmentId: string | null;
  /** e.g. `权益保障部 张敏`, or the name alone without a department. */
  display: string;
}

export function staffDirectoryOf(ctx: Pick<SubgraphContext, 'services'>): StaffDirectorySource {
  const d = ctx.services?.staffDirectory as StaffDirectorySource | undefined;
  if (!d) throw new Error('This subgraph was started without a staff directory');
  return d;
}

/**
 * The department and person an org names from its own directory (cases: 接单 by a 部室 and a
 * person, not free text): both must be active and belong to `orgId`. Anything else is
 * BAD_USER_INPUT naming the field, with what to pick instead.
 */
export async function handlerAt(ctx: Pick<SubgraphContext, 'services'>, orgId: string, staffId: string, departmentId?: string | null): Promise<CaseHandler> {
  const { staff, departments } = await staffDirectoryOf(ctx).entries([staffId], departmentId ? [departmentId] : []);
  const person = staff.find((s) => s.id === staffId);
  if (!person || person.orgId !== orgId || !person.active) {
    throw badInput('staffId', 'is not an active staff member of the union handling this case; pick one from its staff list (Org.departments { staff })');
  }
  if (!departmentId) return { staffId: person.id, departmentId: null, display: person.name };
  const dept = departments.find((d) => d.id === departmentId);
  if (!dept || dept.orgId !== orgId || !dept.active) {
    throw badInput('departmentId', 'is not an active department (部室) of the union handling this case; pick one from Org.departments');
  }
  return { staffId: person.id, departmentId: dept.id, display: `${dept.name} ${person.name}` };
}
