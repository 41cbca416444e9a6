import { OrgRow } from './org.entity';
import { defineRaw, entityColumns } from '@lianxin/subgraph';

/**
 * orgById's batch as a raw statement (issue 11): the orgs with these ids (a list parameter)
 * that the caller may see, scoped as ORG_SCOPE is, by column name. Every page of members
 * asks it for the orgs the page names.
 */
export const ORGS_BY_ID = defineRaw({
  name: 'members.orgsById',
  tables: ['org'],
  access: { scope: { path: 'o.path', orgId: 'o.id' } },
  sql: `SELECT ${entityColumns(OrgRow, 'o')}
          FROM org o
         WHERE /*scope*/ AND o.id IN (?)`,
});
