import { InternalClient, InternalTokens, systemCaller } from '@lianxin/auth';
import { DomainError, ErrorCode } from '@lianxin/subgraph';

/** Who a subgraph is when it asks members for itself, not for a client. */
const DIRECTORY_CALLER = systemCaller('org-directory');

/**
 * The one client a subgraph asks members with: the system fields (`_orgDirectory`,
 * `_memberFacts`, `_scopeAnchor`) under a system token minted for audience `members`.
 * When members does not answer, the client's own caller sees SERVICE_UNAVAILABLE.
 */
export function membersSystemClient(membersUrl: string, internalSecret: string, timeoutMs = 5_000): InternalClient {
  const tokens = new InternalTokens(internalSecret);
  return new InternalClient({
    url: membersUrl,
    token: () => tokens.for(DIRECTORY_CALLER, 'members'),
    unavailable: () => new DomainError(ErrorCode.UNAVAILABLE, 'The members service did not answer; retry in a moment.'),
    timeoutMs,
  });
}
