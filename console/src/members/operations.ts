import { graphql } from '../gql';

export const MemberSearch = graphql(`
  query MemberSearch($filter: MemberFilter!, $after: String) {
    members(first: 20, after: $after, filter: $filter) {
      edges {
        node {
          id
          name
          gender
          status
          employmentType
          phone
          org {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const MemberDetail = graphql(`
  query MemberDetail($id: ID!) {
    member(id: $id) {
      id
      name
      gender
      birthDate
      status
      statusReason
      employmentType
      modelWorker
      joinChannel
      joinedOn
      idNumber
      phone
      org {
        id
        name
      }
      statusHistory {
        id
        fromStatus
        toStatus
        reason
        at
      }
      transfers {
        id
        status
        reason
        returnReason
        requestedAt
        decidedAt
        fromOrg {
          id
          name
        }
        toOrg {
          id
          name
        }
      }
    }
  }
`);

export const RevealMember = graphql(`
  query RevealMember($id: ID!) {
    member(id: $id) {
      id
      fullIdNumber: idNumber(reveal: true)
      fullPhone: phone(reveal: true)
    }
  }
`);

export const Applications = graphql(`
  query Applications($status: ApplicationStatus) {
    joinApplications(status: $status, first: 50) {
      edges {
        node {
          id
          name
          gender
          employmentType
          status
          phone
          createdAt
          rejectReason
          org {
            id
            name
          }
        }
      }
    }
  }
`);

export const ApproveApplication = graphql(`
  mutation ApproveApplication($id: ID!) {
    approveJoinApplication(id: $id) {
      id
    }
  }
`);

export const RejectApplication = graphql(`
  mutation RejectApplication($id: ID!, $reason: String!) {
    rejectJoinApplication(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const Transfers = graphql(`
  query Transfers($direction: TransferDirection!, $after: String) {
    transfers(direction: $direction, first: 50, after: $after) {
      edges {
        node {
          id
          memberName
          status
          reason
          returnReason
          requestedAt
          fromOrg {
            id
            name
          }
          toOrg {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const AcceptTransfer = graphql(`
  mutation AcceptTransfer($id: ID!) {
    acceptTransfer(id: $id) {
      id
      status
    }
  }
`);

export const ReturnTransfer = graphql(`
  mutation ReturnTransfer($id: ID!, $reason: String!) {
    returnTransfer(id: $id, reason: $reason) {
      id
      status
    }
  }
`);

export const EnrolMember = graphql(`
  mutation EnrolMember($input: EnrolMemberInput!, $idempotencyKey: String) {
    enrolMember(input: $input, idempotencyKey: $idempotencyKey) {
      id
      name
    }
  }
`);
