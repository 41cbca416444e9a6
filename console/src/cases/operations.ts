import { graphql } from '../gql';

export const CaseRowFields = graphql(`
  fragment CaseRow on Case {
    id
    number
    kind
    channel
    urgency
    state
    supervised
    overdue
    dueAt
    raisedAt
    version
    handlingOrg {
      id
      name
    }
  }
`);

export const CaseBoard = graphql(`
  query CaseBoard($filter: CaseFilter!, $first: Int!, $after: String) {
    cases(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          ...CaseRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const CaseDetailFields = graphql(`
  fragment CaseDetail on Case {
    ...CaseRow
    description
    anonymous
    responsible
    resolution
    declineReason
    acceptDueAt
    onTime
    resolvedAt
    signedOffAt
    closedAt
    rating
    ratingComment
    allowedActions
    passUpTargets {
      id
      name
    }
    referrals {
      agency
      dueOn
      answer
      answeredAt
    }
    raisedOrg {
      id
      name
    }
    escalatedTo {
      id
      name
    }
    member {
      id
      name
      phone
    }
    worker {
      name
      phone
    }
    aidApplication {
      id
      kind
      state
      amountCents
    }
    events {
      seq
      action
      fromState
      toState
      actorRole
      actorOrgId
      actorOrg {
        id
        name
      }
      at
      note
      detail
    }
  }
`);

export const CaseDrawerQuery = graphql(`
  query CaseDrawer($id: ID!) {
    case(id: $id) {
      ...CaseDetail
    }
    verifyLedger(caseId: $id) {
      ok
      eventsChecked
      firstBreak {
        seq
        problem
      }
    }
  }
`);

export const AcceptCase = graphql(`
  mutation AcceptCase($id: ID!, $version: Int, $staffId: ID!, $departmentId: ID, $note: String) {
    acceptCase(id: $id, version: $version, staffId: $staffId, departmentId: $departmentId, note: $note) {
      ...CaseDetail
    }
  }
`);

/** Who the handling union may name on acceptance: its 部室 and its staff, from the members directory. */
export const CaseHandlers = graphql(`
  query CaseHandlers($orgId: ID!) {
    org(id: $orgId) {
      id
      departments {
        id
        name
      }
      staffAccounts(first: 500) {
        edges {
          node {
            id
            name
            departmentId
          }
        }
      }
    }
  }
`);
export const TransferCase = graphql(`
  mutation TransferCase($id: ID!, $version: Int, $toOrgId: ID, $note: String) {
    transferCase(id: $id, version: $version, toOrgId: $toOrgId, note: $note) {
      ...CaseDetail
    }
  }
`);
export const ReturnCase = graphql(`
  mutation ReturnCase($id: ID!, $version: Int, $reason: ReturnReason!, $note: String) {
    returnCase(id: $id, version: $version, reason: $reason, note: $note) {
      ...CaseDetail
    }
  }
`);
export const DeclineCase = graphql(`
  mutation DeclineCase($id: ID!, $version: Int, $reason: DeclineReason!, $note: String!) {
    declineCase(id: $id, version: $version, reason: $reason, note: $note) {
      ...CaseDetail
    }
  }
`);
export const ProgressCase = graphql(`
  mutation ProgressCase($id: ID!, $version: Int, $note: String!) {
    recordCaseProgress(id: $id, version: $version, note: $note) {
      ...CaseDetail
    }
  }
`);
export const AwaitWorker = graphql(`
  mutation AwaitWorker($id: ID!, $version: Int, $note: String!) {
    awaitWorker(id: $id, version: $version, note: $note) {
      ...CaseDetail
    }
  }
`);
export const WorkerResponded = graphql(`
  mutation WorkerResponded($id: ID!, $version: Int, $note: String!) {
    workerResponded(id: $id, version: $version, note: $note) {
      ...CaseDetail
    }
  }
`);
export const ResolveCase = graphql(`
  mutation ResolveCase($id: ID!, $version: Int, $resolution: String!) {
    resolveCase(id: $id, version: $version, resolution: $resolution) {
      ...CaseDetail
    }
  }
`);
export const SignOffCase = graphql(`
  mutation SignOffCase($id: ID!, $version: Int, $note: String) {
    signOffCase(id: $id, version: $version, note: $note) {
      ...CaseDetail
    }
  }
`);
export const SuperviseCase = graphql(`
  mutation SuperviseCase($id: ID!, $version: Int, $note: String!) {
    superviseCase(id: $id, version: $version, note: $note) {
      ...CaseDetail
    }
  }
`);

export const PassUpCase = graphql(`
  mutation PassUpCase($id: ID!, $version: Int, $toOrgId: ID!, $reason: String!) {
    passUpCase(id: $id, version: $version, toOrgId: $toOrgId, reason: $reason) {
      ...CaseDetail
    }
  }
`);
export const ReferCaseOut = graphql(`
  mutation ReferCaseOut($id: ID!, $version: Int, $agency: String!, $dueOn: String!, $note: String) {
    referCaseOut(id: $id, version: $version, agency: $agency, dueOn: $dueOn, note: $note) {
      ...CaseDetail
    }
  }
`);
export const RecordAgencyAnswer = graphql(`
  mutation RecordAgencyAnswer($id: ID!, $version: Int, $answer: String!) {
    recordAgencyAnswer(id: $id, version: $version, answer: $answer) {
      ...CaseDetail
    }
  }
`);
export const RecordCallback = graphql(`
  mutation RecordCallback($id: ID!, $version: Int, $rating: Rating!, $comment: String) {
    recordCallback(id: $id, version: $version, rating: $rating, comment: $comment) {
      ...CaseDetail
    }
  }
`);

export const RaiseCase = graphql(`
  mutation RaiseCase($input: RaiseCaseInput!, $idempotencyKey: String) {
    raiseCase(input: $input, idempotencyKey: $idempotencyKey) {
      id
      number
    }
  }
`);

export const SubtreeOrgs = graphql(`
  query SubtreeOrgs($under: ID, $text: String, $level: OrgLevel) {
    orgs(search: { under: $under, text: $text, level: $level, first: 20 }) {
      id
      name
      code
      level
    }
  }
`);

export const MemberPick = graphql(`
  query MemberPick($namePrefix: String) {
    members(first: 10, filter: { namePrefix: $namePrefix }) {
      edges {
        node {
          id
          name
          phone
          org {
            id
            name
          }
        }
      }
    }
  }
`);
