import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CityColumn, PATH_LENGTH } from '@lianxin/subgraph';

/**
 * 工会驿站: a place run by a union (org) where workers rest, and where a wish wall (心愿墙)
 * and a suggestion book (意见簿) may hang. What is collected there is a case whose source is
 * this row (case_file.source_kind = UNION_POST, source_id = id), registered at the post's org.
 * Kept by the running org's own staff; seen by staff of its subtree and by the members it serves.
 */
@Entity('union_post')
export class UnionPostRow {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  /** The union that runs the post: its staff keep it and handle what is collected there. */
  @Column({ name: 'org_id', type: 'varchar', length: 26 })
  orgId: string;

  @Column({ name: 'org_path', type: 'varchar', length: PATH_LENGTH })
  orgPath: string;

  @CityColumn('orgPath')
  city: string;

  /** 劳动者大本营, 滨江路户外劳动者驿站: unique within its org. */
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 200 })
  address: string;

  /** As the post states them, e.g. 每天 8:00-20:00; null when not stated. */
  @Column({ name: 'opening_hours', type: 'varchar', length: 100, nullable: true })
  openingHours: string | null;

  /** Whether a wish wall (心愿墙) hangs there: wishes are taken only where one does. */
  @Column({ name: 'wish_wall', type: 'boolean', default: false })
  wishWall: boolean;

  /** Whether a suggestion book (意见簿) lies there: suggestions are taken only where one does. */
  @Column({ name: 'suggestion_book', type: 'boolean', default: false })
  suggestionBook: boolean;

  @Column({ name: 'created_by', type: 'varchar', length: 64 })
  createdBy: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'datetime' })
  updatedAt: Date;

  @Column({ type: 'int', default: 1 })
  version: number;
}
