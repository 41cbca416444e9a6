import { scopeOf, type Caller } from '@lianxin/auth';
import { createLogger, subgraphContext, type OrgDirectory, type SubgraphContext } from '@lianxin/subgraph';
import type { MemberFactsSource, StaffDirectorySource } from '@lianxin/members-client';
import type { DataSource } from 'typeorm';

/** A logger that says nothing, for the contexts of service specs. */
export const silentLog = createLogger('test', 'silent');

export interface ContextParts {
  /** The database under test; a function, since a spec opens it in beforeAll. */
  db: () => DataSource;
  orgs?: OrgDirectory;
  /** Benefits' member facts (ctx.services.memberFacts). */
  facts?: MemberFactsSource;
  /** Cases' staff directory (ctx.services.staffDirectory): who may be named on acceptance. */
  staff?: StaffDirectorySource;
  /** Any other services the subgraph is started with. */
  services?: Record<string, unknown>;
}

/**
 * A fresh request context per call, as serveSubgraph builds one: subgraphContext() with the
 * caller's scope, so the service under test reads through the same scoped data handle.
 */
export function contextFor(parts: ContextParts): (caller: Caller) => SubgraphContext {
  const services =
    parts.facts || parts.staff || parts.services
      ? { ...parts.services, ...(parts.facts ? { memberFacts: parts.facts } : {}), ...(parts.staff ? { staffDirectory: parts.staff } : {}) }
      : undefined;
  return (caller) => subgraphContext({ caller, scope: scopeOf(caller), source: parts.db(), log: silentLog, orgs: parts.orgs, services });
}
