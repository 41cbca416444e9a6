import { defineRaw, entityColumns } from '@lianxin/subgraph';
import { OrgRow } from '../org/org.entity';
import { MemberRow } from './member.entity';

/**
 * The members subgraph's hot list reads as raw statements (issue 11, packages/subgraph
 * raw.ts): a page of members, members by id (and org/org.statements.ts: the orgs a page names). Through
 * TypeORM's query builder it cost more to build and hydrate than the database took to
 * answer. It is scoped as the query-builder read is (MEMBER_SCOPE), by column name.
 */

/**
 * Every column of `member` and of `org` (prefixed `o_`, hydrateRaw's prefix, so none meets a
 * member column), from the entities' own mappings: a column added to an entity is read here
 * too (the raw reads once missed the city column that way).
 */
const MEMBER_COLUMNS = entityColumns(MemberRow, 'm');
const ORG_COLUMNS = entityColumns(OrgRow, 'o', 'o_');

/**
 * One page of listMembers(): the caller's scope, an org subtree ('/' to '0' is every path),
 * keyset after (org_path, id) ('' and '' from the start), each optional filter as `? IS NULL OR`
 * (a NULL leaves it out), in (org_path, id) order: one range scan on ix_member_scope.
 *
 * Each row brings its member's org (a primary-key lookup), so a page with org names is one
 * statement, not two: on this machine each statement's socket write and read cost more CPU
 * than the rows. The scope is the member's; the org of a member in scope is in scope too
 * (its path is the member's org_path), and listMembers() checks each one with inScope()
 * before orgById may answer with it.
 */
export const MEMBERS_PAGE = defineRaw({
  name: 'members.membersPage',
  tables: ['member', 'org'],
  access: { scope: { path: 'm.org_path', member: 'm.id' } },
  sql: `SELECT ${MEMBER_COLUMNS}, ${ORG_COLUMNS}
          FROM member m LEFT JOIN org o ON o.id = m.org_id
         WHERE /*scope*/
           AND m.org_path >= ? AND m.org_path < ?
           AND (m.org_path > ? OR (m.org_path = ? AND m.id > ?))
           AND (? IS NULL OR m.status = ?)
           AND (? IS NULL OR m.employment_type = ?)
           AND (? IS NULL OR m.name LIKE ? ESCAPE '!')
           AND (? IS NULL OR m.id_number_hash = ?)
           AND (? IS NULL OR m.phone_hash = ?)
         ORDER BY m.org_path, m.id
         LIMIT ?`,
});

/** memberById's batch: the members with these ids (a list parameter) that the caller may see; `_entities` and member(id) come here. */
export const MEMBERS_BY_ID = defineRaw({
  name: 'members.membersById',
  tables: ['member'],
  access: { scope: { path: 'm.org_path', member: 'm.id' } },
  sql: `SELECT ${MEMBER_COLUMNS}
          FROM member m
         WHERE /*scope*/ AND m.id IN (?)`,
});
