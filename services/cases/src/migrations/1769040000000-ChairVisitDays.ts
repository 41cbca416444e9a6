import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, CITY_COLUMN, CITY_LENGTH, engineOfDataSource, PATH_LENGTH } from '@lianxin/subgraph';

/**
 * 工会主席陪伴日: the visit-day schedule of an enterprise union (chair_visit_day) and its
 * visits, the 民意日记 (chair_visit). A case keeps the outreach record it came from
 * (case_file.source_kind, source_id), for this channel and the ones that follow it.
 */
export class ChairVisitDays1769040000000 implements MigrationInterface {
  name = 'ChairVisitDays1769040000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '26', isNullable: nullable, ...ascii });
    const code = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...ascii });
    // Paths as wide as the Cities migration makes every other, and the city (the shard key) from the start.
    const path: TableColumnOptions = { name: 'org_path', type: 'varchar', length: String(PATH_LENGTH), ...ascii };
    const city: TableColumnOptions = { name: CITY_COLUMN, type: 'varchar', length: String(CITY_LENGTH), ...ascii };
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

    await qr.addColumns('case_file', [new TableColumn(code('source_kind', 16, true)), new TableColumn(id('source_id', true))]);
    await qr.createIndex('case_file', new TableIndex({ name: 'ix_case_source', columnNames: ['source_id'] }));

    await qr.createTable(
      new Table({
        name: 'chair_visit_day',
        columns: [
          { ...id('id'), isPrimary: true }, id('org_id'), path, city,
          { name: 'weekday', type: 'int', isNullable: true }, code('dates', 1000, true), code('starts_on', 10), code('ends_on', 10, true),
          str('chair', 50), { name: 'staff_count', type: 'int' }, str('updated_by', 64), { name: 'updated_at', type: 'datetime' },
          { name: 'version', type: 'int', default: 1 },
        ],
        indices: [
          new TableIndex({ name: 'uq_visit_day_org', columnNames: ['org_id'], isUnique: true }),
          new TableIndex({ name: 'ix_visit_day_scope', columnNames: ['org_path', 'id'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'chair_visit',
        columns: [
          { ...id('id'), isPrimary: true }, id('org_id'), path, city, code('visited_on', 10),
          str('chair', 50), { name: 'attendance', type: 'int' }, code('format', 16), str('notes', 2000),
          str('recorded_by', 64), { name: 'recorded_at', type: 'datetime' },
        ],
        indices: [
          // One visit a union and day; a second diary entry for the day is a DUPLICATE.
          new TableIndex({ name: 'uq_visit_org_day', columnNames: ['org_id', 'visited_on'], isUnique: true }),
          // A subtree's visits in a period: one range on the path, then the day.
          new TableIndex({ name: 'ix_visit_scope', columnNames: ['org_path', 'visited_on'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('chair_visit');
    await qr.dropTable('chair_visit_day');
    await qr.dropIndex('case_file', 'ix_case_source');
    await qr.dropColumns('case_file', ['source_kind', 'source_id']);
  }
}
