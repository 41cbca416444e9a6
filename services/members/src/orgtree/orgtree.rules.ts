import { badInput, DomainError, ErrorCode } from '@lianxin/subgraph';
import type { Caller } from '@lianxin/auth';
import { KINDS_BY_LEVEL, OrgKind, OrgLevel, type OrgRow } from '../org/org.entity';

/*
 * The rules of the org tree as the union manages it. Pure: the service reads, these decide.
 *
 * - Who: admins anywhere; staff for what lies strictly below their own org (their own org,
 *   and anything above or beside it, they cannot change: above and beside they cannot even
 *   see, so those are NOT_FOUND; their own org is FORBIDDEN). Staff of a parent found its
 *   children, and may name any org they can see (their own included) as a new parent.
 * - Found (建会): the child is one level below its parent, of a kind that level allows; it gets
 *   the next free code under the parent's (two digits, four for an enterprise) and a new join code.
 * - Move: under a new parent of the same level as the old one (so levels, kinds and depth stay
 *   as they are); everything below goes along, and every copy of a path follows.
 * - Merge: into an open org of the same level; its members, pending applications, open cases
 *   and programme shares go to the survivor, then it is closed. Child orgs are not merged:
 *   move or close them first.
 * - Close: refused while it has open child orgs, or (without a successor) members or open cases;
 *   naming a successor makes it a merge.
 * - A closed org takes no new children, no move and no merge; its row and history stay.
 */

export const CHILD_LEVEL: Record<OrgLevel, OrgLevel | null> = {
  [OrgLevel.NATION]: OrgLevel.PROVINCE,
  [OrgLevel.PROVINCE]: OrgLevel.CITY,
  [OrgLevel.CITY]: OrgLevel.DISTRICT,
  [OrgLevel.DISTRICT]: OrgLevel.STREET,
  [OrgLevel.STREET]: OrgLevel.ENTERPRISE,
  [OrgLevel.ENTERPRISE]: null,
};

const LEVEL_NAME: Record<OrgLevel, string> = {
  [OrgLevel.NATION]: '全国总工会',
  [OrgLevel.PROVINCE]: '省总工会',
  [OrgLevel.CITY]: '市总工会',
  [OrgLevel.DISTRICT]: '区县总工会',
  [OrgLevel.STREET]: '街道/镇工会',
  [OrgLevel.ENTERPRISE]: '基层工会',
};

export const forbidden = (message: string): DomainError => new DomainError(ErrorCode.FORBIDDEN, message);
export const invalidState = (message: string): DomainError => new DomainError(ErrorCode.INVALID_STATE, message);

/** Staff change only what lies strictly below their org; their own org is the level above's to change. */
export function assertMayChange(caller: Pick<Caller, 'role' | 'orgId'>, org: Pick<OrgRow, 'id'>): void {
  if (caller.role === 'admin') return;
  if (caller.role === 'staff' && caller.orgId !== org.id) return;
  throw forbidden('本级工会的建会、更名、调整、合并和撤销由上级工会办理 (your own org is changed by the level above; ask them or an admin).');
}

export function assertOpen(org: Pick<OrgRow, 'closedAt' | 'name'>, field: string): void {
  if (org.closedAt) throw invalidState(`${field}: ${org.name}已撤销或合并，不能再办理这项调整 (the org is closed).`);
}

/** The level a child of `parent` is at; an enterprise union has no children. */
export function childLevel(parent: Pick<OrgRow, 'level'>): OrgLevel {
  const level = CHILD_LEVEL[parent.level];
  if (!level) throw badInput('parentId', '基层工会下面不能再建工会，请选一个街道/镇工会作上级 (an enterprise union has no child unions).');
  return level;
}

export function assertKind(level: OrgLevel, kind: OrgKind): void {
  const allowed = KINDS_BY_LEVEL[level];
  if (!allowed.includes(kind)) throw badInput('kind', `${LEVEL_NAME[level]}一级只能是 ${allowed.join('、')} (a ${level} org is one of these kinds).`);
}

/** A union's full name: 2 to 100 characters, ending in 工会 (…总工会, …工会联合会 included). */
export function unionName(value: string, kind?: OrgKind): string {
  const name = value.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 100) throw badInput('name', '请写工会全称，2到100个字 (2 to 100 characters).');
  // A union post is a place, named as one (…工会驿站); every other org is a union, named as one.
  if (kind === OrgKind.UNION_POST) {
    if (!/驿站$/.test(name)) throw badInput('name', '请写驿站全称，以“驿站”结尾，例如 滨江路户外劳动者工会驿站 (the full name, ending in 驿站).');
  } else if (!/工会(联合会)?$/.test(name)) {
    throw badInput('name', '请写工会全称，以“工会”结尾，例如 临江顺达外卖站点工会 (the full name, ending in 工会).');
  }
  return name;
}

/** The next free code under `parentCode`: two digits per level, four for an enterprise, never reusing one. */
export function nextCode(parentCode: string, level: OrgLevel, taken: Iterable<string>): string {
  const width = level === OrgLevel.ENTERPRISE ? 4 : 2;
  const pattern = new RegExp(`^${parentCode.replace(/[-]/g, '\\-')}-(\\d{${width}})$`);
  let max = 0;
  const all = new Set<string>();
  for (const code of taken) {
    all.add(code);
    const m = pattern.exec(code);
    if (m) max = Math.max(max, Number(m[1]));
  }
  let n = max + 1;
  while (all.has(`${parentCode}-${String(n).padStart(width, '0')}`)) n++;
  if (String(n).length > width) throw invalidState(`${parentCode} 下的编号已用完，请联系管理员 (no codes left under ${parentCode}).`);
  return `${parentCode}-${String(n).padStart(width, '0')}`;
}

export function assertMove(org: OrgRow, parent: OrgRow): void {
  // The top of the tree has no parent to leave; a city under a province may move to another province.
  if (org.parentId === null) throw badInput('id', `${LEVEL_NAME[org.level]}没有上级，不能调整 (the top of the tree has no parent).`);
  assertOpen(org, 'id');
  assertOpen(parent, 'parentId');
  if (org.parentId === parent.id) throw badInput('parentId', `${org.name}已经在${parent.name}下面 (it is already there).`);
  if (CHILD_LEVEL[parent.level] !== org.level) {
    throw badInput('parentId', `${parent.name}不是${LEVEL_NAME[org.level]}的上一级，请选一个和原上级同级的工会 (the new parent must be at the old parent's level).`);
  }
  if (parent.path.startsWith(org.path)) throw badInput('parentId', '不能调整到自己的下级工会下面 (not under itself).');
}

export function assertMerge(org: OrgRow, survivor: OrgRow, openChildren: number): void {
  if (org.id === survivor.id) throw badInput('intoId', '不能并入自己 (an org cannot be merged into itself).');
  assertOpen(org, 'id');
  assertOpen(survivor, 'intoId');
  if (org.level !== survivor.level) throw badInput('intoId', `只能并入同一级的工会：${org.name}是${LEVEL_NAME[org.level]}，${survivor.name}是${LEVEL_NAME[survivor.level]} (merge into an org of the same level).`);
  if (openChildren > 0) throw invalidState(`${org.name}下面还有${openChildren}个工会，请先调整或撤销它们 (move or close its child orgs first).`);
}

export interface CloseBlockers {
  openChildren: number;
  members: number;
  openCases: number;
}

export function assertClose(org: OrgRow, blockers: CloseBlockers): void {
  // A city federation (and anything above one) is a deployment's shard (ORG_LEVELS_ABOVE_CITY), not a union to close.
  if (org.parentId === null || org.level === OrgLevel.CITY || org.level === OrgLevel.PROVINCE || org.level === OrgLevel.NATION) {
    throw badInput('id', `${LEVEL_NAME[org.level]}不能撤销 (a city, province or national federation cannot be closed).`);
  }
  assertOpen(org, 'id');
  if (blockers.openChildren > 0) throw invalidState(`${org.name}下面还有${blockers.openChildren}个工会，请先调整或撤销它们 (move or close its child orgs first).`);
  if (blockers.members > 0) throw invalidState(`${org.name}还有${blockers.members}名会员，请指定接收的工会 (successorId) 或先办理转会 (name a successor for its members).`);
  if (blockers.openCases > 0) throw invalidState(`${org.name}还有${blockers.openCases}件诉求在办，请指定接收的工会 (successorId) 或先办结 (name a successor for its open cases).`);
}
