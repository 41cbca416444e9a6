import { graphql } from '../gql';

export const OrgNode = graphql(`
  query OrgNode($id: ID!, $from: String!, $to: String!) {
    org(id: $id) {
      id
      name
      code
      level
      memberCount
      joinQrPayload
      caseStats(from: $from, to: $to) {
        total
        overdue
        resolutionRate
      }
      children {
        id
        name
        code
        level
        memberCount
        caseStats(from: $from, to: $to) {
          total
          overdue
          resolutionRate
        }
      }
    }
  }
`);
