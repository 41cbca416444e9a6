import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/**
 * The hardship register: a file per member with its history. Members already marked with a
 * tier get an open regular file from their last review, so the register starts complete.
 */
export class HardshipRegister1766000000000 implements MigrationInterface {
  name = 'HardshipRegister1766000000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string, nullable = false) => ({ name, type: 'varchar', length: '26', isNullable: nullable, ...ascii });
    const code = (name: string) => ({ name, type: 'varchar', length: '16', ...ascii });
    await qr.createTable(
      new Table({
        name: 'hardship_file',
        columns: [
          { ...id('id'), isPrimary: true }, id('member_id'), code('kind'), code('state'), code('tier'),
          { name: 'opened_on', type: 'date' }, { name: 'reason', type: 'varchar', length: '500' }, { name: 'evidence', type: 'varchar', length: '1000' },
          { name: 'reviewed_on', type: 'date' }, { name: 'next_review_on', type: 'date' }, { name: 'exited_on', type: 'date', isNullable: true },
          { name: 'version', type: 'int', default: 1 },
        ],
        indices: [
          new TableIndex({ name: 'uq_hardship_member', columnNames: ['member_id'], isUnique: true }),
          // The review list: open files by due day.
          new TableIndex({ name: 'ix_hardship_review', columnNames: ['state', 'next_review_on', 'id'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'hardship_event',
        columns: [
          { ...id('id'), isPrimary: true }, id('file_id'), code('action'), code('tier'), { name: 'note', type: 'varchar', length: '1000' },
          { name: 'actor_sub', type: 'varchar', length: '64' }, id('actor_org_id', true), { name: 'at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'ix_hardship_event_file', columnNames: ['file_id', 'id'] })],
      }),
    );
    // Backfill: one open regular file per member already marked, from the last review.
    const marked: { id: string; tier: string; reviewed: string | Date | null }[] = await qr.query(
      'SELECT id, hardship_tier AS tier, hardship_reviewed_on AS reviewed FROM member WHERE hardship_tier IS NOT NULL',
    );
    for (const m of marked) {
      const reviewed = typeof m.reviewed === 'string' ? m.reviewed.slice(0, 10) : m.reviewed ? m.reviewed.toISOString().slice(0, 10) : '2000-01-01';
      const next = `${Number(reviewed.slice(0, 4)) + 1}${reviewed.slice(4)}`.replace(/-02-29$/, '-02-28');
      // The member id is a ULID: the file's id reuses it with a marker, unique and stable across reruns.
      const fileId = `H${m.id.slice(1)}`;
      await qr.query(
        'INSERT INTO hardship_file (id, member_id, kind, state, tier, opened_on, reason, evidence, reviewed_on, next_review_on, exited_on, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1)',
        [fileId, m.id, 'REGULAR', 'OPEN', m.tier, reviewed, '登记时已是困难职工', '建档前的记录', reviewed, next],
      );
      await qr.query('INSERT INTO hardship_event (id, file_id, action, tier, note, actor_sub, actor_org_id, at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)', [
        fileId, fileId, 'OPEN', m.tier, '由原有的困难等级建档', 'migration', new Date(`${reviewed}T00:00:00Z`),
      ]);
    }
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('hardship_event');
    await qr.dropTable('hardship_file');
  }
}
