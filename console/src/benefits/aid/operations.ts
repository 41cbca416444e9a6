import { graphql } from '../../gql';

/** One step's queue: the applications in a state, with the steps this caller may take on each. */
export const AidQueue = graphql(`
  query AidQueue($state: AidState, $after: String) {
    aidApplications(state: $state, first: 20, after: $after) {
      edges {
        node {
          id
          state
          year
          amountCents
          rejectReason
          childId
          kind
          createdAt
          updatedAt
          allowedSteps
          case {
            id
            number
          }
          programme {
            id
            name
            amountCents
          }
          member {
            id
            name
            children {
              id
              name
              schoolStage
            }
          }
          org {
            id
            name
          }
          history {
            id
            toState
            at
            note
          }
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

export const CheckAid = graphql(`
  mutation CheckAid($id: ID!, $approve: Boolean!, $note: String) {
    checkAidApplication(id: $id, approve: $approve, note: $note) {
      id
      state
    }
  }
`);

export const ReviewAid = graphql(`
  mutation ReviewAid($id: ID!, $award: Boolean!, $reason: String) {
    reviewAidApplication(id: $id, award: $award, reason: $reason) {
      id
      state
    }
  }
`);

export const DeliverAid = graphql(`
  mutation DeliverAid($id: ID!, $note: String) {
    markAidDelivered(id: $id, note: $note) {
      id
      state
    }
  }
`);
