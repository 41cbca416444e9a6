import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { asciiColumn, engineOfDataSource } from '@lianxin/subgraph';

/**
 * The cases schema, version 1, in TypeORM's schema API so it runs on MariaDB and SQLite.
 * Ids, paths and hashes are ASCII/binary on MariaDB (byte-wise range scans, small indexes).
 */
export class Init1764100000000 implements MigrationInterface {
  name = 'Init1764100000000';

  async up(qr: QueryRunner): Promise<void> {
    const ascii = asciiColumn(engineOfDataSource(qr.connection));
    const id = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '26', isNullable: nullable, ...ascii });
    const path = (name: string): TableColumnOptions => ({ name, type: 'varchar', length: '120', ...ascii });
    const code = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable, ...ascii });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });
    const date = (name: string): TableColumnOptions => ({ name, type: 'date' });
    const int = (name: string, dflt?: number): TableColumnOptions => ({ name, type: 'int', ...(dflt === undefined ? {} : { default: dflt }) });
    const bool = (name: string, nullable = false): TableColumnOptions => (nullable ? { name, type: 'boolean', isNullable: true } : { name, type: 'boolean', default: false });
    const pk = (): TableColumnOptions => ({ ...id('id'), isPrimary: true });
    const index = (name: string, columnNames: string[], isUnique = false) => new TableIndex({ name, columnNames, isUnique });

    await qr.createTable(
      new Table({
        name: 'case_file',
        columns: [
          pk(), code('number', 48), code('kind', 24), code('channel', 24), code('urgency', 8), str('description', 2000),
          id('member_id', true), str('raised_by_sub', 64), str('raised_by_role', 16), id('raised_org_id'), path('raised_path'),
          id('handling_org_id'), path('handling_path'), id('transferred_from_org_id', true), code('state', 20),
          str('responsible', 100, true), str('resolution', 1000, true), code('decline_reason', 32, true),
          bool('supervised'), id('escalated_to_org_id', true), time('due_at'), time('accept_due_at', true), time('paused_at', true),
          bool('deadline_escalated'), time('resolved_at', true), bool('on_time', true), time('signed_off_at', true), time('closed_at', true),
          code('close_reason', 16, true), code('rating', 24, true), str('rating_comment', 500, true), int('reopen_count', 0),
          id('project_id', true), time('raised_at'), int('event_seq', 0), code('ledger_head', 64), int('version', 1),
        ],
        indices: [
          index('uq_case_number', ['number'], true),
          index('ix_case_member', ['member_id', 'id']),
          // The sweep: clock-running cases past their deadline, and signed-off cases past the rating window.
          index('ix_case_due', ['state', 'deadline_escalated', 'due_at']),
          index('ix_case_accept_due', ['state', 'accept_due_at']),
          index('ix_case_signed_off', ['state', 'signed_off_at']),
          // Figures: open cases past their deadline under a subtree, filtered by period and kind in the index.
          index('ix_case_overdue', ['state', 'raised_path', 'due_at', 'raised_at', 'kind']),
          index('ix_case_project', ['project_id']),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'case_scope',
        columns: [
          { ...id('org_id'), isPrimary: true }, { ...id('case_id'), isPrimary: true }, path('org_path'),
          code('state', 20), code('kind', 24), bool('supervised'), time('due_at'),
        ],
        indices: [
          // Newest-first pages under one org, optionally by state and kind: index order, no filesort.
          index('ix_scope_list', ['org_id', 'case_id']),
          index('ix_scope_state', ['org_id', 'state', 'kind', 'case_id']),
          index('ix_scope_kind', ['org_id', 'kind', 'case_id']),
          index('ix_scope_case', ['case_id']),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'case_sequence',
        columns: [{ ...id('org_id'), isPrimary: true }, { ...int('year'), isPrimary: true }, int('last_value')],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'case_event',
        columns: [
          pk(), id('case_id'), int('seq'), code('action', 20), code('from_state', 20, true), code('to_state', 20),
          str('actor_sub', 64), code('actor_role', 16), id('actor_org_id', true), time('at'), str('note', 2000, true),
          str('detail', 1000, true), code('prev_hash', 64), code('hash', 64),
        ],
        indices: [index('uq_event_case_seq', ['case_id', 'seq'], true)],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'case_tally',
        columns: [
          { ...id('org_id'), isPrimary: true }, { ...code('month', 7), isPrimary: true }, { ...code('kind', 24), isPrimary: true },
          { ...code('state', 20), isPrimary: true }, { name: 'supervised', type: 'boolean', isPrimary: true },
          { ...int('on_time'), isPrimary: true }, { ...code('rating', 24), isPrimary: true }, path('org_path'), int('n'),
        ],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'deadline_policy',
        columns: [pk(), id('org_id'), path('org_path'), code('kind', 24), code('urgency', 8), int('resolve_hours'), int('accept_hours'), str('set_by', 64), time('set_at')],
        indices: [index('uq_deadline_rule', ['org_id', 'kind', 'urgency'], true)],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'case_project',
        columns: [pk(), id('org_id'), path('org_path'), str('title', 100), str('purpose', 500), code('state', 16), int('progress', 0), str('created_by', 64), time('created_at'), time('resolved_at', true), int('version', 1)],
        indices: [index('ix_project_scope', ['org_path', 'id'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'case_project_note',
        columns: [pk(), id('project_id'), int('progress'), str('note', 1000), str('actor_sub', 64), time('at')],
        indices: [index('ix_project_note', ['project_id', 'id'])],
      }),
    );

    await qr.createTable(
      new Table({
        name: 'survey',
        columns: [pk(), id('org_id'), path('org_path'), str('title', 100), date('opens_on'), date('closes_on'), str('created_by', 64), time('created_at')],
        indices: [index('ix_survey_scope', ['org_path', 'id'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'survey_question',
        columns: [pk(), id('survey_id'), int('ordinal'), str('text', 300), code('kind', 8)],
        indices: [index('ix_question_survey', ['survey_id', 'ordinal'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'survey_response',
        columns: [pk(), id('survey_id'), id('org_id'), path('org_path'), id('member_id', true), code('once_key', 54, true), time('submitted_at')],
        indices: [index('uq_response_once', ['once_key'], true), index('ix_response_survey', ['survey_id', 'org_path'])],
      }),
    );
    await qr.createTable(
      new Table({
        name: 'survey_answer',
        columns: [pk(), id('response_id'), id('survey_id'), id('question_id'), path('org_path'), code('rating', 24, true), str('text', 1000, true)],
        indices: [index('ix_answer_survey', ['survey_id', 'org_path', 'rating']), index('ix_answer_response', ['response_id'])],
      }),
    );
  }

  async down(qr: QueryRunner): Promise<void> {
    for (const t of ['survey_answer', 'survey_response', 'survey_question', 'survey', 'case_project_note', 'case_project', 'deadline_policy', 'case_tally', 'case_event', 'case_sequence', 'case_scope', 'case_file']) {
      await qr.dropTable(t);
    }
  }
}
