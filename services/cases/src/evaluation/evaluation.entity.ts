import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum QuestionKind {
  /** Answered 满意 / 基本满意 / 不满意; counts towards the satisfaction rate. */
  RATING = 'RATING',
  TEXT = 'TEXT',
}

/** A satisfaction survey of union service (微评议), run by an org over its subtree. */
@Entity('survey')
export class SurveyRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 100 })
  title: string;

  @Column({ name: 'opens_on', type: 'date' })
  opensOn: string;

  @Column({ name: 'closes_on', type: 'date' })
  closesOn: string;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;
}

@Entity('survey_question')
export class SurveyQuestionRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'survey_id', type: 'varchar', length: 26 })
  surveyId: string;
  /** The shard key: its survey's city (@lianxin/subgraph city.ts). */
  @CityColumn({ parent: 'survey', key: 'surveyId' })
  city?: string;

  @Column({ type: 'int' })
  ordinal: number;

  @Column({ type: 'varchar', length: 300 })
  text: string;

  @Column({ type: 'varchar', length: 8 })
  kind: QuestionKind;
}

/** One member's (or an anonymous respondent's) answers, counted at the org they answered for. */
@Entity('survey_response')
export class SurveyResponseRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'survey_id', type: 'varchar', length: 26 })
  surveyId: string;

  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ name: 'member_id', type: 'varchar', length: 26, nullable: true })
  memberId: string | null;

  /** `<survey>:<member>` for a member's response, so a member answers once; null for anonymous paper forms. */
  @Column({ name: 'once_key', type: 'varchar', length: 54, nullable: true })
  onceKey: string | null;

  @Column({ name: 'submitted_at', type: 'datetime' })
  submittedAt: Date;
}

@Entity('survey_answer')
export class SurveyAnswerRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'response_id', type: 'varchar', length: 26 })
  responseId: string;

  @Column({ name: 'survey_id', type: 'varchar', length: 26 })
  surveyId: string;

  @Column({ name: 'question_id', type: 'varchar', length: 26 })
  questionId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  /** The shard key: the city this row belongs to, stamped from `orgPath` (@lianxin/subgraph city.ts). */
  @CityColumn('orgPath')
  city?: string;

  @Column({ type: 'varchar', length: 24, nullable: true })
  rating: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  text: string | null;
}
