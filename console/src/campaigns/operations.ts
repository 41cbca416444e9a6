import { graphql } from '../gql';

/** The campaigns that reach the caller, newest first. */
export const CampaignList = graphql(`
  query CampaignList {
    interviewCampaigns(first: 50) {
      edges {
        node {
          id
          title
          startsOn
          endsOn
          target
          maxAge
          focusNewEmployment
          org {
            id
            name
          }
        }
      }
    }
  }
`);

/** One campaign: its outline, questionnaires, the points the caller sees, its problem list and its progress in the caller's part. */
export const CampaignDetail = graphql(`
  query CampaignDetail($id: ID!, $satisfied: Boolean) {
    interviewCampaign(id: $id) {
      id
      title
      startsOn
      endsOn
      target
      maxAge
      focusNewEmployment
      outline
      org {
        id
        name
      }
      questionnaires {
        id
        audience
        version
        title
        questions
      }
      points(first: 500) {
        edges {
          node {
            id
            name
            kind
            org {
              id
              name
            }
          }
        }
      }
      problems(first: 200, satisfied: $satisfied) {
        edges {
          node {
            id
            number
            kind
            state
            rating
            satisfied
            description
            raisedOrg {
              id
              name
            }
            interview {
              id
              heldOn
              mode
            }
          }
        }
        pageInfo {
          hasNextPage
        }
      }
    }
    campaignProgress(campaignId: $id) {
      orgId
      from
      to
      periodDays
      target
      expected
      cumulative
      interviews
      online
      faceToFace
      problemsRaised
      resolved
      satisfied
      days {
        day
        interviews
        online
        cumulative
        pace
      }
      byOrg {
        orgId
        org {
          id
          name
        }
        points
        target
        expected
        interviews
        online
        cumulative
        problemsRaised
        resolved
        satisfied
      }
    }
  }
`);

export const RecordInterview = graphql(`
  mutation RecordInterview($input: RecordInterviewInput!, $key: String) {
    recordInterview(input: $input, idempotencyKey: $key) {
      id
      heldOn
      cases {
        id
        number
      }
    }
  }
`);
