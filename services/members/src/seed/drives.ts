import type { DataSource } from 'typeorm';
import { newId } from '@lianxin/auth';
import { addDays, dayStart } from '@lianxin/members-client';
import { Random } from '@lianxin/demo-kit';
import { insertRows, wholeSeconds } from '@lianxin/subgraph';
import { EmploymentType, Gender, JoinChannel, MemberRow, MembershipStatus } from '../member/member.entity';
import { piiHash, piiHashes } from '../member/member.pii';
import { ApplicationStatus, JoinApplicationRow } from '../membership/membership.entity';
import { OrgLevel, type OrgRow } from '../org/org.entity';
import { DriveJoinRow, JoinDriveRow, JoinDriveTargetRow } from '../drive/drive.entity';
import { IdNumberAllocator, SEED_ACTOR, type SeedOptions, type SeedTree } from './generate';
import { FEMALE_GIVEN_CHARS, MALE_GIVEN_CHARS, PHONE_PREFIXES, REJECT_REASONS, SURNAMES } from './names';

/**
 * The demo join drive (Xiqing: "日过百、周过千、月达万", 17,275 new-employment-form workers):
 * the gig-heavy district's 百日行动, 55 days in on the reference date, with targets for each
 * of its streets (together 100 a day, 1,000 a week, 10,000 a month) and its daily curve of
 * joins: slow the first week, a push in weeks two to four, steady after; mostly riders,
 * couriers and drivers. Each join is an application through a street's drive QR, approved
 * (a member) after a day or two, a few rejected, the last days' still pending.
 */

/** Joins per demo member: 50,000 members give a drive of about 5,500 joins. */
const JOINS_PER_MEMBER = 0.11;
const DRIVE_DAYS = 100;
const DAYS_IN = 55;
const DAY = 86_400_000;

export interface DemoDrive {
  drive: JoinDriveRow;
  targets: JoinDriveTargetRow[];
  members: MemberRow[];
  applications: JoinApplicationRow[];
  joins: DriveJoinRow[];
}

/** The push over the drive's days: a start-up week, three weeks of 亮码攻坚, then a steady pace. */
const pace = (day: number): number => (day < 7 ? 0.4 + day * 0.1 : day < 28 ? 1.6 : 1.0) * (day % 7 === 5 || day % 7 === 6 ? 0.75 : 1);

export function generateJoinDrive(options: SeedOptions, tree: SeedTree): DemoDrive | null {
  const district = tree.orgs.find((o) => o.id === tree.gigHeavyDistrictId) ?? tree.orgs.find((o) => o.level === OrgLevel.DISTRICT);
  if (!district) return null;
  const streets = tree.orgs.filter((o) => o.parentId === district.id);
  const unionsOf = new Map<string, OrgRow[]>(streets.map((s) => [s.id, tree.enterprises.filter((e) => e.org.path.startsWith(s.path)).map((e) => e.org)]));
  const working = streets.filter((s) => unionsOf.get(s.id)!.length > 0);
  if (!working.length) return null;

  const rng = new Random(options.seed, 'join-drive');
  const startsOn = addDays(options.referenceDate, -DAYS_IN);
  const createdAt = wholeSeconds(dayStart(addDays(startsOn, -3)).getTime() + 9 * 3_600_000);
  const drive = Object.assign(new JoinDriveRow(), {
    id: newId(createdAt.getTime(), rng.bytes(10)), orgId: district.id, orgPath: district.path, title: '新就业形态劳动者扫码入会百日行动', startsOn, endsOn: addDays(startsOn, DRIVE_DAYS - 1),
    gigFocus: true, createdBy: SEED_ACTOR, createdAt, updatedAt: createdAt, version: 1,
  });
  // 日过百、周过千、月达万 for the district, shared out over its streets.
  const share = (total: number) => Math.max(1, Math.round(total / streets.length));
  const targets = streets.map((s) => Object.assign(new JoinDriveTargetRow(), { driveId: drive.id, orgId: s.id, orgPath: s.path, perDay: share(100), perWeek: share(1000), perMonth: share(10_000) }));

  // Some streets are ahead of their targets, some behind: the ranking has something to show.
  const streetPick = rng.picker(working.map((s) => [s, rng.float(0.5, 1.6)] as const));
  const gigPick = rng.picker([[EmploymentType.DELIVERY_RIDER, 45], [EmploymentType.COURIER, 25], [EmploymentType.RIDE_HAILING_DRIVER, 22], [EmploymentType.LIVE_STREAMER, 8]] as const);
  const surname = rng.picker(SURNAMES);
  const ids = new IdNumberAllocator();
  const refDay = Math.floor(Date.parse(`${options.referenceDate}T00:00:00Z`) / DAY);
  const total = Math.round(options.members * JOINS_PER_MEMBER);
  const weights = Array.from({ length: DAYS_IN }, (_, d) => pace(d));
  const weightSum = weights.reduce((a, b) => a + b, 0);

  const out: DemoDrive = { drive, targets, members: [], applications: [], joins: [] };
  for (let d = 0; d < DAYS_IN; d++) {
    const day = addDays(startsOn, d);
    const n = Math.round((total * weights[d]) / weightSum * rng.float(0.85, 1.15));
    for (let k = 0; k < n; k++) {
      const street = streetPick();
      const union = rng.pick(unionsOf.get(street.id)!);
      const type = rng.chance(0.86) ? gigPick() : EmploymentType.REGULAR;
      const gender = rng.chance(type === EmploymentType.REGULAR ? 0.55 : type === EmploymentType.LIVE_STREAMER ? 0.35 : 0.9) ? Gender.MALE : Gender.FEMALE;
      // Riders and drivers are young: 20 to 45 on the reference date.
      let birthDay = refDay - Math.floor(rng.float(20.5, 45) * 365.2425);
      let idNumber = ids.allocate('339990', birthDay, gender);
      while (idNumber === null) idNumber = ids.allocate('339990', --birthDay, gender);
      const given = gender === Gender.MALE ? MALE_GIVEN_CHARS : FEMALE_GIVEN_CHARS;
      const name = surname() + rng.pick(given) + (rng.chance(0.7) ? rng.pick(given) : '');
      const phone = rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
      const appliedAt = wholeSeconds(dayStart(day).getTime() + rng.float(8, 21.5) * 3_600_000);
      const age = DAYS_IN - d;
      const status = age <= 2 && rng.chance(0.7) ? ApplicationStatus.PENDING : rng.chance(0.03) ? ApplicationStatus.REJECTED : ApplicationStatus.APPROVED;
      const reviewedAt = status === ApplicationStatus.PENDING ? null : wholeSeconds(appliedAt.getTime() + rng.float(0.5, 40) * 3_600_000);
      const birthDate = new Date(birthDay * DAY).toISOString().slice(0, 10);
      let memberId: string | null = null;
      if (status === ApplicationStatus.APPROVED) {
        const member = Object.assign(new MemberRow(), {
          id: newId(reviewedAt!.getTime(), rng.bytes(10)), orgId: union.id, orgPath: union.path, name, gender, birthDate, idNumber, phone, ...piiHashes({ idNumber, phone }),
          employmentType: type, modelWorker: false, hardshipTier: null, hardshipReviewedOn: null, status: MembershipStatus.ACTIVE, statusReason: null,
          joinChannel: JoinChannel.QR_CODE, joinedOn: new Date(reviewedAt!.getTime() + 8 * 3_600_000).toISOString().slice(0, 10), createdAt: reviewedAt!, version: 1, factsVersion: 0,
        });
        out.members.push(member);
        memberId = member.id;
      }
      const app = Object.assign(new JoinApplicationRow(), {
        id: newId(appliedAt.getTime(), rng.bytes(10)), orgId: union.id, orgPath: union.path, name, gender, birthDate, idNumber,
        pendingKey: status === ApplicationStatus.PENDING ? piiHash('idNumber', idNumber) : null, phone, employmentType: type, status,
        rejectReason: status === ApplicationStatus.REJECTED ? rng.pick(REJECT_REASONS) : null, memberId, createdAt: appliedAt, reviewedAt, reviewedBy: reviewedAt ? SEED_ACTOR : null,
      });
      out.applications.push(app);
      out.joins.push(Object.assign(new DriveJoinRow(), { applicationId: app.id, driveId: drive.id, subOrgId: street.id, orgId: union.id, orgPath: union.path, employmentType: type, joinedOn: day, createdAt: appliedAt }));
    }
  }
  return out;
}

const CHUNK = 2_000;

/** Writes the demo drive (generateJoinDrive) in transactions of a few thousand rows; returns how many members it added. */
export async function seedJoinDrive(ds: DataSource, options: SeedOptions, tree: SeedTree): Promise<number> {
  const demo = generateJoinDrive(options, tree);
  if (!demo) return 0;
  for (let i = 0; i < demo.applications.length; i += CHUNK) {
    await ds.transaction(async (em) => {
      await insertRows(em, JoinApplicationRow, demo.applications.slice(i, i + CHUNK));
      await insertRows(em, DriveJoinRow, demo.joins.slice(i, i + CHUNK));
    });
  }
  for (let i = 0; i < demo.members.length; i += CHUNK) await ds.transaction((em) => insertRows(em, MemberRow, demo.members.slice(i, i + CHUNK)));
  await ds.transaction(async (em) => {
    await insertRows(em, JoinDriveRow, [demo.drive]);
    await insertRows(em, JoinDriveTargetRow, demo.targets);
  });
  return demo.members.length;
}
