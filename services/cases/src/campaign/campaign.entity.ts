import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';

/** Who a questionnaire version is written for (问卷分版本). */
export enum CampaignAudience {
  /** 通用版: young workers in regular employment. */
  GENERAL = 'GENERAL',
  /** 新就业形态版: delivery riders, ride-hailing drivers, couriers, live-streamers. */
  NEW_EMPLOYMENT_FORM = 'NEW_EMPLOYMENT_FORM',
}

/** Where an interview point (访谈点) is set up. */
export enum InterviewPointKind {
  UNION_POST = 'UNION_POST',
  DORMITORY = 'DORMITORY',
  ENTERPRISE = 'ENTERPRISE',
}

/** How an interview was held. */
export enum InterviewMode {
  /** 面对面: recorded by union staff at an interview point. */
  FACE_TO_FACE = 'FACE_TO_FACE',
  /** 线上: answered by the worker themselves. */
  ONLINE = 'ONLINE',
}

/**
 * 大访谈: an interview campaign run by an org over its subtree, e.g. 百日万名青年职工大访谈:
 * a period, a target number of interviews and an audience (young workers up to `maxAge`).
 * Its problem list (题目清单) is the cases raised from its interviews.
 */
@Entity('interview_campaign')
export class CampaignRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  /** First China day, YYYY-MM-DD. */
  @Column({ name: 'starts_on', type: 'varchar', length: 10 })
  startsOn: string;

  /** Last China day, inclusive. */
  @Column({ name: 'ends_on', type: 'varchar', length: 10 })
  endsOn: string;

  /** Interviews the campaign sets out to hold (0 or more). */
  @Column({ type: 'int' })
  target: number;

  /** The audience: workers up to this age (35, 40…). */
  @Column({ name: 'max_age', type: 'int' })
  maxAge: number;

  /** Whether new-employment-form workers are the campaign's focus (重点对象). */
  @Column({ name: 'focus_new_employment', type: 'boolean', default: false })
  focusNewEmployment: boolean;

  /** 访谈提纲: what interviewers ask about, in the order they ask it. */
  @Column({ type: 'varchar', length: 4000 })
  outline: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/** 访谈点: a place where staff hold interviews, run by an org in the campaign owner's subtree. */
@Entity('interview_point')
export class InterviewPointRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'campaign_id', type: 'varchar', length: 26 })
  campaignId: string;

  /** The org running the point. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  kind: InterviewPointKind;
}

/**
 * A questionnaire version of a campaign for one audience; a new version of the same
 * audience supersedes the last for new interviews, and old interviews keep theirs. Kept
 * under the campaign owner's path, so it reaches whoever the campaign reaches.
 */
@Entity('campaign_questionnaire')
export class QuestionnaireRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'campaign_id', type: 'varchar', length: 26 })
  campaignId: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  @Column({ type: 'varchar', length: 24 })
  audience: CampaignAudience;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  /** The questions, as a JSON array of strings. */
  @Column({ type: 'varchar', length: 8000 })
  questions: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

/**
 * One interview: at a point (face to face, recorded by staff) or online (answered by a
 * member). Kept under the org it was held at: the point's org, or the member's own. The
 * problems raised are cases whose source is this row (source_kind INTERVIEW).
 */
@Entity('campaign_interview')
export class InterviewRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'campaign_id', type: 'varchar', length: 26 })
  campaignId: string;

  /** The interview point; null online. */
  @Column({ name: 'point_id', type: 'varchar', length: 26, nullable: true })
  pointId: string | null;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  @Column({ type: 'varchar', length: 16 })
  mode: InterviewMode;

  @Column({ name: 'questionnaire_id', type: 'varchar', length: 26 })
  questionnaireId: string;

  @Column({ type: 'varchar', length: 24 })
  audience: CampaignAudience;

  /** The China day of the interview, YYYY-MM-DD. */
  @Column({ name: 'held_on', type: 'varchar', length: 10 })
  heldOn: string;

  /** The member interviewed, when known (always, online). */
  @Column({ name: 'member_id', type: 'varchar', length: 26, nullable: true })
  memberId: string | null;

  @Column({ type: 'int' })
  age: number;

  /** The interviewee's employment type (members' vocabulary: REGULAR, DELIVERY_RIDER…). */
  @Column({ name: 'employment_type', type: 'varchar', length: 24 })
  employmentType: string;

  /** The answers, as a JSON array of strings in the questionnaire's order. */
  @Column({ type: 'varchar', length: 8000 })
  answers: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 64 })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'datetime' })
  recordedAt: Date;
}
