/**
 * Writes the generated demo data (generate.ts) into a members database, on MariaDB or
 * the embedded SQLite engine alike, with multi-row INSERTs in bounded chunks.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { cityOf, insertRows } from '@lianxin/subgraph';
import { HardshipEventRow, HardshipFileRow } from '../hardship/hardship.entity';
import { fileOfMarkedMember } from '../hardship/hardship.service';
import { OrgRow } from '../org/org.entity';
import { MemberChildRow, MemberRow } from '../member/member.entity';
import { JoinApplicationRow, MemberStatusEventRow, TransferRow } from '../membership/membership.entity';
import { generateMembers, generateOrgs, type MemberBatch, type SeedOptions } from './generate';
import { generateDirectory } from './directory';
import { seedJoinDrive } from './drives';
import { seedNotifications } from './notifications';
import { DepartmentRow, DirectoryChangeRow, DirectoryHeadRow, StaffAccountRow, StaffGrantRow } from '../staff/staff.entity';

/**
 * Members per transaction. One commit per few thousand rows keeps the SQLite WAL and the
 * InnoDB undo log small while paying the fsync cost rarely.
 */
const MEMBERS_PER_TRANSACTION = 2_000;

/** Whether demo data (or any org) is already there: seeding is meant for an empty database only. */
export async function isSeeded(ds: DataSource): Promise<boolean> {
  const rows = await ds.getRepository(OrgRow).find({ select: { id: true }, take: 1 });
  return rows.length > 0;
}

/**
 * Generates the demo dataset for `options` and inserts it. Does nothing (and returns
 * zeros) when the database already has orgs, so it is safe to call on every start.
 *
 * Orgs are written last, in the final transaction: isSeeded() only turns true once every
 * member row is in. A seed interrupted half-way therefore leaves members without orgs,
 * which the next call reports instead of silently keeping half a dataset.
 *
 * @param onProgress called with members inserted so far and the total, after each transaction.
 * @returns how many orgs and members this call inserted.
 */
export async function seedDemoData(
  ds: DataSource,
  options: SeedOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<{ orgs: number; members: number }> {
  if (await isSeeded(ds)) return { orgs: 0, members: 0 };
  const leftovers = await ds.getRepository(MemberRow).find({ select: { id: true }, take: 1 });
  if (leftovers.length > 0) {
    throw new Error('The members database has member rows but no orgs: an earlier seed was interrupted. Drop the database (or delete the SQLite file) and seed again.');
  }

  const tree = generateOrgs(options);
  const total = tree.enterprises.reduce((n, e) => n + e.memberCount, 0);
  let done = 0;
  onProgress?.(done, total);
  // The lowest id of each enterprise: the member the demo sign-in offers (the members list is in (org path, id) order).
  const firstMembers = new Map<string, MemberRow>();
  for (const batch of generateMembers(options, tree, MEMBERS_PER_TRANSACTION)) {
    await ds.transaction((em) => insertBatch(em, batch));
    for (const m of batch.members) if (!firstMembers.has(m.orgId) || m.id < firstMembers.get(m.orgId)!.id) firstMembers.set(m.orgId, m);
    done += batch.members.length;
    onProgress?.(done, total);
  }
  done += await seedJoinDrive(ds, options, tree);
  await ds.transaction((em) => seedNotifications(em, tree.orgs, [...firstMembers.values()]));
  const directory = generateDirectory(options, tree);
  // The orgs go in last (their presence says the seed finished), so the directory's rows cannot take their city from them: stamp it here.
  const cityOfOrg = new Map(tree.orgs.map((o) => [o.id, cityOf(o.path)]));
  for (const row of [...directory.departments, ...directory.accounts, ...directory.grants]) row.city = cityOfOrg.get(row.orgId);
  await ds.transaction(async (em) => {
    await insertRows(em, DepartmentRow, directory.departments);
    await insertRows(em, StaffAccountRow, directory.accounts);
    await insertRows(em, StaffGrantRow, directory.grants);
    await insertRows(em, DirectoryChangeRow, directory.changes);
    await em.update(DirectoryHeadRow, { id: 1 }, { seq: directory.head.seq });
    await insertRows(em, OrgRow, tree.orgs);
  });
  return { orgs: tree.orgs.length, members: done };
}

async function insertBatch(em: EntityManager, batch: MemberBatch): Promise<void> {
  await insertRows(em, MemberRow, batch.members);
  await insertRows(em, MemberChildRow, batch.children);
  await insertRows(em, MemberStatusEventRow, batch.events);
  await insertRows(em, TransferRow, batch.transfers);
  await insertRows(em, JoinApplicationRow, batch.applications);
  // Members marked with a tier are in the hardship register, opened at their last review.
  const files = batch.members.filter((m) => m.hardshipTier).map((m) => fileOfMarkedMember(m, m.createdAt));
  await insertRows(em, HardshipFileRow, files.map((f) => f.file));
  await insertRows(em, HardshipEventRow, files.map((f) => f.event));
}

/**
 * A progress reporter for seedDemoData on stderr: a single redrawn bar on a terminal,
 * otherwise (CI logs, pipes) one line per 10%, so logs stay short.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  const started = Date.now();
  let lastShown = -1;
  return (done, total) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const counts = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (stream.isTTY) {
      const percent = Math.floor(fraction * 100);
      if (percent === lastShown) return;
      lastShown = percent;
      const width = 30;
      const filled = Math.round(fraction * width);
      stream.write(`\r\x1b[2K${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(percent).padStart(3)}% ${counts} ${seconds}s`);
      if (fraction >= 1) stream.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile === lastShown) return;
    lastShown = decile;
    stream.write(`${label}: ${decile * 10}% (${counts}, ${seconds}s)\n`);
  };
}
