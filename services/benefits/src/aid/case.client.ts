import { InternalClient, InternalTokens, systemCaller } from '@lianxin/auth';
import { DomainError, ErrorCode, type SubgraphContext } from '@lianxin/subgraph';

/** What benefits checks of a case before opening aid from it: asked of cases, never returned to a caller. */
export interface CaseFacts {
  id: string;
  number: string;
  kind: string;
  state: string;
  memberId: string | null;
  raisedPath: string;
  handlingOrgId: string;
  handlingPath: string;
  escalatedToOrgId: string | null;
}

/** The client below, or a test's fake of it. */
export interface CaseFactsSource {
  one(id: string): Promise<CaseFacts | null>;
}

const QUERY = `query CaseFacts($ids: [ID!]!) {
  _caseFacts(ids: $ids) { id number kind state memberId raisedPath handlingOrgId handlingPath escalatedToOrgId }
}`;

/**
 * Case facts from the cases subgraph, asked service to service with a system token, like
 * member facts from members. Not cached: opening aid is a decision about money, taken on
 * the case as it is now.
 */
export class CaseFactsClient implements CaseFactsSource {
  private readonly cases: InternalClient;

  constructor(casesUrl: string, internalSecret: string, timeoutMs = 5_000) {
    const tokens = new InternalTokens(internalSecret);
    const caller = systemCaller('aid-from-case');
    this.cases = new InternalClient({
      url: casesUrl,
      token: () => tokens.for(caller, 'cases'),
      unavailable: () => new DomainError(ErrorCode.UNAVAILABLE, 'The cases service did not answer; retry in a moment.'),
      timeoutMs,
    });
  }

  async one(id: string): Promise<CaseFacts | null> {
    const data = await this.cases.call<{ _caseFacts: CaseFacts[] }>(QUERY, { ids: [id] });
    return data._caseFacts.find((c) => c.id === id) ?? null;
  }
}

export function caseFacts(ctx: Pick<SubgraphContext, 'services'>): CaseFactsSource {
  const client = ctx.services?.caseFacts as CaseFactsSource | undefined;
  if (!client) throw new DomainError(ErrorCode.UNAVAILABLE, 'This service was started without the cases service (CASES_URL); opening aid from a case is not possible here.');
  return client;
}
