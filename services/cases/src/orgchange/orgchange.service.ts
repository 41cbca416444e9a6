import { In, Not, type DataSource, type EntityManager } from 'typeorm';
import { subtreeRange } from '@lianxin/auth';
import { OrgChangeAction, orgChangeTopic, type OrgChange } from '@lianxin/members-client';
import { receiveOnce } from '@lianxin/outbox';
import { rewritePathPrefix, withContentionRetry } from '@lianxin/subgraph';
import { CaseRow, CaseScopeRow } from '../casefile/case.entity';
import { CaseAction, TERMINAL_STATES } from '../casefile/case.enums';
import { applyChange, scopeRows, type Actor } from '../case/case.writer';
import { addToTally, countedAt, type TallyDelta } from '../figures/tally';
import { CaseTallyRow } from '../figures/tally.entity';
import { cityOf } from '../casefile/city';
import { reportMovedFigures } from '../rollup/emit';

/*
 * What cases does when members reports that the tree changed (`org.changed`), applied once
 * per event (the inbox) and in members' order (the outbox delivers each topic in order):
 *
 * - MOVE: every copy of a path under the moved org follows (cases raised or handled there,
 *   deadlines, projects, surveys and their answers); the cases' visibility rows are rebuilt;
 *   the figures follow: the tally rows of the moved subtree take the new paths, and what the
 *   moved org counted leaves its old ancestors and joins its new ones. Each moved case's
 *   version goes up, so a transition that read it before the move gets CONFLICT and retries
 *   on the new paths.
 * - MERGE: every unfinished case the merged org handles is handed over to the survivor,
 *   one applyChange() each (a HAND_OVER ledger entry, visibility, version). Where a case was
 *   raised does not change: it still counts where it was raised.
 * - CLOSE: nothing to change; recorded so it is not applied twice.
 */

/** Tables whose org_path copies follow a move, besides case_file, case_scope and case_tally. */
const PATH_COPIES: readonly [table: string, column: string][] = [
  ['deadline_policy', 'org_path'],
  ['case_project', 'org_path'],
  ['survey', 'org_path'],
  ['survey_response', 'org_path'],
  ['survey_answer', 'org_path'],
  ['chair_visit_day', 'org_path'],
  ['chair_visit', 'org_path'],
  ['union_post', 'org_path'],
  ['service_menu', 'org_path'],
  ['menu_item', 'org_path'],
  ['menu_order', 'org_path'],
  ...['interview_campaign', 'interview_point', 'campaign_questionnaire', 'campaign_interview'].map((t) => [t, 'org_path'] as [string, string]),
];

const CHUNK = 500;
const UNFINISHED = Not(In([...TERMINAL_STATES]));

/** Applies one change; false when it had been applied before (nothing changes then). */
export function applyOrgChange(db: DataSource, change: OrgChange): Promise<boolean> {
  return withContentionRetry(() =>
    db.transaction(async (em) => {
      if (!(await receiveOnce(em, orgChangeTopic('cases'), change.eventId))) return false;
      if (change.action === OrgChangeAction.MOVE) await moveCases(em, change);
      else if (change.action === OrgChangeAction.MERGE) await handOver(em, change);
      return true;
    }),
  );
}

async function moveCases(em: EntityManager, { orgId, fromPath, toPath }: OrgChange): Promise<void> {
  await rewritePathPrefix(em, 'case_file', 'raised_path', fromPath, toPath);
  await rewritePathPrefix(em, 'case_file', 'handling_path', fromPath, toPath);
  // The moved org's new subtree was empty before: what is in it now is exactly what moved.
  const { from, to } = subtreeRange(toPath);
  const moved = await em
    .getRepository(CaseRow)
    .createQueryBuilder('c')
    .select('c.id', 'id')
    .where('(c.raisedPath >= :f AND c.raisedPath < :t) OR (c.handlingPath >= :f AND c.handlingPath < :t)', { f: from, t: to })
    .orderBy('c.id')
    .getRawMany<{ id: string }>();
  // A move into another city (a province deployment holding several) moves its cases' clocks in the roll-up too.
  const changedCity = cityOf(fromPath)?.id !== cityOf(toPath)?.id;
  const crossed: CaseRow[] = [];
  for (let i = 0; i < moved.length; i += CHUNK) {
    const ids = moved.slice(i, i + CHUNK).map((m) => m.id);
    await em.createQueryBuilder().update(CaseRow).set({ version: () => 'version + 1' }).where({ id: In(ids) }).execute();
    const cases = await em.getRepository(CaseRow).find({ where: { id: In(ids) } });
    await em.delete(CaseScopeRow, { caseId: In(ids) });
    await em.insert(CaseScopeRow, cases.flatMap(scopeRows));
    if (changedCity) crossed.push(...cases.filter((c) => c.raisedPath >= from && c.raisedPath < to));
  }
  const deltas = await moveFigures(em, orgId, fromPath, toPath);
  await reportMovedFigures(em, deltas, crossed);
  for (const [table, column] of PATH_COPIES) await rewritePathPrefix(em, table, column, fromPath, toPath);
}

/**
 * The moved org's own tally rows count every case raised in its subtree, so they are
 * exactly what leaves the old ancestors and joins the new ones.
 */
async function moveFigures(em: EntityManager, orgId: string, fromPath: string, toPath: string): Promise<TallyDelta[]> {
  await rewritePathPrefix(em, 'case_tally', 'org_path', fromPath, toPath);
  const own = await em.getRepository(CaseTallyRow).find({ where: { orgId, n: Not(0) } });
  const before = countedAt(fromPath).slice(0, -1);
  const after = countedAt(toPath).slice(0, -1);
  const left = before.filter((a) => !after.some((b) => b.orgId === a.orgId));
  const joined = after.filter((a) => !before.some((b) => b.orgId === a.orgId));
  const deltas: TallyDelta[] = [];
  for (const row of own) {
    const bucket = { month: row.month, kind: row.kind, state: row.state, supervised: !!row.supervised, onTime: Number(row.onTime), rating: row.rating, passedUp: Number(row.passedUp), referredOut: Number(row.referredOut) };
    for (const a of left) deltas.push({ ...bucket, orgId: a.orgId, orgPath: a.path, n: -row.n });
    for (const a of joined) deltas.push({ ...bucket, orgId: a.orgId, orgPath: a.path, n: row.n });
  }
  await addToTally(em, deltas);
  return deltas;
}

async function handOver(em: EntityManager, change: OrgChange): Promise<void> {
  if (!change.survivorId || !change.survivorPath) throw new Error(`org.changed ${change.eventId}: a merge without a survivor`);
  const actor: Actor = { sub: change.actorSub, role: change.actorRole, orgId: change.actorOrgId };
  const cases = await em.getRepository(CaseRow).find({ where: { handlingOrgId: change.orgId, state: UNFINISHED }, order: { id: 'ASC' } });
  for (const c of cases) {
    await applyChange(
      em,
      c,
      {
        action: CaseAction.HAND_OVER,
        patch: {
          handlingOrgId: change.survivorId,
          handlingPath: change.survivorPath,
          ...(c.escalatedToOrgId === change.orgId ? { escalatedToOrgId: change.survivorId } : {}),
          ...(c.transferredFromOrgId === change.orgId ? { transferredFromOrgId: change.survivorId } : {}),
        },
        note: '承办工会已合并，由接收的工会继续办理',
        detail: { orgChange: change.eventId, from: change.orgId, to: change.survivorId },
      },
      actor,
      new Date(change.at),
    );
  }
}

/** How many unfinished cases an org handles: members closes an org without a successor only at zero. */
export function openCasesAt(db: DataSource, orgId: string): Promise<number> {
  return db.getRepository(CaseRow).count({ where: { handlingOrgId: orgId, state: UNFINISHED } });
}
