import { graphql } from '../gql';

/** The demo sign-in's queries: what orgs, members and partners the graph holds to sign in as. */
export const DemoOrgs = graphql(`
  query DemoOrgs {
    city: orgs(search: { level: CITY, first: 1 }) {
      id
      name
    }
    districts: orgs(search: { level: DISTRICT, first: 2 }) {
      id
      name
      children {
        id
        name
        children {
          id
          name
        }
      }
    }
  }
`);

export const DemoOthers = graphql(`
  query DemoOthers($orgId: ID) {
    members(first: 1, filter: { orgId: $orgId }) {
      edges {
        node {
          id
          name
        }
      }
    }
    partners(first: 1) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);
