import { defineRaw, entityColumns } from '@lianxin/subgraph';
import { CaseRow } from './case.entity';

/**
 * caseById's batch as a raw statement (issue 11, packages/subgraph raw.ts): every page of
 * cases loads its rows through it, and TypeORM's query builder cost more to build and hydrate
 * forty columns of fifty rows than the database took to find them. Scoped as CASE_SCOPE is,
 * by column name: the raising or the handling org's path, or the member's own cases.
 */
export const CASES_BY_ID = defineRaw({
  name: 'cases.casesById',
  tables: ['case_file'],
  access: { scope: { path: ['c.raised_path', 'c.handling_path'], member: 'c.member_id' } },
  sql: `SELECT ${entityColumns(CaseRow, 'c')}
          FROM case_file c
         WHERE /*scope*/ AND c.id IN (?)`,
});
