import { graphql } from '../gql';

/** What the hardship card and the review list show of a file (困难职工档案). */
export const HardshipFileFields = graphql(`
  fragment HardshipFileFields on HardshipFile {
    id
    memberId
    kind
    state
    tier
    openedOn
    reason
    evidence
    reviewedOn
    nextReviewOn
    exitedOn
    version
  }
`);

export const MemberHardship = graphql(`
  query MemberHardship($id: ID!) {
    member(id: $id) {
      id
      name
      hardshipFile {
        ...HardshipFileFields
        history {
          action
          tier
          note
          at
        }
      }
    }
  }
`);

export const OpenHardshipFile = graphql(`
  mutation OpenHardshipFile($input: OpenHardshipFileInput!) {
    openHardshipFile(input: $input) {
      ...HardshipFileFields
    }
  }
`);

export const ReviewHardshipFile = graphql(`
  mutation ReviewHardshipFile($id: ID!, $version: Int!, $note: String!, $tier: HardshipTier) {
    reviewHardshipFile(id: $id, version: $version, note: $note, tier: $tier) {
      ...HardshipFileFields
    }
  }
`);

export const ChangeHardshipTier = graphql(`
  mutation ChangeHardshipTier($id: ID!, $version: Int!, $reason: String!, $tier: HardshipTier!) {
    changeHardshipTier(id: $id, version: $version, reason: $reason, tier: $tier) {
      ...HardshipFileFields
    }
  }
`);

export const ExitHardship = graphql(`
  mutation ExitHardship($id: ID!, $version: Int!, $reason: String!) {
    exitHardship(id: $id, version: $version, reason: $reason) {
      ...HardshipFileFields
    }
  }
`);

export const ReturnToHardship = graphql(`
  mutation ReturnToHardship($id: ID!, $version: Int!, $reason: String!, $tier: HardshipTier!) {
    returnToHardship(id: $id, version: $version, reason: $reason, tier: $tier) {
      ...HardshipFileFields
    }
  }
`);

export const MakeHardshipFileRegular = graphql(`
  mutation MakeHardshipFileRegular($id: ID!, $version: Int!, $reason: String!) {
    makeHardshipFileRegular(id: $id, version: $version, reason: $reason) {
      ...HardshipFileFields
    }
  }
`);

export const HardshipReviewsDue = graphql(`
  query HardshipReviewsDue($dueBy: String, $after: String) {
    hardshipReviewsDue(first: 20, after: $after, dueBy: $dueBy) {
      edges {
        node {
          ...HardshipFileFields
          member {
            id
            name
            org {
              id
              name
            }
          }
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

export const PiiAccessLog = graphql(`
  query PiiAccessLog($after: String) {
    piiAccessLog(first: 20, after: $after) {
      edges {
        node {
          id
          at
          field
          actorSub
          actorRole
          actorOrg {
            id
            name
          }
          memberId
          member {
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
`);
