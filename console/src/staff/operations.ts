import { graphql } from '../gql';

/** One union's 部室 and accounts, with each account's grant log. */
export const OrgDirectory = graphql(`
  query OrgDirectory($orgId: ID!) {
    org(id: $orgId) {
      id
      name
      code
      departments(includeInactive: true) {
        id
        name
        active
        version
      }
      staffAccounts(first: 500, includeRevoked: true) {
        edges {
          node {
            id
            subject
            name
            departmentId
            perms
            active
            version
            grants {
              action
              note
              actorSub
              at
            }
          }
        }
      }
    }
  }
`);

export const CreateDepartment = graphql(`
  mutation CreateDepartment($orgId: ID!, $name: String!) {
    createDepartment(orgId: $orgId, name: $name) {
      id
    }
  }
`);

export const RenameDepartment = graphql(`
  mutation RenameDepartment($id: ID!, $version: Int!, $name: String!) {
    renameDepartment(id: $id, version: $version, name: $name) {
      id
    }
  }
`);

export const DeactivateDepartment = graphql(`
  mutation DeactivateDepartment($id: ID!, $version: Int!) {
    deactivateDepartment(id: $id, version: $version) {
      id
    }
  }
`);

export const GrantStaffAccount = graphql(`
  mutation GrantStaffAccount($input: GrantStaffAccountInput!) {
    grantStaffAccount(input: $input) {
      id
    }
  }
`);

export const RevokeStaffAccount = graphql(`
  mutation RevokeStaffAccount($id: ID!, $version: Int!, $reason: String!) {
    revokeStaffAccount(id: $id, version: $version, reason: $reason) {
      id
    }
  }
`);
