/** What a subgraph other than members knows about an org: enough to scope, number and escalate. */
export interface OrgInfo {
  id: string;
  parentId: string | null;
  path: string;
  code: string;
  level: 'NATION' | 'PROVINCE' | 'CITY' | 'DISTRICT' | 'STREET' | 'ENTERPRISE';
  name: string;
}

/**
 * The org tree as a subgraph other than members sees it. The members subgraph owns the
 * tree; @lianxin/members-client implements this over its system fields, and tests give
 * a typed fake of it.
 */
export interface OrgDirectory {
  /** The orgs among `ids` that exist; unknown ids are simply absent from the map. */
  orgs(ids: readonly string[]): Promise<Map<string, OrgInfo>>;
  org(id: string): Promise<OrgInfo | null>;
  /** The org with this code (e.g. LJ-01-02), or null. */
  orgByCode(code: string): Promise<OrgInfo | null>;
  /**
   * What is remembered of the org, without asking anyone: undefined when it is not (then
   * ask orgs()). Lets a page of fifty cases name its orgs without a promise per field.
   */
  cached?(id: string): OrgInfo | undefined;
  /** Drops what is remembered about the tree: called when members reports that it changed. */
  forget?(): void;
  /** Where a member belongs now, or null for no such member. */
  memberOrg(memberId: string): Promise<{ orgId: string; path: string } | null>;
}
