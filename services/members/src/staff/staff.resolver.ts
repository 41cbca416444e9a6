import { Arg, Args, Ctx, Directive, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, emptyPage, PageArgs, System, type Page, type SubgraphContext } from '@lianxin/subgraph';
import type { OrgRow } from '../org/org.entity';
import { Org } from '../org/org.types';
import { directoryChanges, type DirectoryChanges as Changes } from './directory.feed';
import type { DepartmentRow, StaffAccountRow, StaffGrantRow } from './staff.entity';
import { accountById, departmentsOfOrg, grantsOfAccount, staffOfDepartment } from './staff.loader';
import * as directory from './staff.service';
import { permsOf } from './staff.service';
import {
  ChangeStaffAccountInput, Department, DirectoryChanges, GrantStaffAccountInput, StaffAccount, StaffAccountConnection, StaffAccountsArgs, StaffDirectoryEntries, StaffGrant, StaffIdentity,
} from './staff.types';

const VERSION = { description: 'The version you last saw; a change made since is refused with CONFLICT instead of overwritten' };
const MANAGERS = 'Admins, and staff holding staff:manage for their own org and below';

@Resolver(() => StaffAccount)
export class StaffAccountResolver {
  @Query(() => StaffAccount, { nullable: true, description: 'A staff account of an org in your scope; null when it does not exist or is outside it' })
  @Access('staff', 'admin')
  staffAccount(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The account\'s id' }) id: string): Promise<StaffAccountRow | null> {
    return accountById(ctx).load(id);
  }

  @Query(() => StaffAccountConnection, { nullable: true, description: 'The staff accounts of one org in your scope, oldest first' })
  @Access('staff', 'admin')
  staffAccounts(@Ctx() ctx: SubgraphContext, @Args(() => StaffAccountsArgs) args: StaffAccountsArgs): Promise<Page<StaffAccountRow>> {
    return directory.staffAccounts(ctx, args);
  }

  @Mutation(() => StaffAccount, { nullable: true, description: `开通: give a subject of the identity provider a staff account. ${MANAGERS}; you grant only permissions you hold` })
  @Access('staff', 'admin')
  grantStaffAccount(@Ctx() ctx: SubgraphContext, @Arg('input', () => GrantStaffAccountInput, { description: 'The account' }) input: GrantStaffAccountInput): Promise<StaffAccountRow> {
    return directory.grantStaffAccount(ctx, input);
  }

  @Mutation(() => StaffAccount, { nullable: true, description: `变更: move an account to another org or 部室, rename it, or set its permissions. ${MANAGERS}; never your own` })
  @Access('staff', 'admin')
  changeStaffAccount(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The account\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version: number,
    @Arg('input', () => ChangeStaffAccountInput, { description: 'What changes' }) input: ChangeStaffAccountInput,
  ): Promise<StaffAccountRow> {
    return directory.changeStaffAccount(ctx, id, version, input);
  }

  @Mutation(() => StaffAccount, { nullable: true, description: `停用: the subject can no longer sign in (within about two seconds); the account and its log stay. ${MANAGERS}; never your own` })
  @Access('staff', 'admin')
  revokeStaffAccount(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The account\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version: number,
    @Arg('reason', { description: 'Why: left the union, moved away…, 1-500 characters' }) reason: string,
  ): Promise<StaffAccountRow> {
    return directory.revokeStaffAccount(ctx, id, version, reason);
  }

  @Query(() => StaffIdentity, { nullable: true })
  @Directive('@inaccessible')
  @System()
  async _staffBySubject(@Ctx() ctx: SubgraphContext, @Arg('subject') subject: string): Promise<StaffIdentity | null> {
    const a = await directory.staffBySubject(ctx, subject);
    return a && { orgId: a.orgId, perms: permsOf(a), active: a.active };
  }

  @Query(() => DirectoryChanges, { nullable: true })
  @Directive('@inaccessible')
  @System()
  _directoryChanges(@Ctx() ctx: SubgraphContext, @Arg('after', () => Int, { nullable: true }) after?: number | null): Promise<Changes> {
    return directoryChanges(ctx, after);
  }

  @Query(() => StaffDirectoryEntries, { description: 'For other subgraphs: the staff accounts and departments with these ids (missing ones are left out)' })
  @Directive('@inaccessible')
  @System()
  _staffDirectory(
    @Ctx() ctx: SubgraphContext,
    @Arg('staffIds', () => [ID], { defaultValue: [] }) staffIds: string[],
    @Arg('departmentIds', () => [ID], { defaultValue: [] }) departmentIds: string[],
  ): Promise<{ staff: StaffAccountRow[]; departments: DepartmentRow[] }> {
    return directory.directoryEntries(ctx, staffIds, departmentIds);
  }

  @FieldResolver(() => [String])
  perms(@Root() a: StaffAccountRow): string[] {
    return permsOf(a);
  }

  @FieldResolver(() => [StaffGrant], { description: 'The grant log: every grant, change and revoke, oldest first' })
  grants(@Root() a: StaffAccountRow, @Ctx() ctx: SubgraphContext): Promise<StaffGrantRow[]> {
    return grantsOfAccount(ctx).load(a.id);
  }
}

@Resolver(() => StaffGrant)
export class StaffGrantResolver {
  @FieldResolver(() => [String])
  perms(@Root() g: StaffGrantRow): string[] {
    return permsOf(g);
  }
}

@Resolver(() => Department)
export class DepartmentResolver {
  @Mutation(() => Department, { nullable: true, description: `Add a 部室 to an org in your scope. ${MANAGERS}` })
  @Access('staff', 'admin')
  createDepartment(
    @Ctx() ctx: SubgraphContext,
    @Arg('orgId', () => ID, { description: 'The org, in your scope' }) orgId: string,
    @Arg('name', { description: 'e.g. 权益保障部, 1-50 characters, not already used in that org' }) name: string,
  ): Promise<DepartmentRow> {
    return directory.createDepartment(ctx, orgId, name);
  }

  @Mutation(() => Department, { nullable: true, description: `Rename a 部室. ${MANAGERS}` })
  @Access('staff', 'admin')
  renameDepartment(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The department\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version: number,
    @Arg('name', { description: 'The new name, 1-50 characters' }) name: string,
  ): Promise<DepartmentRow> {
    return directory.renameDepartment(ctx, id, version, name);
  }

  @Mutation(() => Department, { nullable: true, description: `撤销: deactivate a 部室; it takes no new staff or cases. ${MANAGERS}` })
  @Access('staff', 'admin')
  deactivateDepartment(
    @Ctx() ctx: SubgraphContext,
    @Arg('id', () => ID, { description: 'The department\'s id' }) id: string,
    @Arg('version', () => Int, VERSION) version: number,
  ): Promise<DepartmentRow> {
    return directory.deactivateDepartment(ctx, id, version);
  }

  @FieldResolver(() => [StaffAccount], { description: 'Its active staff, by name' })
  staff(@Root() d: DepartmentRow, @Ctx() ctx: SubgraphContext): Promise<StaffAccountRow[]> {
    return staffOfDepartment(ctx).load(d.id);
  }
}

@Resolver(() => Org)
export class OrgDirectoryResolver {
  @FieldResolver(() => [Department], { description: 'Staff and admins: its 部室, by name; members see none' })
  departments(
    @Root() org: OrgRow,
    @Ctx() ctx: SubgraphContext,
    @Arg('includeInactive', () => Boolean, { defaultValue: false, description: 'Include deactivated ones' }) includeInactive: boolean,
  ): Promise<DepartmentRow[]> | DepartmentRow[] {
    if (ctx.caller.role !== 'staff' && ctx.caller.role !== 'admin') return [];
    return departmentsOfOrg(ctx).load({ orgId: org.id, inactive: includeInactive });
  }

  @FieldResolver(() => StaffAccountConnection, { description: 'Staff and admins: its staff accounts, oldest first (who may be named when it accepts a case); members see none' })
  staffAccounts(
    @Root() org: OrgRow,
    @Ctx() ctx: SubgraphContext,
    @Arg('includeRevoked', () => Boolean, { defaultValue: false, description: 'Include revoked accounts' }) includeRevoked: boolean,
    @Args(() => PageArgs) { first, after }: PageArgs,
  ): Promise<Page<StaffAccountRow>> | Page<StaffAccountRow> {
    if (ctx.caller.role !== 'staff' && ctx.caller.role !== 'admin') return emptyPage();
    return directory.staffAccounts(ctx, { orgId: org.id, includeRevoked, first, after });
  }
}
