import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createFeedTables, dropFeedTables } from '@lianxin/outbox';
import { BENEFITS_FEED_TABLES } from '../changes/changes.feed';

/** benefits_head and benefits_change: benefits' change feed (keys, partners, bindings, programmes). */
export class ChangeFeed1769030000000 implements MigrationInterface {
  name = 'ChangeFeed1769030000000';

  async up(qr: QueryRunner): Promise<void> {
    await createFeedTables(qr, BENEFITS_FEED_TABLES);
  }

  async down(qr: QueryRunner): Promise<void> {
    await dropFeedTables(qr, BENEFITS_FEED_TABLES);
  }
}
