import { Arg, Args, Ctx, FieldResolver, GraphQLISODateTime, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Access, PageArgs, type Page, type SubgraphContext } from '@lianxin/subgraph';
import { Org } from '../org/org.types';
import { orgById } from '../org/org.loader';
import type { OrgRow } from '../org/org.entity';
import type { OrgHistoryRow, OrgPlaceRow } from './orgtree.entity';
import type { PostService } from './orgtree.enums';
import { placeOf } from './orgtree.loader';
import * as tree from './orgtree.service';
import { FoundOrgInput, OrgHistoryConnection, OrgPlace, OrgPlaceInput, type OrgFieldChange, type OrgHistoryEntry } from './orgtree.types';

const placeView = (row: OrgPlaceRow): OrgPlace => ({
  address: row.address, headcount: row.headcount, ownership: row.ownership, openingHours: row.openingHours,
  services: (row.services ? row.services.split(',') : []) as PostService[], updatedAt: row.updatedAt,
});

const text = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

function entryOf(h: OrgHistoryRow): OrgHistoryEntry {
  const before = (h.before ? JSON.parse(h.before) : {}) as Record<string, unknown>;
  const after = (h.after ? JSON.parse(h.after) : {}) as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes: OrgFieldChange[] = fields.map((field) => ({ field, before: text(before[field]), after: text(after[field]) })).filter((c) => c.before !== c.after);
  return { id: h.id, action: h.action, actorSub: h.actorSub, actorRole: h.actorRole, actorOrgId: h.actorOrgId, at: h.at, changes };
}

/** The org tree as the union manages it: found, rename, move, merge, close; its place; its history. */
@Resolver(() => Org)
export class OrgTreeResolver {
  @Mutation(() => Org, { nullable: true, description: '建会: found a union one level below an org you can see (staff of the parent or above, admins)' })
  @Access('staff', 'admin')
  foundOrg(@Ctx() ctx: SubgraphContext, @Arg('input', () => FoundOrgInput, { description: 'Its parent, full name and kind' }) input: FoundOrgInput): Promise<OrgRow> {
    return tree.foundOrg(ctx, input);
  }

  @Mutation(() => Org, { nullable: true, description: '更名: rename a union below your own (admins: any); its code stays' })
  @Access('staff', 'admin')
  renameOrg(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The union to rename' }) id: string, @Arg('name', { description: 'Its new full name, ending in 工会' }) name: string): Promise<OrgRow> {
    return tree.renameOrg(ctx, id, name);
  }

  @Mutation(() => Org, { nullable: true, description: '隶属关系调整: move a union below your own, with everything below it, under another parent you can see of the old parent\'s level' })
  @Access('staff', 'admin')
  moveOrg(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The union to move' }) id: string, @Arg('parentId', () => ID, { description: 'Its new parent' }) parentId: string): Promise<OrgRow> {
    return tree.moveOrg(ctx, id, parentId);
  }

  @Mutation(() => Org, { nullable: true, description: '合并: merge a union into another of the same level; members, open cases and programme shares go to the survivor, which is returned' })
  @Access('staff', 'admin')
  mergeOrg(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The union that closes' }) id: string, @Arg('intoId', () => ID, { description: 'The union that takes over' }) intoId: string): Promise<OrgRow> {
    return tree.mergeOrg(ctx, id, intoId);
  }

  @Mutation(() => Org, { nullable: true, description: '撤销: close a union with no open child unions; without a successor it must have no members and no open cases, with one it is a merge' })
  @Access('staff', 'admin')
  closeOrg(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The union to close' }) id: string,
    @Arg('successorId', () => ID, { nullable: true, description: 'The union that takes over its members and open work (then this is a merge)' }) successorId?: string | null,
  ): Promise<OrgRow> {
    return tree.closeOrg(ctx, id, successorId);
  }

  @Mutation(() => OrgPlace, { nullable: true, description: '阵地信息: set what a union records about its place (staff of the union or above, admins)' })
  @Access('staff', 'admin')
  async setOrgPlace(@Ctx() ctx: SubgraphContext, @Arg('orgId', () => ID, { description: 'The union' }) orgId: string, @Arg('place', () => OrgPlaceInput, { description: 'Everything it records about its place; what is left out is cleared' }) place: OrgPlaceInput): Promise<OrgPlace> {
    return placeView(await tree.setOrgPlace(ctx, orgId, place));
  }

  @FieldResolver(() => OrgPlace, { nullable: true, description: 'Its address, headcount, ownership and (union posts) hours and services; null when none is recorded' })
  async place(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): Promise<OrgPlace | null> {
    const row = await placeOf(ctx).load(org.id);
    return row && placeView(row);
  }

  @FieldResolver(() => OrgHistoryConnection, { nullable: true, description: 'Every change to this union, newest first; staff who can see it and admins (null for others)' })
  async history(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext, @Args(() => PageArgs) { first, after }: PageArgs): Promise<Page<OrgHistoryEntry> | null> {
    if (ctx.caller.role !== 'staff' && ctx.caller.role !== 'admin') return null;
    const page = await tree.historyOf(ctx, org, first, after);
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: entryOf(e.node) })) };
  }

  @FieldResolver(() => GraphQLISODateTime, { nullable: true, description: 'When it was closed or merged; null while it is open' })
  closedAt(@Root() org: OrgRow): Date | null {
    return org.closedAt ?? null;
  }

  @FieldResolver(() => Org, { nullable: true, description: 'The union it was merged into, when you can see it' })
  mergedInto(@Root() org: OrgRow, @Ctx() ctx: SubgraphContext): Promise<OrgRow | null> | null {
    return org.mergedIntoId ? orgById(ctx).load(org.mergedIntoId) : null;
  }
}
