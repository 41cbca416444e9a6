import { graphql } from '../../gql';

export const PartnerRowFields = graphql(`
  fragment PartnerRow on Partner {
    id
    name
    kind
    active
    createdAt
    org {
      id
      name
    }
  }
`);

export const PartnerList = graphql(`
  query PartnerList($after: String) {
    partners(first: 20, after: $after) {
      edges {
        node {
          ...PartnerRow
          programmes {
            id
            name
          }
          keys {
            id
            revokedAt
          }
        }
      }
      pageInfo {
        ...NextPage
      }
    }
  }
`);

export const PartnerDetailFields = graphql(`
  fragment PartnerDetail on Partner {
    ...PartnerRow
    programmes {
      id
      name
      kind
      state
      endsOn
    }
    keys {
      id
      prefix
      createdAt
      revokedAt
    }
  }
`);

export const PartnerDetailQuery = graphql(`
  query PartnerDetail($id: ID!) {
    partner(id: $id) {
      ...PartnerDetail
    }
  }
`);

export const RegisterPartner = graphql(`
  mutation RegisterPartner($input: RegisterPartnerInput!) {
    registerPartner(input: $input) {
      id
    }
  }
`);

export const BindPartner = graphql(`
  mutation BindPartner($partnerId: ID!, $programmeId: ID!) {
    bindPartnerProgramme(partnerId: $partnerId, programmeId: $programmeId) {
      ...PartnerDetail
    }
  }
`);

export const UnbindPartner = graphql(`
  mutation UnbindPartner($partnerId: ID!, $programmeId: ID!) {
    unbindPartnerProgramme(partnerId: $partnerId, programmeId: $programmeId) {
      ...PartnerDetail
    }
  }
`);

export const SetPartnerActive = graphql(`
  mutation SetPartnerActive($partnerId: ID!, $active: Boolean!) {
    setPartnerActive(partnerId: $partnerId, active: $active) {
      ...PartnerDetail
    }
  }
`);

export const IssuePartnerKey = graphql(`
  mutation IssuePartnerKey($partnerId: ID!) {
    issuePartnerKey(partnerId: $partnerId) {
      id
      prefix
      key
    }
  }
`);

export const RevokePartnerKey = graphql(`
  mutation RevokePartnerKey($keyId: ID!) {
    revokePartnerKey(keyId: $keyId) {
      id
      revokedAt
    }
  }
`);
