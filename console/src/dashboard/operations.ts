import { graphql } from '../gql';

export const DashboardQuery = graphql(`
  query Dashboard($orgId: ID!, $from: String!, $to: String!) {
    org(id: $orgId) {
      id
      name
      ancestors {
        id
        name
      }
      children {
        id
        name
        caseStats(from: $from, to: $to) {
          total
          resolutionRate
          closureRate
          onTimeRate
          satisfactionRate
        }
      }
    }
    caseFigures(orgId: $orgId, from: $from, to: $to) {
      total
      resolved
      overdue
      supervised
      resolutionRate
      closureRate
      onTimeRate
      satisfactionRate
      byState {
        state
        count
      }
      topKinds {
        kind
        count
      }
    }
  }
`);

export const TrendMonth = graphql(`
  query TrendMonth($orgId: ID!, $month: String!) {
    caseFigures(orgId: $orgId, from: $month, to: $month) {
      total
      resolved
      overdue
    }
  }
`);
