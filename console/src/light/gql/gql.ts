/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query DeskProgrammes {\n    deskProgrammes {\n      id\n      name\n      startsOn\n      endsOn\n      open\n    }\n  }\n": typeof types.DeskProgrammesDocument,
    "\n  query DeskCheckVoucher($code: String!) {\n    checkVoucher(code: $code) {\n      valid\n      reasons\n      programmeName\n      memberName\n      expiresAt\n    }\n  }\n": typeof types.DeskCheckVoucherDocument,
    "\n  query DeskCheckEligibility($programmeId: ID!, $memberQr: String!) {\n    checkEligibility(programmeId: $programmeId, memberQr: $memberQr) {\n      eligible\n      reasons\n      memberName\n    }\n  }\n": typeof types.DeskCheckEligibilityDocument,
    "\n  mutation DeskRedeem($code: String!, $idempotencyKey: String!) {\n    redeemVoucher(code: $code, idempotencyKey: $idempotencyKey) {\n      id\n      code\n      programmeName\n      memberName\n      redeemedAt\n    }\n  }\n": typeof types.DeskRedeemDocument,
    "\n  query DeskRedemptions($first: Int!, $after: String) {\n    myRedemptions(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          code\n          programmeName\n          memberName\n          redeemedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.DeskRedemptionsDocument,
    "\n  query MyCases {\n    me {\n      id\n      cases(first: 50) {\n        edges {\n          node {\n            id\n            number\n            kind\n            state\n            raisedAt\n            allowedActions\n          }\n        }\n      }\n    }\n  }\n": typeof types.MyCasesDocument,
    "\n  query MyCase($id: ID!) {\n    case(id: $id) {\n      id\n      number\n      kind\n      state\n      description\n      raisedAt\n      dueAt\n      resolution\n      rating\n      supervised\n      version\n      allowedActions\n      handlingOrg {\n        name\n      }\n      events {\n        seq\n        action\n        toState\n        actorRole\n        at\n        note\n        actorOrg {\n          name\n        }\n      }\n    }\n  }\n": typeof types.MyCaseDocument,
    "\n  mutation MyRaiseCase($input: RaiseCaseInput!) {\n    raiseCase(input: $input) {\n      id\n    }\n  }\n": typeof types.MyRaiseCaseDocument,
    "\n  mutation MyRateCase($id: ID!, $version: Int, $rating: Rating!, $comment: String) {\n    rateCase(id: $id, version: $version, rating: $rating, comment: $comment) {\n      id\n      state\n    }\n  }\n": typeof types.MyRateCaseDocument,
    "\n  query MyVouchers {\n    me {\n      id\n      vouchers(first: 50) {\n        edges {\n          node {\n            id\n            state\n            code\n            qrPayload\n            issuedAt\n            expiresAt\n            redeemedAt\n            programme {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n    programmes(state: ACTIVE, first: 100) {\n      edges {\n        node {\n          id\n          name\n          kind\n          startsOn\n          endsOn\n          voucherValidDays\n        }\n      }\n    }\n  }\n": typeof types.MyVouchersDocument,
    "\n  query MyEligibility($programmeId: ID!, $childId: ID) {\n    eligibility(programmeId: $programmeId, childId: $childId) {\n      status\n      nextEligibleOn\n      reasons {\n        code\n      }\n    }\n  }\n": typeof types.MyEligibilityDocument,
    "\n  mutation MyClaimVoucher($programmeId: ID!) {\n    claimVoucher(programmeId: $programmeId) {\n      id\n      code\n    }\n  }\n": typeof types.MyClaimVoucherDocument,
    "\n  query MyAid {\n    me {\n      id\n      children {\n        id\n        name\n        schoolStage\n      }\n    }\n    programmes(state: ACTIVE, kind: EDUCATION_AID, first: 20) {\n      edges {\n        node {\n          id\n          name\n          endsOn\n        }\n      }\n    }\n    aidApplications(first: 50) {\n      edges {\n        node {\n          id\n          state\n          year\n          childId\n          amountCents\n          rejectReason\n          createdAt\n          programme {\n            id\n            name\n          }\n          history {\n            id\n            toState\n            at\n            note\n          }\n        }\n      }\n    }\n  }\n": typeof types.MyAidDocument,
    "\n  mutation MyApplyForAid($input: ApplyForEducationAidInput!) {\n    applyForEducationAid(input: $input) {\n      id\n      state\n    }\n  }\n": typeof types.MyApplyForAidDocument,
    "\n  query MyMembership {\n    me {\n      id\n      name\n      status\n      joinedOn\n      qrPayload\n      org {\n        name\n      }\n      transfers {\n        id\n        status\n        reason\n        requestedAt\n        decidedAt\n        returnReason\n        toOrg {\n          name\n        }\n      }\n    }\n  }\n": typeof types.MyMembershipDocument,
    "\n  query MyTransferTarget($joinCode: String!) {\n    joinTarget(joinCode: $joinCode) {\n      orgName\n      level\n    }\n  }\n": typeof types.MyTransferTargetDocument,
    "\n  mutation MyRequestTransfer($joinCode: String!, $reason: String!) {\n    requestMyTransfer(joinCode: $joinCode, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.MyRequestTransferDocument,
};
const documents: Documents = {
    "\n  query DeskProgrammes {\n    deskProgrammes {\n      id\n      name\n      startsOn\n      endsOn\n      open\n    }\n  }\n": types.DeskProgrammesDocument,
    "\n  query DeskCheckVoucher($code: String!) {\n    checkVoucher(code: $code) {\n      valid\n      reasons\n      programmeName\n      memberName\n      expiresAt\n    }\n  }\n": types.DeskCheckVoucherDocument,
    "\n  query DeskCheckEligibility($programmeId: ID!, $memberQr: String!) {\n    checkEligibility(programmeId: $programmeId, memberQr: $memberQr) {\n      eligible\n      reasons\n      memberName\n    }\n  }\n": types.DeskCheckEligibilityDocument,
    "\n  mutation DeskRedeem($code: String!, $idempotencyKey: String!) {\n    redeemVoucher(code: $code, idempotencyKey: $idempotencyKey) {\n      id\n      code\n      programmeName\n      memberName\n      redeemedAt\n    }\n  }\n": types.DeskRedeemDocument,
    "\n  query DeskRedemptions($first: Int!, $after: String) {\n    myRedemptions(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          code\n          programmeName\n          memberName\n          redeemedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.DeskRedemptionsDocument,
    "\n  query MyCases {\n    me {\n      id\n      cases(first: 50) {\n        edges {\n          node {\n            id\n            number\n            kind\n            state\n            raisedAt\n            allowedActions\n          }\n        }\n      }\n    }\n  }\n": types.MyCasesDocument,
    "\n  query MyCase($id: ID!) {\n    case(id: $id) {\n      id\n      number\n      kind\n      state\n      description\n      raisedAt\n      dueAt\n      resolution\n      rating\n      supervised\n      version\n      allowedActions\n      handlingOrg {\n        name\n      }\n      events {\n        seq\n        action\n        toState\n        actorRole\n        at\n        note\n        actorOrg {\n          name\n        }\n      }\n    }\n  }\n": types.MyCaseDocument,
    "\n  mutation MyRaiseCase($input: RaiseCaseInput!) {\n    raiseCase(input: $input) {\n      id\n    }\n  }\n": types.MyRaiseCaseDocument,
    "\n  mutation MyRateCase($id: ID!, $version: Int, $rating: Rating!, $comment: String) {\n    rateCase(id: $id, version: $version, rating: $rating, comment: $comment) {\n      id\n      state\n    }\n  }\n": types.MyRateCaseDocument,
    "\n  query MyVouchers {\n    me {\n      id\n      vouchers(first: 50) {\n        edges {\n          node {\n            id\n            state\n            code\n            qrPayload\n            issuedAt\n            expiresAt\n            redeemedAt\n            programme {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n    programmes(state: ACTIVE, first: 100) {\n      edges {\n        node {\n          id\n          name\n          kind\n          startsOn\n          endsOn\n          voucherValidDays\n        }\n      }\n    }\n  }\n": types.MyVouchersDocument,
    "\n  query MyEligibility($programmeId: ID!, $childId: ID) {\n    eligibility(programmeId: $programmeId, childId: $childId) {\n      status\n      nextEligibleOn\n      reasons {\n        code\n      }\n    }\n  }\n": types.MyEligibilityDocument,
    "\n  mutation MyClaimVoucher($programmeId: ID!) {\n    claimVoucher(programmeId: $programmeId) {\n      id\n      code\n    }\n  }\n": types.MyClaimVoucherDocument,
    "\n  query MyAid {\n    me {\n      id\n      children {\n        id\n        name\n        schoolStage\n      }\n    }\n    programmes(state: ACTIVE, kind: EDUCATION_AID, first: 20) {\n      edges {\n        node {\n          id\n          name\n          endsOn\n        }\n      }\n    }\n    aidApplications(first: 50) {\n      edges {\n        node {\n          id\n          state\n          year\n          childId\n          amountCents\n          rejectReason\n          createdAt\n          programme {\n            id\n            name\n          }\n          history {\n            id\n            toState\n            at\n            note\n          }\n        }\n      }\n    }\n  }\n": types.MyAidDocument,
    "\n  mutation MyApplyForAid($input: ApplyForEducationAidInput!) {\n    applyForEducationAid(input: $input) {\n      id\n      state\n    }\n  }\n": types.MyApplyForAidDocument,
    "\n  query MyMembership {\n    me {\n      id\n      name\n      status\n      joinedOn\n      qrPayload\n      org {\n        name\n      }\n      transfers {\n        id\n        status\n        reason\n        requestedAt\n        decidedAt\n        returnReason\n        toOrg {\n          name\n        }\n      }\n    }\n  }\n": types.MyMembershipDocument,
    "\n  query MyTransferTarget($joinCode: String!) {\n    joinTarget(joinCode: $joinCode) {\n      orgName\n      level\n    }\n  }\n": types.MyTransferTargetDocument,
    "\n  mutation MyRequestTransfer($joinCode: String!, $reason: String!) {\n    requestMyTransfer(joinCode: $joinCode, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.MyRequestTransferDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeskProgrammes {\n    deskProgrammes {\n      id\n      name\n      startsOn\n      endsOn\n      open\n    }\n  }\n"): typeof import('./graphql').DeskProgrammesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeskCheckVoucher($code: String!) {\n    checkVoucher(code: $code) {\n      valid\n      reasons\n      programmeName\n      memberName\n      expiresAt\n    }\n  }\n"): typeof import('./graphql').DeskCheckVoucherDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeskCheckEligibility($programmeId: ID!, $memberQr: String!) {\n    checkEligibility(programmeId: $programmeId, memberQr: $memberQr) {\n      eligible\n      reasons\n      memberName\n    }\n  }\n"): typeof import('./graphql').DeskCheckEligibilityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeskRedeem($code: String!, $idempotencyKey: String!) {\n    redeemVoucher(code: $code, idempotencyKey: $idempotencyKey) {\n      id\n      code\n      programmeName\n      memberName\n      redeemedAt\n    }\n  }\n"): typeof import('./graphql').DeskRedeemDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DeskRedemptions($first: Int!, $after: String) {\n    myRedemptions(first: $first, after: $after) {\n      edges {\n        node {\n          id\n          code\n          programmeName\n          memberName\n          redeemedAt\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): typeof import('./graphql').DeskRedemptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyCases {\n    me {\n      id\n      cases(first: 50) {\n        edges {\n          node {\n            id\n            number\n            kind\n            state\n            raisedAt\n            allowedActions\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyCasesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyCase($id: ID!) {\n    case(id: $id) {\n      id\n      number\n      kind\n      state\n      description\n      raisedAt\n      dueAt\n      resolution\n      rating\n      supervised\n      version\n      allowedActions\n      handlingOrg {\n        name\n      }\n      events {\n        seq\n        action\n        toState\n        actorRole\n        at\n        note\n        actorOrg {\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MyRaiseCase($input: RaiseCaseInput!) {\n    raiseCase(input: $input) {\n      id\n    }\n  }\n"): typeof import('./graphql').MyRaiseCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MyRateCase($id: ID!, $version: Int, $rating: Rating!, $comment: String) {\n    rateCase(id: $id, version: $version, rating: $rating, comment: $comment) {\n      id\n      state\n    }\n  }\n"): typeof import('./graphql').MyRateCaseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyVouchers {\n    me {\n      id\n      vouchers(first: 50) {\n        edges {\n          node {\n            id\n            state\n            code\n            qrPayload\n            issuedAt\n            expiresAt\n            redeemedAt\n            programme {\n              id\n              name\n            }\n          }\n        }\n      }\n    }\n    programmes(state: ACTIVE, first: 100) {\n      edges {\n        node {\n          id\n          name\n          kind\n          startsOn\n          endsOn\n          voucherValidDays\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyVouchersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyEligibility($programmeId: ID!, $childId: ID) {\n    eligibility(programmeId: $programmeId, childId: $childId) {\n      status\n      nextEligibleOn\n      reasons {\n        code\n      }\n    }\n  }\n"): typeof import('./graphql').MyEligibilityDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MyClaimVoucher($programmeId: ID!) {\n    claimVoucher(programmeId: $programmeId) {\n      id\n      code\n    }\n  }\n"): typeof import('./graphql').MyClaimVoucherDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyAid {\n    me {\n      id\n      children {\n        id\n        name\n        schoolStage\n      }\n    }\n    programmes(state: ACTIVE, kind: EDUCATION_AID, first: 20) {\n      edges {\n        node {\n          id\n          name\n          endsOn\n        }\n      }\n    }\n    aidApplications(first: 50) {\n      edges {\n        node {\n          id\n          state\n          year\n          childId\n          amountCents\n          rejectReason\n          createdAt\n          programme {\n            id\n            name\n          }\n          history {\n            id\n            toState\n            at\n            note\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyAidDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MyApplyForAid($input: ApplyForEducationAidInput!) {\n    applyForEducationAid(input: $input) {\n      id\n      state\n    }\n  }\n"): typeof import('./graphql').MyApplyForAidDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyMembership {\n    me {\n      id\n      name\n      status\n      joinedOn\n      qrPayload\n      org {\n        name\n      }\n      transfers {\n        id\n        status\n        reason\n        requestedAt\n        decidedAt\n        returnReason\n        toOrg {\n          name\n        }\n      }\n    }\n  }\n"): typeof import('./graphql').MyMembershipDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyTransferTarget($joinCode: String!) {\n    joinTarget(joinCode: $joinCode) {\n      orgName\n      level\n    }\n  }\n"): typeof import('./graphql').MyTransferTargetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MyRequestTransfer($joinCode: String!, $reason: String!) {\n    requestMyTransfer(joinCode: $joinCode, reason: $reason) {\n      id\n      status\n    }\n  }\n"): typeof import('./graphql').MyRequestTransferDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
