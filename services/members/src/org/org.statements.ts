import { defineRaw } from '@lianxin/subgraph';

/**
 * orgById's batch as a raw statement (issue 11): the orgs with these ids (a list parameter)
 * that the caller may see, scoped as ORG_SCOPE is, by column name. Every page of members
 * asks it for the orgs the page names.
 */
export const ORGS_BY_ID = defineRaw({
  name: 'members.orgsById',
  tables: ['org'],
  access: { scope: { path: 'o.path', orgId: 'o.id' } },
  sql: `SELECT o.id, o.parent_id, o.level, o.kind, o.code, o.name, o.path, o.join_code, o.created_at, o.closed_at, o.merged_into_id, o.version
          FROM org o
         WHERE /*scope*/ AND o.id IN (?)`,
});
