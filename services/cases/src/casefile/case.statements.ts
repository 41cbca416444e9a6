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

/**
 * A page of an org's case list (listCases with an org: staff, or a filter naming one) from
 * case_scope, newest first: the org, then each optional filter as `? IS NULL OR` (a NULL
 * leaves it out), then the cursor. Scoped as the query-builder read is ({ path: s.orgPath }).
 * Filters on case_file's own columns (channel, urgency, handledHere, needsMyAction) keep the
 * query builder.
 */
export const CASE_LIST_IDS = defineRaw({
  name: 'cases.caseListIds',
  tables: ['case_scope'],
  access: { scope: { path: 's.org_path' } },
  sql: `SELECT s.case_id AS id
          FROM case_scope s
         WHERE /*scope*/ AND s.org_id = ?
           AND (? IS NULL OR s.state = ?)
           AND (? IS NULL OR s.kind = ?)
           AND (? IS NULL OR s.supervised = ?)
           AND (? IS NULL OR (s.state IN (?) AND s.due_at < ?))
           AND (? IS NULL OR (s.state NOT IN (?) OR s.due_at >= ?))
           AND (? IS NULL OR s.case_id < ?)
         ORDER BY s.case_id DESC
         LIMIT ?`,
});
