import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/** The benefits schema, version 1, in TypeORM's schema API so it runs on MariaDB and SQLite. */
export class Init1764200000000 implements MigrationInterface {
  name = 'Init1764200000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '26', isNullable: nullable, ...ascii });
    const path = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '120', ...ascii });
    const code = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...ascii });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });
    const date = (name: string): TableColumnOptions => ({ name, type: 'date' });
    const int = (name: string, opts: { nullable?: boolean; dflt?: number } = {}): TableColumnOptions => ({ name, type: 'int', isNullable: !!opts.nullable, ...(opts.dflt === undefined ? {} : { default: opts.dflt }) });
    const money = (name: string, opts: { nullable?: boolean; dflt?: number } = {}): TableColumnOptions => ({ name, type: 'bigint', isNullable: !!opts.nullable, ...(opts.dflt === undefined ? {} : { default: opts.dflt }) });
    const bool = (name: string, dflt: boolean): TableColumnOptions => ({ name, type: 'boolean', default: dflt });
    const pk = (): TableColumnOptions => ({ ...id('id'), isPrimary: true });
    const index = (name: string, columnNames: string[], isUnique = false) => new TableIndex({ name, columnNames, isUnique });

    await qr.createTable(
      new Table({
        name: 'programme',
        columns: [
          pk(), id('org_id'), path('org_path'), str('name', 100), code('kind', 24), bool('sensitive', false), date('starts_on'), date('ends_on'),
          int('quota', { nullable: true }), money('budget_cents', { nullable: true }), money('amount_cents', { nullable: true }),
          int('voucher_valid_days', { nullable: true }), int('rules_version', { dflt: 0 }), code('state', 8), str('created_by', 64), time('created_at'),
          int('version', { dflt: 1 }),
        ],
        indices: [index('ix_programme_scope', ['org_path', 'id']), index('ix_programme_org', ['org_id'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'programme_rules',
        columns: [{ ...id('programme_id'), isPrimary: true }, { ...int('version'), isPrimary: true }, { name: 'rules', type: 'text' }, str('created_by', 64), time('created_at')],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'allocation',
        columns: [
          pk(), id('programme_id'), id('org_id'), path('org_path'), id('parent_id', true), int('quota', { nullable: true }), money('budget_cents', { nullable: true }),
          int('used', { dflt: 0 }), money('spent_cents', { dflt: 0 }), int('allocated_to_children', { dflt: 0 }), money('budget_to_children', { dflt: 0 }), int('version', { dflt: 1 }),
        ],
        indices: [index('uq_allocation_org', ['programme_id', 'org_id'], true), index('ix_allocation_parent', ['parent_id'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'voucher',
        columns: [
          pk(), id('programme_id'), id('member_id'), id('org_id'), path('org_path'), id('allocation_id'), code('code', 24), code('state', 12),
          time('issued_at'), time('expires_at'), time('redeemed_at', true), id('partner_id', true), code('limit_key', 90, true), str('issued_by', 64), int('version', { dflt: 1 }),
        ],
        indices: [
          index('uq_voucher_code', ['code'], true),
          index('uq_voucher_limit', ['limit_key'], true),
          index('ix_voucher_member', ['member_id', 'programme_id']),
          index('ix_voucher_scope', ['org_path', 'id']),
          // The expiry sweep: issued vouchers past their expiry.
          index('ix_voucher_expiry', ['state', 'expires_at']),
          index('ix_voucher_programme', ['programme_id', 'state']),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'redemption',
        columns: [pk(), id('voucher_id'), id('programme_id'), id('partner_id'), str('idempotency_key', 64), code('request_hash', 64), time('at')],
        indices: [
          index('uq_redemption_voucher', ['voucher_id'], true),
          index('uq_redemption_idempotency', ['partner_id', 'idempotency_key'], true),
          index('ix_redemption_partner', ['partner_id', 'id']),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'partner',
        columns: [pk(), str('name', 100), code('kind', 12), id('org_id'), path('org_path'), bool('active', true), time('created_at')],
        indices: [index('ix_partner_scope', ['org_path', 'id'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'partner_programme',
        columns: [{ ...id('partner_id'), isPrimary: true }, { ...id('programme_id'), isPrimary: true }],
        indices: [index('ix_partner_programme', ['programme_id'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'partner_key',
        columns: [pk(), id('partner_id'), code('prefix', 12), code('hash', 64), time('created_at'), time('revoked_at', true)],
        indices: [index('uq_partner_key_hash', ['hash'], true), index('ix_partner_key_partner', ['partner_id'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'care_batch',
        columns: [
          pk(), id('programme_id', true), id('org_id'), path('org_path'), str('name', 100), code('occasion', 16), money('budget_cents'), money('spent_cents', { dflt: 0 }),
          date('starts_on'), date('ends_on'), str('created_by', 64), int('version', { dflt: 1 }),
        ],
        indices: [index('ix_care_batch_scope', ['org_path', 'id'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'care_visit',
        columns: [pk(), id('batch_id'), id('member_id'), id('org_id'), path('org_path'), str('items', 300), money('cost_cents'), date('visited_on'), str('recorded_by', 64), time('created_at')],
        indices: [index('ix_care_visit_batch', ['batch_id', 'org_path']), index('ix_care_visit_member', ['member_id']), index('ix_care_visit_scope', ['org_path', 'id'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'aid_application',
        columns: [
          pk(), id('programme_id'), id('member_id'), id('child_id'), id('org_id'), path('org_path'), int('year'), code('state', 20), money('amount_cents', { nullable: true }),
          str('reject_reason', 300, true), str('applied_by', 64), code('applied_role', 16), code('award_key', 64, true), code('open_key', 64, true), time('created_at'), time('updated_at'),
          int('version', { dflt: 1 }),
        ],
        indices: [
          index('uq_aid_award', ['award_key'], true),
          index('uq_aid_open', ['open_key'], true),
          index('ix_aid_scope', ['org_path', 'id']),
          index('ix_aid_member', ['member_id']),
          index('ix_aid_programme', ['programme_id', 'state']),
        ],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'aid_event',
        columns: [pk(), id('application_id'), code('from_state', 20, true), code('to_state', 20), str('actor_sub', 64), code('actor_role', 16), id('actor_org_id', true), time('at'), str('note', 300, true)],
        indices: [index('ix_aid_event_application', ['application_id', 'id'])],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['aid_event', 'aid_application', 'care_visit', 'care_batch', 'partner_key', 'partner_programme', 'partner', 'redemption', 'voucher', 'allocation', 'programme_rules', 'programme']) {
      await qr.dropTable(t);
    }
  }
}
