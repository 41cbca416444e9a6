import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createIdempotencyTable, dropIdempotencyTable } from '@lianxin/subgraph';

/** Keys of idempotent creates, per caller and operation, kept IDEMPOTENCY_KEY_DAYS (see @lianxin/subgraph idempotency.ts). */
export class IdempotencyKeys1769050000000 implements MigrationInterface {
  name = 'IdempotencyKeys1769050000000';

  async up(qr: QueryRunner): Promise<void> {
    await createIdempotencyTable(qr);
  }

  async down(qr: QueryRunner): Promise<void> {
    await dropIdempotencyTable(qr);
  }
}
