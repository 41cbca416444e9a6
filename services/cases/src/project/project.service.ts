import { visibleOrg } from '@lianxin/members-client';
import { newId, subtreeRange, type Caller } from '@lianxin/auth';
import { badInput, conflict, DomainError, ErrorCode, inScope, notFound, requireOrgs, requireScope, type SubgraphContext, emptyPage, pathKeysetPage, type Page, withContentionRetry, wholeSeconds, requiredText } from '@lianxin/subgraph';
import type { EntityManager } from 'typeorm';
import type { CaseRow } from '../casefile/case.entity';
import { CaseAction, CaseState, OPEN_STATES } from '../casefile/case.enums';
import { authorise, partiesOf, RULES } from '../case/case.rules';
import { resolution_ } from '../case/case.service';
import { actorOf, applyChange, type Change } from '../case/case.writer';
import { caseById } from '../casefile/case.loader';
import { ProjectNoteRow, ProjectRow, ProjectState } from './project.entity';
import { casesOfProject, projectById, projectQuery, scopedCases } from './project.loader';
import { PROJECT_LIMITS, type CreateProjectInput, type ProjectsArgs } from './project.types';

// The resolvers validate input already; services are also called directly (seeders, tests), so they re-check.



/** Projects are union work: a member's scope would pass the org check for their own ancestors. */
function requireStaffScope(ctx: SubgraphContext): void {
  const scope = requireScope(ctx);
  if (scope.kind !== 'all' && scope.kind !== 'subtree') throw new DomainError(ErrorCode.FORBIDDEN, 'Service projects are run by union staff; ask your union.');
}

function caseIdList(ids: readonly string[] | null | undefined): string[] {
  const list = [...new Set((ids ?? []).map((id) => id.trim()).filter(Boolean))];
  if (list.length < 1 || list.length > PROJECT_LIMITS.cases) {
    throw badInput('caseIds', `a project takes 1 to ${PROJECT_LIMITS.cases} cases at a time; this call names ${list.length}`);
  }
  return list;
}

/**
 * JOIN_PROJECT and RESOLVE belong to the case's handler in the rule table. A project is
 * run by its org, which may sit above the orgs handling its cases; its staff act for the
 * project, so for project work a `higher` party counts as well. Everything else, the
 * states in particular, is the rule table's call.
 */
function authoriseForProject(caller: Caller, action: CaseAction.JOIN_PROJECT | CaseAction.RESOLVE, c: CaseRow): void {
  try {
    authorise(caller, action, c.state, c);
  } catch (err) {
    if (err instanceof DomainError && err.code === ErrorCode.FORBIDDEN && partiesOf(caller, c).has('higher')) return;
    throw err;
  }
}

interface Rejection {
  id: string;
  number: string | null;
  problem: string;
}

function rejectionOf(caller: Caller, project: ProjectRow, id: string, c: CaseRow | undefined): Rejection | null {
  if (!c) return { id, number: null, problem: `${id}: no case with this id exists that you can see` };
  const reject = (problem: string): Rejection => ({ id, number: c.number, problem: `${c.number} ${problem}` });
  if (!c.handlingPath.startsWith(project.orgPath)) return reject('is handled outside the project\'s org; only cases handled at or under it can join');
  if (c.projectId === project.id) return reject('is already in this project');
  if (c.projectId) return reject('is already in another service project');
  try {
    authoriseForProject(caller, CaseAction.JOIN_PROJECT, c);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    if (err.code === ErrorCode.INVALID_STATE) return reject(`is ${c.state}; only ${RULES[CaseAction.JOIN_PROJECT].from.join(', ')} cases can join a project`);
    return reject('may be put in a project only by staff of its handling org or of an org above it');
  }
  return null;
}

/**
 * Reads the cases through the caller's scope and checks every one before anything is
 * written: one bad case and none joins, with every problem named.
 */
async function admissible(ctx: SubgraphContext, em: EntityManager, project: ProjectRow, ids: string[]): Promise<CaseRow[]> {
  const rows = await scopedCases(ctx, em).andWhere('c.id IN (:...caseIds)', { caseIds: ids }).getMany();
  const byId = new Map(rows.map((c) => [c.id, c]));
  const rejected = ids.map((id) => rejectionOf(ctx.caller, project, id, byId.get(id))).filter((r): r is Rejection => r !== null);
  if (rejected.length) {
    const shown = rejected.slice(0, 10).map((r) => r.problem).join('; ');
    const more = rejected.length > 10 ? ` and ${rejected.length - 10} more` : '';
    throw new DomainError(
      ErrorCode.BAD_USER_INPUT,
      `caseIds: ${rejected.length} of the cases cannot join the project, so none was added: ${shown}${more}. Leave them out and try again.`,
      { field: 'caseIds', rejectedCases: rejected },
    );
  }
  // Id order: two transactions touching the same cases lock them in the same order.
  return ids.map((id) => byId.get(id)!).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * The project takes the case over. A registered case is accepted by that very event (its
 * JOIN_PROJECT entry goes REGISTERED → ACCEPTED and names the project as responsible), so
 * the ledger shows one step and the clock keeps running as it did.
 */
export function joinChange(c: CaseRow, project: ProjectRow): Change {
  const accept = c.state === CaseState.REGISTERED;
  const responsible = `项目：${project.title}`.slice(0, 100);
  return {
    action: CaseAction.JOIN_PROJECT,
    to: accept ? CaseState.ACCEPTED : undefined,
    patch: accept ? { projectId: project.id, responsible, acceptDueAt: null, transferredFromOrgId: null } : { projectId: project.id },
    note: `Joined the service project "${project.title}".`,
    detail: { projectId: project.id, accepted: accept || undefined, responsible: accept ? responsible : undefined },
  };
}

async function joinAll(ctx: SubgraphContext, em: EntityManager, project: ProjectRow, cases: CaseRow[], now: Date): Promise<CaseRow[]> {
  const joined: CaseRow[] = [];
  for (const c of cases) joined.push(await applyChange(em, c, joinChange(c, project), actorOf(ctx.caller), now));
  return joined;
}

/** `UPDATE … WHERE id = ? AND version = ?`: of two writers from one version, exactly one wins. */
async function updateProject(em: EntityManager, p: ProjectRow, patch: Partial<Omit<ProjectRow, 'id' | 'version'>>): Promise<ProjectRow> {
  const version = p.version + 1;
  const result = await em
    .createQueryBuilder()
    .update(ProjectRow)
    .set({ ...patch, version })
    .where('id = :id AND version = :version', { id: p.id, version: p.version })
    .execute();
  if (result.affected !== 1) throw conflict(`project "${p.title}"`);
  return Object.assign(new ProjectRow(), p, patch, { version });
}

/** The project as the caller sees it, for a write: unseen is NOT_FOUND, a stale version CONFLICT, a resolved project takes nothing more. */
async function openProject(ctx: SubgraphContext, em: EntityManager, id: string, expectedVersion: number | undefined | null): Promise<ProjectRow> {
  const project = await projectQuery(ctx, em).andWhere('p.id = :id', { id }).getOne();
  if (!project) throw notFound('project', id);
  if (expectedVersion !== undefined && expectedVersion !== null && expectedVersion !== project.version) throw conflict(`project "${project.title}"`);
  if (project.state !== ProjectState.OPEN) {
    throw new DomainError(ErrorCode.INVALID_STATE, `The project "${project.title}" is resolved and takes no more changes; start a new project for further cases.`, { state: project.state });
  }
  return project;
}

function prime(ctx: SubgraphContext, project: ProjectRow, cases?: CaseRow[]): void {
  projectById(ctx).clear(project.id).prime(project.id, project);
  if (cases) for (const c of cases) caseById(ctx).clear(c.id).prime(c.id, c);
}

/**
 * 统一帮办: a new project at an org in the caller's scope takes over 1-500 cases handled
 * at or under it. In one transaction: the project row, then a JOIN_PROJECT event on every
 * case; any case that cannot join and nothing is written.
 */
export async function createProject(ctx: SubgraphContext, input: CreateProjectInput, now = new Date()): Promise<ProjectRow> {
  requireStaffScope(ctx);
  const title = requiredText('title', input.title, PROJECT_LIMITS.title);
  const purpose = requiredText('purpose', input.purpose, PROJECT_LIMITS.purpose);
  const ids = caseIdList(input.caseIds);
  // The org directory is remote: ask it before the transaction, not while holding one.
  const org = await visibleOrg(ctx, input.orgId);

  const { project, cases } = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const row = Object.assign(new ProjectRow(), {
        id: newId(now.getTime()),
        orgId: org.id,
        orgPath: org.path,
        title,
        purpose,
        state: ProjectState.OPEN,
        progress: 0,
        createdBy: ctx.caller.sub,
        createdAt: wholeSeconds(now),
        resolvedAt: null,
        version: 1,
      });
      const joining = await admissible(ctx, em, row, ids);
      await em.insert(ProjectRow, row);
      return { project: row, cases: await joinAll(ctx, em, row, joining, now) };
    }),
  );
  prime(ctx, project, cases);
  casesOfProject(ctx).prime(project.id, cases);
  return project;
}

/** More cases for an open project, by the same rules as creating it; the project's version moves on. */
export async function addCasesToProject(ctx: SubgraphContext, projectId: string, caseIds: readonly string[], expectedVersion?: number | null, now = new Date()): Promise<ProjectRow> {
  requireStaffScope(ctx);
  const ids = caseIdList(caseIds);
  const { project, cases } = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const current = await openProject(ctx, em, projectId, expectedVersion);
      const held = await scopedCases(ctx, em).andWhere('c.projectId = :projectId', { projectId: current.id }).getCount();
      if (held + ids.length > PROJECT_LIMITS.cases) {
        throw badInput('caseIds', `a project holds at most ${PROJECT_LIMITS.cases} cases; this one has ${held}, so add at most ${PROJECT_LIMITS.cases - held}, or start another project`);
      }
      const joining = await admissible(ctx, em, current, ids);
      // The project row first: an add racing a resolution (or another add) loses here, before touching any case.
      const updated = await updateProject(em, current, {});
      return { project: updated, cases: await joinAll(ctx, em, updated, joining, now) };
    }),
  );
  prime(ctx, project, cases);
  return project;
}

/**
 * Appends a progress report and moves the project's progress. Progress never goes back:
 * the figure supervisors read only grows, and a setback is told in the note.
 */
export async function recordProjectProgress(ctx: SubgraphContext, projectId: string, progress: number, note: string, expectedVersion?: number | null, now = new Date()): Promise<ProjectRow> {
  requireStaffScope(ctx);
  if (!Number.isInteger(progress) || progress < 0 || progress > 100) throw badInput('progress', 'is a whole percentage from 0 to 100');
  const body = requiredText('note', note, PROJECT_LIMITS.note);
  const project = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const current = await openProject(ctx, em, projectId, expectedVersion);
      if (progress < current.progress) {
        throw badInput('progress', `the project is already at ${current.progress}% and progress does not go back; report ${current.progress} or more and describe any setback in the note`);
      }
      const updated = await updateProject(em, current, { progress });
      await em.insert(ProjectNoteRow, noteRow(ctx, updated, body, now));
      return updated;
    }),
  );
  prime(ctx, project);
  return project;
}

const noteRow = (ctx: SubgraphContext, p: ProjectRow, note: string, now: Date): ProjectNoteRow =>
  Object.assign(new ProjectNoteRow(), { id: newId(now.getTime()), projectId: p.id, progress: p.progress, note, actorSub: ctx.caller.sub, at: wholeSeconds(now) });

export interface ProjectResolutionResult {
  project: ProjectRow;
  resolvedCases: CaseRow[];
  unresolvedCases: CaseRow[];
}

/**
 * Resolves the project's accepted and in-progress cases, each through the one case writer
 * with its own RESOLVE event (on-time computed as for a single case). Cases waiting on the
 * worker stay as they are and keep the project OPEN; with none left open it is RESOLVED.
 * One transaction; the versioned project update comes first, so of concurrent resolutions
 * exactly one goes on to touch the cases.
 */
export async function resolveProject(ctx: SubgraphContext, projectId: string, resolution: string, expectedVersion?: number | null, now = new Date()): Promise<ProjectResolutionResult> {
  requireStaffScope(ctx);
  const body = requiredText('resolution', resolution, PROJECT_LIMITS.resolution);
  const result = await withContentionRetry(() =>
    ctx.db.transaction(async (em) => {
      const current = await openProject(ctx, em, projectId, expectedVersion);
      const cases = await scopedCases(ctx, em).andWhere('c.projectId = :projectId', { projectId: current.id }).orderBy('c.id').getMany();
      const resolvable = cases.filter((c) => RULES[CaseAction.RESOLVE].from.includes(c.state));
      const waiting = cases.filter((c) => OPEN_STATES.includes(c.state) && !resolvable.includes(c));
      if (!resolvable.length && waiting.length) {
        throw new DomainError(
          ErrorCode.INVALID_STATE,
          `Every open case of "${current.title}" is waiting on the worker (${waiting.map((c) => c.number).join(', ')}); resolve the project once they have answered.`,
        );
      }
      for (const c of resolvable) authoriseForProject(ctx.caller, CaseAction.RESOLVE, c);

      const done = waiting.length === 0;
      const updated = await updateProject(em, current, done ? { state: ProjectState.RESOLVED, resolvedAt: wholeSeconds(now), progress: 100 } : {});
      await em.insert(ProjectNoteRow, noteRow(ctx, updated, body, now));
      const resolved: CaseRow[] = [];
      for (const c of resolvable) {
        const change = resolution_(c, now, body);
        resolved.push(await applyChange(em, c, { ...change, detail: { ...change.detail, projectId: current.id } }, actorOf(ctx.caller), now));
      }
      return { project: updated, resolvedCases: resolved, unresolvedCases: waiting };
    }),
  );
  prime(ctx, result.project, result.resolvedCases);
  return result;
}

/* ---------- reads ---------- */

export type ProjectPage = Page<ProjectRow>;

/** Keyset on (org_path, id), the order of the table's scope index. */
export async function listProjects(ctx: SubgraphContext, args: ProjectsArgs): Promise<ProjectPage> {
  const qb = projectQuery(ctx);
  if (args.orgId) {
    const org = await requireOrgs(ctx).org(args.orgId);
    // Narrowing to an org the caller cannot see finds nothing, as if it did not exist.
    if (!org || !inScope(requireScope(ctx), { path: org.path })) return emptyPage();
    const { from, to } = subtreeRange(org.path);
    qb.andWhere('p.orgPath >= :nf AND p.orgPath < :nt', { nf: from, nt: to });
  }
  if (args.state) qb.andWhere('p.state = :state', { state: args.state });
  const page = await pathKeysetPage(qb, 'p', args);
  for (const { node } of page.edges) projectById(ctx).prime(node.id, node);
  return page;
}

export const getProject = (ctx: SubgraphContext, id: string): Promise<ProjectRow | null> => projectById(ctx).load(id);
