import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, CITY_COLUMN, CITY_LENGTH, engineOfDataSource, PATH_LENGTH } from '@lianxin/subgraph';

/**
 * 菜单式服务: an org's service menus (service_menu), their items (menu_item) and the members'
 * orders (menu_order), each order linked to the case it raised (source_kind MENU_ITEM).
 */
export class ServiceMenus1769103000000 implements MigrationInterface {
  name = 'ServiceMenus1769103000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '26', ...ascii });
    const code = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length), ...ascii });
    const path: TableColumnOptions = { name: 'org_path', type: 'varchar', length: String(PATH_LENGTH), ...ascii };
    const city: TableColumnOptions = { name: CITY_COLUMN, type: 'varchar', length: String(CITY_LENGTH), ...ascii };
    const str = (name: string, length: number): TableColumnOptions => ({ name, type: 'varchar', length: String(length) });
    const int = (name: string, nullable = false, dflt?: number): TableColumnOptions => ({ name, type: 'int', isNullable: nullable, ...(dflt === undefined ? {} : { default: dflt }) });

    await qr.createTable(
      new Table({
        name: 'service_menu',
        columns: [
          { ...id('id'), isPrimary: true }, id('org_id'), path, city, str('title', 100), code('starts_on', 10), code('ends_on', 10), code('state', 16),
          { name: 'published_at', type: 'datetime', isNullable: true }, str('updated_by', 64), { name: 'updated_at', type: 'datetime' }, int('version', false, 1),
        ],
        // A subtree's menus in tree order; a member's ancestors' menus by org id.
        indices: [new TableIndex({ name: 'ix_menu_scope', columnNames: ['org_path', 'id'] }), new TableIndex({ name: 'ix_menu_org', columnNames: ['org_id'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'menu_item',
        columns: [
          { ...id('id'), isPrimary: true }, id('menu_id'), id('org_id'), path, city, int('position'), str('title', 100), str('description', 1000), code('kind', 24),
          int('quantity', true), int('ordered', false, 0), int('version', false, 1),
        ],
        indices: [new TableIndex({ name: 'ix_menu_item_menu', columnNames: ['menu_id', 'position'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'menu_order',
        columns: [
          { ...id('id'), isPrimary: true }, id('menu_id'), id('item_id'), id('case_id'), id('member_id'), path, city,
          { name: 'ordered_at', type: 'datetime' }, code('ordered_on', 10),
        ],
        indices: [
          // One order per member and item: a second is DUPLICATE, also when both arrive at once.
          new TableIndex({ name: 'uq_menu_order_member', columnNames: ['item_id', 'member_id'], isUnique: true }),
          // A subtree's orders in a period (figures): one range on the path.
          new TableIndex({ name: 'ix_menu_order_scope', columnNames: ['org_path', 'ordered_on'] }),
          new TableIndex({ name: 'ix_menu_order_menu', columnNames: ['menu_id', 'id'] }),
          new TableIndex({ name: 'ix_menu_order_case', columnNames: ['case_id'] }),
        ],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['menu_order', 'menu_item', 'service_menu']) await qr.dropTable(t);
  }
}
