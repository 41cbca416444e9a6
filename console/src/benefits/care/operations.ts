import { graphql } from '../../gql';

export const CareBatchFields = graphql(`
  fragment CareBatchRow on CareBatch {
    id
    name
    occasion
    budgetCents
    spentCents
    remainingCents
    startsOn
    endsOn
    org {
      id
      name
    }
    programme {
      id
      name
    }
  }
`);

export const CareBatchList = graphql(`
  query CareBatchList($after: String) {
    careBatches(first: 20, after: $after) {
      edges {
        node {
          ...CareBatchRow
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

export const CareBatchDetail = graphql(`
  query CareBatchDetail($id: ID!, $after: String) {
    careBatch(id: $id) {
      ...CareBatchRow
      spendingByOrg {
        visits
        spentCents
        org {
          id
          name
        }
      }
      visits(first: 20, after: $after) {
        edges {
          node {
            id
            items
            costCents
            visitedOn
            member {
              id
              name
            }
            org {
              id
              name
            }
          }
        }
        pageInfo {
          ...NextPage
        }
      }
    }
  }
`);

export const CreateCareBatch = graphql(`
  mutation CreateCareBatch($input: CreateCareBatchInput!) {
    createCareBatch(input: $input) {
      id
    }
  }
`);

export const RecordCareVisit = graphql(`
  mutation RecordCareVisit($input: RecordCareVisitInput!, $idempotencyKey: String) {
    recordCareVisit(input: $input, idempotencyKey: $idempotencyKey) {
      id
    }
  }
`);
