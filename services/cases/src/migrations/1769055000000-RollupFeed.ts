import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { createOutboxTable, dropOutboxTable } from '@lianxin/outbox';
import { asciiColumn, engineOfDataSource, PATH_LENGTH } from '@lianxin/subgraph';

/**
 * The roll-up feed (docs/rollup.md). A city's cases writes figure events to its outbox in each
 * case's transaction; a province (CASES_ROLE=province) keeps what they say in rollup_tally and
 * rollup_clock. Every deployment gets all three tables, so one schema serves both roles: a
 * city's rollup tables and a province's case tables stay empty.
 */
export class RollupFeed1769055000000 implements MigrationInterface {
  name = 'RollupFeed1769055000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const code = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), ...ascii });
    await createOutboxTable(qr);
    await qr.createTable(
      new Table({
        name: 'rollup_tally',
        columns: [
          { ...code('city_id', 26), isPrimary: true }, { ...code('month', 7), isPrimary: true }, { ...code('kind', 24), isPrimary: true },
          { ...code('state', 20), isPrimary: true }, { name: 'supervised', type: 'boolean', isPrimary: true },
          { name: 'on_time', type: 'int', isPrimary: true }, { ...code('rating', 24), isPrimary: true },
          { name: 'passed_up', type: 'int', isPrimary: true }, { name: 'referred_out', type: 'int', isPrimary: true },
          code('city_path', PATH_LENGTH), { name: 'n', type: 'int' },
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'rollup_clock',
        columns: [
          { ...code('case_id', 26), isPrimary: true }, code('city_id', 26), code('city_path', PATH_LENGTH), { name: 'version', type: 'int' },
          { name: 'running', type: 'boolean' }, { name: 'due_at', type: 'datetime' }, { name: 'raised_at', type: 'datetime' }, code('kind', 24),
        ],
        // The overdue count: running cases of a subtree of cities past their deadline, inside the index.
        indices: [new TableIndex({ name: 'ix_rollup_clock_overdue', columnNames: ['running', 'city_path', 'due_at', 'raised_at', 'kind'] })],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('rollup_clock');
    await qr.dropTable('rollup_tally');
    await dropOutboxTable(qr);
  }
}
