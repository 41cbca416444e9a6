import { graphql } from '../gql';

/** One month of 陪伴日 in the caller's subtree: the schedules with their days, the diary entries, and the figures. */
export const VisitMonth = graphql(`
  query VisitMonth($orgId: ID, $from: String!, $to: String!) {
    chairVisitDays(orgId: $orgId, first: 500) {
      edges {
        node {
          id
          weekday
          startsOn
          endsOn
          chair
          staffCount
          version
          org {
            id
            name
          }
          scheduledDates(from: $from, to: $to)
        }
      }
      pageInfo {
        hasNextPage
      }
    }
    chairVisits(orgId: $orgId, from: $from, to: $to, first: 500) {
      edges {
        node {
          id
          visitedOn
          chair
          attendance
          format
          notes
          org {
            id
            name
          }
          cases {
            id
            number
            kind
            state
            description
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
    chairVisitFigures(orgId: $orgId, from: $from, to: $to) {
      unions
      scheduled
      held
      heldRate
      attendance
      problemsRaised
      resolved
      declined
      resolutionRate
      byOrg {
        orgId
        scheduled
        held
        problemsRaised
        resolved
      }
    }
  }
`);

export const SetVisitDays = graphql(`
  mutation SetVisitDays($input: SetChairVisitDaysInput!) {
    setChairVisitDays(input: $input) {
      id
      weekday
      startsOn
      chair
      staffCount
      version
    }
  }
`);

export const RecordVisit = graphql(`
  mutation RecordVisit($input: RecordChairVisitInput!) {
    recordChairVisit(input: $input) {
      id
      visitedOn
      cases {
        id
        number
      }
    }
  }
`);

export const VisitOrg = graphql(`
  query VisitOrg($id: ID!) {
    org(id: $id) {
      id
      name
      level
    }
  }
`);

export const AddVisitProblems = graphql(`
  mutation AddVisitProblems($visitId: ID!, $problems: [VisitProblemInput!]!) {
    addChairVisitProblems(visitId: $visitId, problems: $problems) {
      id
      cases {
        id
        number
      }
    }
  }
`);
