// Members' change feed lives in its own module (../changes), below the staff directory, the org tree and memberships.
export { directoryChanges, recordChange, MEMBERS_FEED, type DirectoryChanges } from '../changes/changes.feed';
