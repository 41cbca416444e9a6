import { graphql } from '../light/gql';

/** Everything the desk asks: the partner desk API, and nothing else (it shows what these return, no more). */

export const DeskProgrammes = graphql(`
  query DeskProgrammes {
    deskProgrammes {
      id
      name
      startsOn
      endsOn
      open
    }
  }
`);

export const CheckVoucher = graphql(`
  query DeskCheckVoucher($code: String!) {
    checkVoucher(code: $code) {
      valid
      reasons
      programmeName
      memberName
      expiresAt
    }
  }
`);

export const CheckEligibility = graphql(`
  query DeskCheckEligibility($programmeId: ID!, $memberQr: String!) {
    checkEligibility(programmeId: $programmeId, memberQr: $memberQr) {
      eligible
      reasons
      memberName
    }
  }
`);

export const RedeemVoucher = graphql(`
  mutation DeskRedeem($code: String!, $idempotencyKey: String!) {
    redeemVoucher(code: $code, idempotencyKey: $idempotencyKey) {
      id
      code
      programmeName
      memberName
      redeemedAt
    }
  }
`);

export const TodaysRedemptions = graphql(`
  query DeskRedemptions($first: Int!, $after: String) {
    myRedemptions(first: $first, after: $after) {
      edges {
        node {
          id
          code
          programmeName
          memberName
          redeemedAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);
