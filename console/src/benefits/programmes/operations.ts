import { graphql } from '../../gql';

export const ProgrammeRowFields = graphql(`
  fragment ProgrammeRow on Programme {
    id
    name
    kind
    state
    startsOn
    endsOn
    quota
    budgetCents
    sensitive
    rulesVersion
    org {
      id
      name
    }
  }
`);

export const ProgrammeList = graphql(`
  query ProgrammeList($kind: ProgrammeKind, $state: ProgrammeState, $after: String) {
    programmes(kind: $kind, state: $state, first: 20, after: $after) {
      edges {
        node {
          ...ProgrammeRow
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

/** Programmes to pick from (a rule naming programmes, a partner's binding, a batch's funding). */
export const ProgrammeChoices = graphql(`
  query ProgrammeChoices($kind: ProgrammeKind) {
    programmes(kind: $kind, first: 200) {
      edges {
        node {
          id
          name
          kind
          state
          sensitive
          org {
            id
            name
          }
        }
      }
    }
  }
`);

export const ProgrammeDetailFields = graphql(`
  fragment ProgrammeDetail on Programme {
    ...ProgrammeRow
    amountCents
    voucherValidDays
    rules
    ruleHistory {
      version
      rules
      createdAt
    }
  }
`);

export const ProgrammeDetailQuery = graphql(`
  query ProgrammeDetail($id: ID!) {
    programme(id: $id) {
      ...ProgrammeDetail
    }
  }
`);

/** Whether a union is in the caller's subtree (the members graph answers null for one above it). */
export const OrgInScope = graphql(`
  query OrgInScope($id: ID!) {
    org(id: $id) {
      id
    }
  }
`);

export const CreateProgramme = graphql(`
  mutation CreateProgramme($input: CreateProgrammeInput!, $idempotencyKey: String) {
    createProgramme(input: $input, idempotencyKey: $idempotencyKey) {
      id
    }
  }
`);

export const SetProgrammeRules = graphql(`
  mutation SetProgrammeRules($id: ID!, $rules: JSONObject!) {
    setProgrammeRules(programmeId: $id, rules: $rules) {
      ...ProgrammeDetail
    }
  }
`);

/** Opens (open: true) or closes the programme: one document, one of the two fields asked. */
export const MoveProgramme = graphql(`
  mutation MoveProgramme($id: ID!, $open: Boolean!) {
    openProgramme(programmeId: $id) @include(if: $open) {
      ...ProgrammeDetail
    }
    closeProgramme(programmeId: $id) @skip(if: $open) {
      ...ProgrammeDetail
    }
  }
`);

export const ShareFields = graphql(`
  fragment Share on Allocation {
    id
    orgId
    quota
    budgetCents
    used
    spentCents
    allocatedToChildren
    budgetToChildren
    remainingQuota
    remainingBudgetCents
  }
`);

/** The shares at and under one union: its own share, and what was carved into each child's subtree. */
export const ProgrammeShares = graphql(`
  query ProgrammeShares($programmeId: ID!, $orgId: ID) {
    programmeUptake(programmeId: $programmeId, orgId: $orgId) {
      orgId
      org {
        id
        name
        ancestors {
          id
          name
        }
        children {
          id
          name
        }
      }
      share {
        ...Share
        org {
          id
          name
        }
      }
      children {
        orgId
        allocatedQuota
        allocatedBudgetCents
        used
        spentCents
        remaining
        org {
          id
          name
        }
      }
    }
    programme(id: $programmeId) {
      id
      allocations {
        ...Share
        parentId
      }
    }
  }
`);

export const Allocate = graphql(`
  mutation Allocate($programmeId: ID!, $orgId: ID!, $quota: Int, $budgetCents: Float) {
    allocate(programmeId: $programmeId, orgId: $orgId, quota: $quota, budgetCents: $budgetCents) {
      ...Share
    }
  }
`);

export const UptakeCountsFields = graphql(`
  fragment Counts on UptakeCounts {
    vouchersIssued
    vouchersOutstanding
    vouchersRedeemed
    vouchersExpired
    vouchersCancelled
    aidAwarded
    aidAwardedCents
    aidDelivered
    aidDeliveredCents
    careVisits
    careSpentCents
  }
`);

export const ProgrammeUptakeQuery = graphql(`
  query ProgrammeUptake($programmeId: ID!, $orgId: ID) {
    programmeUptake(programmeId: $programmeId, orgId: $orgId) {
      orgId
      org {
        id
        name
      }
      ...Counts
      share {
        id
        budgetCents
        spentCents
        budgetToChildren
      }
      children {
        orgId
        allocatedBudgetCents
      }
      monthly {
        month
        issued
        outstanding
        redeemed
        expired
        cancelled
      }
      byOrg {
        orgId
        org {
          id
          name
        }
        ...Counts
      }
    }
  }
`);

/** A member of the subtree, with the children a per-child programme asks about. */
export const ExplainMember = graphql(`
  query ExplainMember($memberId: ID!) {
    member(id: $memberId) {
      id
      name
      org {
        id
        name
      }
      children {
        id
        name
        birthDate
        schoolStage
      }
    }
  }
`);

export const Eligibility = graphql(`
  query Eligibility($programmeId: ID!, $memberId: ID!, $childId: ID) {
    eligibility(programmeId: $programmeId, memberId: $memberId, childId: $childId) {
      status
      reasons {
        code
      }
      ruleVersion
      nextEligibleOn
      childId
    }
  }
`);
