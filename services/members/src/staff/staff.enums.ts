import { registerEnumType } from 'type-graphql';

/** What one entry of the grant log records. */
export enum StaffGrantAction {
  /** The account was made, with its org, 部室 and permissions. */
  GRANT = 'GRANT',
  /** Its org, 部室, name or permissions changed. */
  CHANGE = 'CHANGE',
  /** It may no longer sign in; the account and its log stay. */
  REVOKE = 'REVOKE',
}

export { DirectoryChangeKind } from '../changes/changes.feed';

registerEnumType(StaffGrantAction, {
  name: 'StaffGrantAction',
  description: 'What one entry of a staff account\'s grant log records',
  valuesConfig: {
    GRANT: { description: '开通: the account was made' },
    CHANGE: { description: '变更: its org, 部室, name or permissions changed' },
    REVOKE: { description: '停用: it may no longer sign in' },
  },
});
