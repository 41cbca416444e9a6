import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';
import { CaseTallyRow } from '../figures/tally.entity';
import { expectedTally } from '../figures/tally.rebuild';

/**
 * Two additions to cases:
 * - a case registered for a worker who is not a member keeps their name and phone, and every
 *   full read of that phone is logged (case_contact_access);
 * - the figures count cases passed up (上报) and referred out (转办外部机构): case_file keeps
 *   whether that ever happened, and case_tally gains both as bucket columns. The tally's key
 *   changes, so it is rebuilt from the cases, with the flags backfilled from the ledger first.
 */
export class WorkersAndRoutingFigures1768150000000 implements MigrationInterface {
  name = 'WorkersAndRoutingFigures1768150000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '26', isNullable: nullable, ...ascii });
    const code = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), ...ascii });

    await qr.addColumns('case_file', [
      new TableColumn({ name: 'worker_name', type: 'varchar', length: '50', isNullable: true }),
      new TableColumn({ name: 'worker_phone', type: 'varchar', length: '120', isNullable: true }),
      new TableColumn({ name: 'passed_up', type: 'boolean', default: false }),
      new TableColumn({ name: 'referred_out', type: 'boolean', default: false }),
    ]);
    await qr.createTable(
      new Table({
        name: 'case_contact_access',
        columns: [
          { ...id('id'), isPrimary: true }, id('case_id'),
          { name: 'actor_sub', type: 'varchar', length: '64' }, code('actor_role', 16), id('actor_org_id', true),
          { name: 'at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'ix_contact_access_case', columnNames: ['case_id', 'id'] })],
      }),
    );

    await qr.query(`UPDATE case_file SET passed_up = 1 WHERE id IN (SELECT case_id FROM case_event WHERE action = 'PASS_UP')`);
    await qr.query(`UPDATE case_file SET referred_out = 1 WHERE id IN (SELECT case_id FROM case_event WHERE action = 'REFER_OUT')`);

    await qr.dropTable('case_tally');
    await qr.createTable(
      new Table({
        name: 'case_tally',
        columns: [
          { ...id('org_id'), isPrimary: true }, { ...code('month', 7), isPrimary: true }, { ...code('kind', 24), isPrimary: true },
          { ...code('state', 20), isPrimary: true }, { name: 'supervised', type: 'boolean', isPrimary: true },
          { name: 'on_time', type: 'int', isPrimary: true }, { ...code('rating', 24), isPrimary: true },
          { name: 'passed_up', type: 'int', isPrimary: true }, { name: 'referred_out', type: 'int', isPrimary: true },
          { name: 'org_path', type: 'varchar', length: '120', ...ascii }, { name: 'n', type: 'int' },
        ],
      }),
    );
    const rows = [...(await expectedTally(qr.manager)).values()].map((e) => Object.assign(new CaseTallyRow(), e));
    for (let i = 0; i < rows.length; i += 500) await qr.manager.insert(CaseTallyRow, rows.slice(i, i + 500));
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('case_contact_access');
    await qr.dropColumns('case_file', ['worker_name', 'worker_phone', 'passed_up', 'referred_out']);
    // The old key cannot hold the new buckets apart: the operator rebuilds the tally after going back.
    await qr.dropTable('case_tally');
    await qr.createTable(
      new Table({
        name: 'case_tally',
        columns: [
          { name: 'org_id', type: 'varchar', length: '26', isPrimary: true }, { name: 'month', type: 'varchar', length: '7', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '24', isPrimary: true }, { name: 'state', type: 'varchar', length: '20', isPrimary: true },
          { name: 'supervised', type: 'boolean', isPrimary: true }, { name: 'on_time', type: 'int', isPrimary: true },
          { name: 'rating', type: 'varchar', length: '24', isPrimary: true }, { name: 'org_path', type: 'varchar', length: '120' }, { name: 'n', type: 'int' },
        ],
      }),
    );
  }
}
