import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, CITY_COLUMN, CITY_LENGTH, engineOfDataSource, PATH_LENGTH } from '@lianxin/subgraph';

/**
 * 工会驿站: the union posts where wish walls (心愿墙) and suggestion books (意见簿) hang. What is
 * collected there links to the post through case_file.source_kind/source_id (ix_case_source),
 * which the chair-visit migration added for every outreach channel.
 */
export class UnionPosts1769102000000 implements MigrationInterface {
  name = 'UnionPosts1769102000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '26', ...ascii });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    await qr.createTable(
      new Table({
        name: 'union_post',
        columns: [
          { ...id('id'), isPrimary: true }, id('org_id'),
          { name: 'org_path', type: 'varchar', length: String(PATH_LENGTH), ...ascii },
          { name: CITY_COLUMN, type: 'varchar', length: String(CITY_LENGTH), ...ascii },
          str('name', 100), str('address', 200), str('opening_hours', 100, true),
          { name: 'wish_wall', type: 'boolean', default: false }, { name: 'suggestion_book', type: 'boolean', default: false },
          str('created_by', 64), { name: 'created_at', type: 'datetime' }, { name: 'updated_at', type: 'datetime' },
          { name: 'version', type: 'int', default: 1 },
        ],
        indices: [
          // Two posts of one union with one name could not be told apart on a list: a second is a DUPLICATE.
          new TableIndex({ name: 'uq_union_post_name', columnNames: ['org_id', 'name'], isUnique: true }),
          // A subtree's posts in tree order (the list's keyset), and the figures' range.
          new TableIndex({ name: 'ix_union_post_scope', columnNames: ['org_path', 'id'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    await qr.dropTable('union_post');
  }
}
