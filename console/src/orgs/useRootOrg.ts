import { useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { useSession } from '../auth/SessionContext';

// In tree order the first org a caller sees is the top of its scope: the city for an admin, the
// staff member's own union otherwise (a directory account's token does not name it).
const TopOrg = graphql(`
  query TopOrg {
    orgs(search: { first: 1 }) {
      id
      name
    }
  }
`);

/** The top of what the caller sees: their own org (staff, from the token or the directory), or the city (admin). */
export function useRootOrg(): { id: string | undefined; loading: boolean } {
  const { claims } = useSession();
  const city = useQuery(TopOrg, { skip: !!claims.org, fetchPolicy: 'cache-first' });
  return { id: claims.org ?? city.data?.orgs?.[0]?.id, loading: !claims.org && city.loading };
}
