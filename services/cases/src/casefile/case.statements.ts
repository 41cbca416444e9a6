import { defineRaw, entityColumns } from '@lianxin/subgraph';
import { CaseRow } from './case.entity';

/** How a case itself is kept in scope, by column name: the raising or the handling org's path, or the member's own cases. */
const CASE_COLUMNS = { path: ['c.raised_path', 'c.handling_path'], member: 'c.member_id' };

/**
 * caseById's batch as a raw statement (issue 11, packages/subgraph raw.ts): every page of
 * cases loads its rows through it, and TypeORM's query builder cost more to build and hydrate
 * forty columns of fifty rows than the database took to find them.
 */
export const CASES_BY_ID = defineRaw({
  name: 'cases.casesById',
  tables: ['case_file'],
  access: { scope: CASE_COLUMNS },
  sql: `SELECT ${entityColumns(CaseRow, 'c')}
          FROM case_file c
         WHERE /*scope*/ AND c.id IN (?)`,
});

/**
 * A page of an org's case list (listCases with an org: staff, or a filter naming one) from
 * case_scope, newest first, with the cases' rows in the same statement (it was two: the
 * page's ids, then casesById): the org, then each optional filter as `? IS NULL OR` (a NULL
 * leaves it out), then the cursor. Each table is kept in scope by its own columns, as the two
 * reads were: case_scope as the query-builder read is ({ path: s.orgPath }), the case as
 * casesById is. Filters on case_file's own columns (channel, urgency, a period, handledHere,
 * needsMyAction) keep the query builder.
 *
 * The page's ids are taken first, in a derived table with its own LIMIT (one index range of
 * case_scope, however many cases the org holds), and the rows joined to them: joined the
 * other way round, MariaDB planned a city's list from case_file and sorted half a million
 * rows for each page. The LEFT JOIN keeps an id whose case the caller may not read, as
 * casesById left it out, so the page and its cursor are the two reads' exactly.
 */
export const CASE_LIST_ROWS = defineRaw({
  name: 'cases.caseListRows',
  tables: ['case_scope', 'case_file'],
  access: { scope: [{ path: 's.org_path' }, CASE_COLUMNS] },
  sql: `SELECT p.case_id AS page_id, ${entityColumns(CaseRow, 'c', 'c_')}
          FROM (SELECT s.case_id
                  FROM case_scope s
                 WHERE /*scope*/ AND s.org_id = ?
                   AND (? IS NULL OR s.state = ?)
                   AND (? IS NULL OR s.kind = ?)
                   AND (? IS NULL OR s.supervised = ?)
                   AND (? IS NULL OR (s.state IN (?) AND s.due_at < ?))
                   AND (? IS NULL OR (s.state NOT IN (?) OR s.due_at >= ?))
                   AND (? IS NULL OR s.case_id < ?)
                 ORDER BY s.case_id DESC
                 LIMIT ?) p
          LEFT JOIN case_file c ON c.id = p.case_id AND /*scope*/
         ORDER BY p.case_id DESC`,
});
