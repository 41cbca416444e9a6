import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';
import { ENCRYPTED_LENGTH, encryptPii, isEncrypted, piiHash } from '../member/member.pii';

const BATCH = 1000;

/**
 * ID numbers and phones move to ciphertext, with keyed hashes for uniqueness and exact
 * lookups (see member/member.pii.ts). Existing rows are encrypted in place, in batches; a row
 * already encrypted is left alone, so a run cut short can simply run again. The key comes
 * from PII_SECRET, configured before the database is opened.
 */
export class EncryptPii1765000000000 implements MigrationInterface {
  name = 'EncryptPii1765000000000';

  async up(qr: QueryRunner): Promise<void> {
    const mysql = engineOfDataSource(qr.connection) === 'mysql';
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    await qr.dropIndex('member', 'uq_member_id_number');
    await qr.dropIndex('join_application', 'ix_application_id_number');
    // SQLite does not enforce varchar lengths; MariaDB needs the room for the ciphertext.
    // MODIFY in place: TypeORM's changeColumn drops and re-adds a column whose length changes.
    if (mysql) {
      const w = `VARCHAR(${ENCRYPTED_LENGTH}) CHARACTER SET ascii COLLATE ascii_bin NOT NULL`;
      await qr.query(`ALTER TABLE member MODIFY id_number ${w}, MODIFY phone ${w}`);
      await qr.query(`ALTER TABLE join_application MODIFY id_number ${w}, MODIFY phone ${w}, MODIFY pending_key VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NULL`);
    }
    await qr.addColumn('member', new TableColumn({ name: 'id_number_hash', type: 'varchar', length: '64', isNullable: true, ...ascii }));
    await qr.addColumn('member', new TableColumn({ name: 'phone_hash', type: 'varchar', length: '64', isNullable: true, ...ascii }));

    for (let after = ''; ; ) {
      const rows: { id: string; id_number: string; phone: string }[] = await qr.query(
        'SELECT id, id_number, phone FROM member WHERE id > ? ORDER BY id LIMIT ?',
        [after, BATCH],
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        if (isEncrypted(r.id_number)) continue;
        await qr.query('UPDATE member SET id_number = ?, phone = ?, id_number_hash = ?, phone_hash = ? WHERE id = ?', [
          encryptPii(r.id_number), encryptPii(r.phone), piiHash('idNumber', r.id_number), piiHash('phone', r.phone), r.id,
        ]);
      }
      after = rows[rows.length - 1]!.id;
    }
    for (let after = ''; ; ) {
      const rows: { id: string; id_number: string; phone: string; pending_key: string | null }[] = await qr.query(
        'SELECT id, id_number, phone, pending_key FROM join_application WHERE id > ? ORDER BY id LIMIT ?',
        [after, BATCH],
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        if (isEncrypted(r.id_number)) continue;
        await qr.query('UPDATE join_application SET id_number = ?, phone = ?, pending_key = ? WHERE id = ?', [
          encryptPii(r.id_number), encryptPii(r.phone), r.pending_key === null ? null : piiHash('idNumber', r.pending_key), r.id,
        ]);
      }
      after = rows[rows.length - 1]!.id;
    }

    if (mysql) {
      const h = 'VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL';
      await qr.query(`ALTER TABLE member MODIFY id_number_hash ${h}, MODIFY phone_hash ${h}`);
    }
    await qr.createIndex('member', new TableIndex({ name: 'uq_member_id_number_hash', columnNames: ['id_number_hash'], isUnique: true }));
    await qr.createIndex('member', new TableIndex({ name: 'ix_member_phone_hash', columnNames: ['phone_hash'] }));
  }

  async down(): Promise<void> {
    throw new Error('Decrypting ID numbers back into plaintext columns is not supported: restore a backup instead.');
  }
}
