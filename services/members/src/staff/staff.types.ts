import { ArgsType, Directive, Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsOptional } from 'class-validator';
import { connectionOf, PageArgs } from '@lianxin/subgraph';
import { DirectoryChangeKind, StaffGrantAction } from './staff.enums';

@ObjectType({ description: '部室: a department of a union (办公室, 权益保障部, 法律援助中心…). Staff and admins only' })
@Directive('@key(fields: "id")')
export class Department {
  @Field(() => ID, { description: 'The department\'s id (a ULID)' })
  id: string;

  @Field(() => ID, { description: 'The org it belongs to' })
  orgId: string;

  @Field({ description: 'Its name, e.g. 权益保障部' })
  name: string;

  @Field({ description: 'False once deactivated (撤销): it takes no new staff or cases' })
  active: boolean;

  @Field(() => Int, { description: 'Pass it back on a change: a change made since is refused with CONFLICT, not overwritten' })
  version: number;
}

@ObjectType({ description: 'A staff account in the directory (工作人员): who signs in as staff, for which union, with which rights' })
export class StaffAccount {
  @Field(() => ID, { description: 'The account\'s id (a ULID)' })
  id: string;

  @Field({ description: 'The identity provider\'s subject (sub) this account signs in as' })
  subject: string;

  @Field(() => ID, { description: 'The org the account works for' })
  orgId: string;

  @Field(() => ID, { nullable: true, description: 'Its 部室, if it has one' })
  departmentId: string | null;

  @Field({ description: 'The person\'s name, e.g. 张敏' })
  name: string;

  @Field(() => [String], { description: 'What it may do beyond reading its scope: pii:read, case:signoff, programme:manage, staff:manage' })
  perms: string[];

  @Field({ description: 'False once revoked (停用): the subject can no longer sign in' })
  active: boolean;

  @Field(() => Int, { description: 'Pass it back on a change: a change made since is refused with CONFLICT, not overwritten' })
  version: number;
}

export const StaffAccountConnection = connectionOf(StaffAccount, 'StaffAccount', 'A page of staff accounts, oldest first');
export type StaffAccountConnection = InstanceType<typeof StaffAccountConnection>;

@ObjectType({ description: 'One entry of an account\'s grant log: a grant, change or revoke, and who made it' })
export class StaffGrant {
  @Field(() => StaffGrantAction, { description: 'What happened' })
  action: StaffGrantAction;

  @Field(() => ID, { description: 'The account\'s org after this entry' })
  orgId: string;

  @Field(() => ID, { nullable: true, description: 'Its 部室 after this entry' })
  departmentId: string | null;

  @Field(() => [String], { description: 'Its permissions after this entry' })
  perms: string[];

  @Field({ description: 'Why, as the granter wrote it' })
  note: string;

  @Field({ description: 'Who made it: the granter\'s subject' })
  actorSub: string;

  @Field(() => ID, { nullable: true, description: 'The org the granter worked for; null for an admin' })
  actorOrgId: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When' })
  at: Date;
}

@InputType({ description: '开通: a staff account for a subject of the identity provider' })
export class GrantStaffAccountInput {
  @Field({ description: 'The identity provider\'s subject (sub), exactly as its tokens carry it' })
  subject: string;

  @Field(() => ID, { description: 'The org it works for, in your scope' })
  orgId: string;

  @Field({ description: 'The person\'s name, 1-50 characters' })
  name: string;

  @Field(() => ID, { nullable: true, description: 'An active 部室 of that org' })
  @IsOptional()
  departmentId?: string | null;

  @Field(() => [String], { defaultValue: [], description: 'Permissions, each one you hold yourself (admins hold all)' })
  perms: string[];

  @Field(() => String, { nullable: true, description: 'Why, for the grant log' })
  @IsOptional()
  note?: string | null;
}

@InputType({ description: '变更: what to change on an account; what is left out stays' })
export class ChangeStaffAccountInput {
  @Field(() => ID, { nullable: true, description: 'Move it to this org, in your scope (its 部室 is cleared unless you name one there)' })
  @IsOptional()
  orgId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Put it in this active 部室 of its org; null takes it out of any' })
  @IsOptional()
  departmentId?: string | null;

  @Field(() => String, { nullable: true, description: 'A new name, 1-50 characters' })
  @IsOptional()
  name?: string | null;

  @Field(() => [String], { nullable: true, description: 'The whole new set of permissions, each one you hold yourself' })
  @IsOptional()
  perms?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Why, for the grant log' })
  @IsOptional()
  note?: string | null;
}

@ArgsType()
export class StaffAccountsArgs extends PageArgs {
  @Field(() => ID, { description: 'The org whose accounts to list, in your scope' })
  orgId: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Include revoked accounts' })
  includeRevoked: boolean;
}

@ObjectType({ description: 'Who you are signed in as: your union and rights as the gateway resolved them (a directory account wins over what a token claims)' })
export class StaffSession {
  @Field(() => ID, { nullable: true, description: 'The union you work for; null for admins' })
  orgId: string | null;

  @Field(() => [String], { description: 'Your rights, e.g. pii:read, staff:manage' })
  perms: string[];

  @Field(() => StaffAccount, { nullable: true, description: 'Your account in the staff directory; null for a development token without one' })
  account: unknown;
}

@ObjectType({ description: 'Internal: how the gateway signs a subject in' })
export class StaffIdentity {
  @Field(() => ID, { description: 'The org the account works for' })
  orgId: string;

  @Field(() => [String], { description: 'Its permissions' })
  perms: string[];

  @Field({ description: 'False once revoked: the subject may not sign in' })
  active: boolean;
}

@ObjectType({ description: 'Internal: one change of members\' change feed' })
export class DirectoryChange {
  @Field(() => Int, { description: 'Its place in the feed, from 1 up' })
  seq: number;

  @Field(() => String, { description: 'STAFF (an account changed), ORG (an org moved, merged or closed), ORG_NAME (an org renamed) or MEMBER (a member transferred or changed status)' })
  kind: DirectoryChangeKind;

  @Field({ description: 'The subject (STAFF), org id (ORG, ORG_NAME) or member id (MEMBER) that changed' })
  subject: string;
}

@ObjectType({ description: 'Internal: members\' changes after a point, for the caches of gateways, cases and benefits' })
export class DirectoryChanges {
  @Field(() => Int, { description: 'Ask after this next time' })
  head: number;

  @Field(() => [DirectoryChange], { description: 'What changed after the point asked for, oldest first' })
  changes: DirectoryChange[];

  @Field({ description: 'Too much changed to list: drop everything cached' })
  overflow: boolean;
}

@ObjectType({ description: 'Internal: a staff account as other subgraphs check it (cases: who accepts a case)' })
export class StaffEntry {
  @Field(() => ID, { description: 'The account\'s id' })
  id: string;

  @Field(() => ID, { description: 'The org it works for' })
  orgId: string;

  @Field(() => ID, { nullable: true, description: 'Its 部室, if any' })
  departmentId: string | null;

  @Field({ description: 'The person\'s name' })
  name: string;

  @Field({ description: 'False once revoked' })
  active: boolean;
}

@ObjectType({ description: 'Internal: a department as other subgraphs check it' })
export class DepartmentEntry {
  @Field(() => ID, { description: 'The department\'s id' })
  id: string;

  @Field(() => ID, { description: 'The org it belongs to' })
  orgId: string;

  @Field({ description: 'Its name' })
  name: string;

  @Field({ description: 'False once deactivated' })
  active: boolean;
}

@ObjectType({ description: 'Internal: the staff accounts and departments asked for; missing ones are left out' })
export class StaffDirectoryEntries {
  @Field(() => [StaffEntry], { description: 'The accounts found' })
  staff: StaffEntry[];

  @Field(() => [DepartmentEntry], { description: 'The departments found' })
  departments: DepartmentEntry[];
}
