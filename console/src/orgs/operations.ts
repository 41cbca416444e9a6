import { graphql } from '../gql';

export const OrgNode = graphql(`
  query OrgNode($id: ID!, $from: String!, $to: String!) {
    org(id: $id) {
      id
      name
      code
      level
      kind
      memberCount
      joinQrPayload
      closedAt
      parent {
        id
        level
      }
      place {
        address
        headcount
        ownership
        openingHours
        services
        updatedAt
      }
      history(first: 20) {
        edges {
          node {
            id
            action
            actorSub
            at
            changes {
              field
              before
              after
            }
          }
        }
      }
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
        closedAt
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

export const FoundOrg = graphql(`
  mutation FoundOrg($input: FoundOrgInput!) {
    foundOrg(input: $input) {
      id
      name
      code
    }
  }
`);

export const RenameOrg = graphql(`
  mutation RenameOrg($id: ID!, $name: String!) {
    renameOrg(id: $id, name: $name) {
      id
      name
    }
  }
`);

export const MoveOrg = graphql(`
  mutation MoveOrg($id: ID!, $parentId: ID!) {
    moveOrg(id: $id, parentId: $parentId) {
      id
      parent {
        id
      }
    }
  }
`);

export const MergeOrg = graphql(`
  mutation MergeOrg($id: ID!, $intoId: ID!) {
    mergeOrg(id: $id, intoId: $intoId) {
      id
      name
    }
  }
`);

export const CloseOrg = graphql(`
  mutation CloseOrg($id: ID!, $successorId: ID) {
    closeOrg(id: $id, successorId: $successorId) {
      id
      closedAt
    }
  }
`);

export const SetOrgPlace = graphql(`
  mutation SetOrgPlace($orgId: ID!, $place: OrgPlaceInput!) {
    setOrgPlace(orgId: $orgId, place: $place) {
      updatedAt
    }
  }
`);
