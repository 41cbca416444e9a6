import type { Fixture } from '../harness/fixtures';
import { STAFF_ORG, type CallerKey, type MemberKey, type OrgKey } from './callers';

/**
 * What each caller may see and do, worked out from the fixture's org paths alone by the
 * naivest model there is, so the scoping matrices assert against it instead of lists
 * written by hand (which only ever described one tree):
 *
 * - staff at path P see a row at path Q iff Q starts with P (their org and everything under it);
 * - admins see everything; a member sees themself, and their org and its ancestors;
 * - partners and anonymous callers see nothing of the tree.
 *
 * Nothing here reads the services' code: the model is string prefixes over the fixture.
 */
export class Oracle {
  /** Every org of the fixture, in the order it was made (parents first). */
  readonly orgKeys: OrgKey[];
  /** Every member of the fixture, in the order they were made. */
  readonly memberKeys: MemberKey[];

  constructor(readonly f: Fixture) {
    this.orgKeys = Object.keys(f.orgs) as OrgKey[];
    this.memberKeys = Object.keys(f.members) as MemberKey[];
  }

  path(o: OrgKey): string {
    return this.f.orgs[o].path;
  }

  /** Whether `inner` is `outer` or below it. */
  under(inner: OrgKey, outer: OrgKey): boolean {
    return this.path(inner).startsWith(this.path(outer));
  }

  /** Whether `inner` is strictly below `outer`. */
  below(inner: OrgKey, outer: OrgKey): boolean {
    return inner !== outer && this.under(inner, outer);
  }

  keyOf(orgId: string): OrgKey {
    const key = this.orgKeys.find((k) => this.f.orgs[k].id === orgId);
    if (!key) throw new Error(`No fixture org has id ${orgId}`);
    return key;
  }

  /** Where a member belongs in the fixture. */
  orgOf(m: MemberKey): OrgKey {
    return this.keyOf(this.f.members[m].orgId);
  }

  parent(o: OrgKey): OrgKey | null {
    const id = this.f.orgs[o].parentId;
    return id ? this.keyOf(id) : null;
  }

  children(o: OrgKey): OrgKey[] {
    return this.orgKeys.filter((k) => this.parent(k) === o);
  }

  /** The orgs above `o`, from the root down. */
  ancestors(o: OrgKey): OrgKey[] {
    return this.orgKeys.filter((k) => this.below(o, k)).sort((a, b) => this.path(a).length - this.path(b).length);
  }

  /** The district `o` lies in (itself, if it is one). */
  districtOf(o: OrgKey): OrgKey {
    const d = [...this.ancestors(o), o].find((k) => this.f.orgs[k].level === 'DISTRICT');
    if (!d) throw new Error(`${o} lies in no district`);
    return d;
  }

  /** The org a caller acts from: staff their org, a member the org they belong to. */
  home(c: CallerKey): OrgKey | undefined {
    if (c === 'member') return this.orgOf('m1');
    return STAFF_ORG[c];
  }

  /** Staff of an org at or above `o` (admins always). */
  atOrAbove(c: CallerKey, o: OrgKey): boolean {
    const h = STAFF_ORG[c];
    return c === 'admin' || (!!h && this.under(o, h));
  }

  /** Staff of an org strictly above `o` (admins always). */
  above(c: CallerKey, o: OrgKey): boolean {
    const h = STAFF_ORG[c];
    return c === 'admin' || (!!h && this.below(o, h));
  }

  /** An org in the caller's view: staff its subtree, a member their org and its ancestors. */
  seesOrg(c: CallerKey, o: OrgKey): boolean {
    if (c === 'member') return this.under(this.home(c)!, o);
    return this.atOrAbove(c, o);
  }

  /** A member in the caller's view: staff the members of their subtree, a member themself. */
  seesMember(c: CallerKey, m: MemberKey): boolean {
    if (c === 'member') return m === 'm1';
    return this.atOrAbove(c, this.orgOf(m));
  }

  /**
   * Something run at `o` that applies to its whole subtree (a programme, a care batch, a
   * survey): staff see it when it is run in their subtree or above them, members when it
   * is run at their org or above it.
   */
  seesInherited(c: CallerKey, o: OrgKey): boolean {
    const h = this.home(c);
    if (c === 'admin') return true;
    if (!h) return false;
    return this.under(h, o) || (c !== 'member' && this.under(o, h));
  }

  /** These orgs in tree order (by path: every org before what lies under it). */
  treeOrder(keys: readonly OrgKey[]): OrgKey[] {
    return [...keys].sort((a, b) => (this.path(a) < this.path(b) ? -1 : 1));
  }

  orgsSeenBy(c: CallerKey): OrgKey[] {
    return this.orgKeys.filter((o) => this.seesOrg(c, o));
  }

  membersSeenBy(c: CallerKey): MemberKey[] {
    return this.memberKeys.filter((m) => this.seesMember(c, m));
  }
}
