import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { onError } from '@apollo/client/link/error';
import { loadSession, signOut } from './auth/session';

/** One client for the console: same-origin /graphql, the session's token, and a way back to sign-in when it lapses. */
export function createClient(): ApolloClient<unknown> {
  const auth = new ApolloLink((op, forward) => {
    const override = op.getContext().token as string | undefined;
    const token = override ?? loadSession()?.token;
    op.setContext(({ headers = {} }: { headers?: Record<string, string> }) => ({ headers: token ? { ...headers, authorization: `Bearer ${token}` } : headers }));
    return forward(op);
  });
  const expired = onError(({ graphQLErrors, networkError, operation }) => {
    if (operation.getContext().token) return;
    const status = (networkError as { statusCode?: number } | null)?.statusCode;
    if (status === 401 || graphQLErrors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
      signOut('登录已过期或已失效，请重新登录。');
      location.assign('/signin');
    }
  });
  return new ApolloClient({
    link: ApolloLink.from([expired, auth, new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache({
      // Fragments on an interface match only the types named here (a programme's uptake counts).
      possibleTypes: { UptakeCounts: ['ProgrammeUptake', 'OrgUptake'] },
      typePolicies: {
        Case: { fields: { events: { merge: false }, allowedActions: { merge: false } } },
        Org: { fields: { children: { merge: false } } },
      },
    }),
    defaultOptions: { watchQuery: { errorPolicy: 'all', fetchPolicy: 'cache-and-network' }, query: { errorPolicy: 'all' } },
  });
}
