import { useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { useSession } from '../auth/SessionContext';

const CityOrg = graphql(`
  query CityOrg {
    orgs(search: { level: CITY, first: 1 }) {
      id
      name
    }
  }
`);

/** The top of what the caller sees: their own org (staff), or the city (admin). */
export function useRootOrg(): { id: string | undefined; loading: boolean } {
  const { claims } = useSession();
  const city = useQuery(CityOrg, { skip: !!claims.org, fetchPolicy: 'cache-first' });
  return { id: claims.org ?? city.data?.orgs?.[0]?.id, loading: !claims.org && city.loading };
}
