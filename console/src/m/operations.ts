import { graphql } from '../light/gql';

/** What the phone view asks: the signed-in member's own things, and nothing about anyone else. */

export const MyCases = graphql(`
  query MyCases {
    me {
      id
      cases(first: 50) {
        edges {
          node {
            id
            number
            kind
            state
            raisedAt
            allowedActions
          }
        }
      }
    }
  }
`);

export const MyCase = graphql(`
  query MyCase($id: ID!) {
    case(id: $id) {
      id
      number
      kind
      state
      description
      raisedAt
      dueAt
      resolution
      rating
      supervised
      version
      allowedActions
      handlingOrg {
        name
      }
      events {
        seq
        action
        toState
        actorRole
        at
        note
        actorOrg {
          name
        }
      }
    }
  }
`);

export const RaiseCase = graphql(`
  mutation MyRaiseCase($input: RaiseCaseInput!, $idempotencyKey: String) {
    raiseCase(input: $input, idempotencyKey: $idempotencyKey) {
      id
    }
  }
`);

export const RateCase = graphql(`
  mutation MyRateCase($id: ID!, $version: Int, $rating: Rating!, $comment: String) {
    rateCase(id: $id, version: $version, rating: $rating, comment: $comment) {
      id
      state
    }
  }
`);

export const MyVouchers = graphql(`
  query MyVouchers {
    me {
      id
      vouchers(first: 50) {
        edges {
          node {
            id
            state
            code
            qrPayload
            issuedAt
            expiresAt
            redeemedAt
            programme {
              id
              name
            }
          }
        }
      }
    }
    programmes(state: ACTIVE, first: 100) {
      edges {
        node {
          id
          name
          kind
          startsOn
          endsOn
          voucherValidDays
        }
      }
    }
  }
`);

export const MyEligibility = graphql(`
  query MyEligibility($programmeId: ID!, $childId: ID) {
    eligibility(programmeId: $programmeId, childId: $childId) {
      status
      nextEligibleOn
      reasons {
        code
      }
    }
  }
`);

export const ClaimVoucher = graphql(`
  mutation MyClaimVoucher($programmeId: ID!, $idempotencyKey: String) {
    claimVoucher(programmeId: $programmeId, idempotencyKey: $idempotencyKey) {
      id
      code
    }
  }
`);

export const MyAid = graphql(`
  query MyAid {
    me {
      id
      children {
        id
        name
        schoolStage
      }
    }
    programmes(state: ACTIVE, kind: EDUCATION_AID, first: 20) {
      edges {
        node {
          id
          name
          endsOn
        }
      }
    }
    aidApplications(first: 50) {
      edges {
        node {
          id
          state
          year
          childId
          amountCents
          rejectReason
          createdAt
          programme {
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
    }
  }
`);

export const ApplyForAid = graphql(`
  mutation MyApplyForAid($input: ApplyForEducationAidInput!, $idempotencyKey: String) {
    applyForEducationAid(input: $input, idempotencyKey: $idempotencyKey) {
      id
      state
    }
  }
`);

export const Me = graphql(`
  query MyMembership {
    me {
      id
      name
      status
      joinedOn
      qrPayload
      org {
        name
      }
      transfers {
        id
        status
        reason
        requestedAt
        decidedAt
        returnReason
        toOrg {
          name
        }
      }
    }
  }
`);

export const JoinTarget = graphql(`
  query MyTransferTarget($joinCode: String!) {
    joinTarget(joinCode: $joinCode) {
      orgName
      level
    }
  }
`);

export const RequestMyTransfer = graphql(`
  mutation MyRequestTransfer($joinCode: String!, $reason: String!) {
    requestMyTransfer(joinCode: $joinCode, reason: $reason) {
      id
      status
    }
  }
`);

/** 点单: the published service menus of my union and the unions above it, with what I have ordered. */
export const MyMenus = graphql(`
  query MyMenus {
    serviceMenus(first: 20) {
      edges {
        node {
          id
          title
          startsOn
          endsOn
          org {
            id
            name
          }
          items {
            id
            title
            description
            quantity
            ordered
            myOrder {
              id
              caseId
              orderedAt
            }
          }
        }
      }
    }
  }
`);

export const MyUnread = graphql(`
  query MyUnreadNotifications {
    me {
      id
      unreadNotifications
    }
  }
`);

export const MyNotifications = graphql(`
  query MyNotifications {
    me {
      id
      unreadNotifications
      notifications(first: 50) {
        edges {
          node {
            id
            template
            title
            body
            next
            createdAt
            readAt
          }
        }
      }
    }
  }
`);

export const OrderMenuItem = graphql(`
  mutation OrderMenuItem($itemId: ID!, $note: String, $idempotencyKey: String) {
    orderMenuItem(itemId: $itemId, note: $note, idempotencyKey: $idempotencyKey) {
      id
      caseId
    }
  }
`);

export const MarkNotificationsRead = graphql(`
  mutation MyMarkNotificationsRead($ids: [ID!]) {
    markNotificationsRead(ids: $ids)
  }
`);
