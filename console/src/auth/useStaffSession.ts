import { useQuery } from '@apollo/client';
import { graphql } from '../gql';
import { useSession } from './SessionContext';

const StaffSessionQuery = graphql(`
  query StaffSession {
    staffSession {
      orgId
      perms
    }
  }
`);

/**
 * The union and rights the gateway signed this caller in with. A token from the city's
 * identity provider names only a person: their union and rights come from the staff
 * directory, and even a token that names them is overruled by a directory account. So the
 * console asks rather than reading the token; until the answer comes it goes by the token.
 */
export function useStaffRights(): { orgId: string | undefined; perms: string[]; isAdmin: boolean } {
  const { claims } = useSession();
  const { data } = useQuery(StaffSessionQuery, { skip: claims.role !== 'staff', fetchPolicy: 'cache-first' });
  const session = data?.staffSession;
  return { orgId: session?.orgId ?? claims.org, perms: session?.perms ?? claims.perms ?? [], isAdmin: claims.role === 'admin' };
}
