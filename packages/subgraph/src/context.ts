import type { Caller, Scope } from '@lianxin/auth';
import type { Logger } from 'pino';
import { DomainError, ErrorCode } from './errors';
import type { OrgDirectory } from './org-directory';
import type { ScopedData } from './data';

/** Per-request context every resolver receives. Built only by serveSubgraph(). */
export interface SubgraphContext {
  caller: Caller;
  /** Absent until the internal token is verified; data access without it throws. */
  scope?: Scope;
  /** Tables, through the caller's scope (data.ts); unscoped(ctx, reason) is the one way past it. */
  db: ScopedData;
  log: Logger;
  /** Per-request DataLoader cache; see defineLoader(). */
  loaders: Map<unknown, unknown>;
  /** The org tree as the members subgraph knows it; set for subgraphs other than members. */
  orgs?: OrgDirectory;
  /** Service-specific clients a subgraph was started with (e.g. benefits' member facts). */
  services?: Readonly<Record<string, unknown>>;
}

export function requireOrgs(ctx: Pick<SubgraphContext, 'orgs'>): OrgDirectory {
  if (!ctx.orgs) throw new Error('This subgraph was started without an org directory (membersUrl)');
  return ctx.orgs;
}

/** The one gate in front of every query: no verified scope, no data. */
export function requireScope(ctx: Pick<SubgraphContext, 'scope'>): Scope {
  if (!ctx.scope) {
    throw new DomainError(ErrorCode.UNAUTHENTICATED, 'No verified caller scope on this request; call through the gateway.');
  }
  return ctx.scope;
}
