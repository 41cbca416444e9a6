import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/**
 * The staff directory: 部室 per org, staff accounts keyed by the identity provider's subject,
 * their grant log, and the change feed the gateway polls to drop what it cached.
 */
export class StaffDirectory1768000000000 implements MigrationInterface {
  name = 'StaffDirectory1768000000000';

  async up(qr: QueryRunner): Promise<void> {
    const mysql = engineOfDataSource(qr.connection) === 'mysql';
    const ascii = asciiColumn(mysql ? 'mysql' : 'sqlite');
    // Subjects are compared exactly: `Alice` and `alice` are two people to an identity provider.
    const exact = mysql ? { charset: 'utf8mb4', collation: 'utf8mb4_bin' } : {};
    const id = (name: string, nullable = false) => ({ name, type: 'varchar', length: '26', isNullable: nullable, ...ascii });
    const code = (name: string) => ({ name, type: 'varchar', length: '16', ...ascii });
    const subject = (name: string) => ({ name, type: 'varchar', length: '200', ...exact });
    const perms = { name: 'perms', type: 'varchar', length: '200', ...ascii };
    await qr.createTable(
      new Table({
        name: 'department',
        columns: [
          { ...id('id'), isPrimary: true }, id('org_id'), { name: 'name', type: 'varchar', length: '50' }, { name: 'active', type: 'boolean', default: true },
          { name: 'created_at', type: 'datetime' }, { name: 'version', type: 'int', default: 1 },
        ],
        // One 办公室 per org; a deactivated one keeps its name, so a new one takes another.
        indices: [new TableIndex({ name: 'uq_department_org_name', columnNames: ['org_id', 'name'], isUnique: true })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'staff_account',
        columns: [
          { ...id('id'), isPrimary: true }, subject('subject'), id('org_id'), id('department_id', true), { name: 'name', type: 'varchar', length: '50' }, perms,
          { name: 'active', type: 'boolean', default: true }, { name: 'created_at', type: 'datetime' }, { name: 'version', type: 'int', default: 1 },
        ],
        indices: [
          new TableIndex({ name: 'uq_staff_subject', columnNames: ['subject'], isUnique: true }),
          new TableIndex({ name: 'ix_staff_org', columnNames: ['org_id', 'id'] }),
          new TableIndex({ name: 'ix_staff_department', columnNames: ['department_id', 'id'] }),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'staff_grant',
        columns: [
          { ...id('id'), isPrimary: true }, id('account_id'), code('action'), id('org_id'), id('department_id', true), perms,
          { name: 'note', type: 'varchar', length: '500' }, subject('actor_sub'), id('actor_org_id', true), { name: 'at', type: 'datetime' },
        ],
        indices: [new TableIndex({ name: 'ix_staff_grant_account', columnNames: ['account_id', 'id'] })],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'directory_change',
        columns: [{ name: 'seq', type: 'int', isPrimary: true }, code('kind'), subject('subject'), { name: 'at', type: 'datetime' }],
      }),
    );
    await qr.createTable(new Table({ name: 'directory_head', columns: [{ name: 'id', type: 'int', isPrimary: true }, { name: 'seq', type: 'int' }] }));
    await qr.query('INSERT INTO directory_head (id, seq) VALUES (1, 0)');
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['directory_head', 'directory_change', 'staff_grant', 'staff_account', 'department']) await qr.dropTable(t);
  }
}
