import { graphql } from '../gql';

/** Notifications to workers in the caller's subtree that SMS or WeChat could not deliver after the last try. */
export const DeadLetters = graphql(`
  query NotificationDeadLetters($after: String) {
    notificationDeadLetters(first: 50, after: $after) {
      edges {
        node {
          id
          title
          createdAt
          attempts
          lastError
          member {
            id
            name
          }
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

export const RetryNotifications = graphql(`
  mutation RetryNotifications($ids: [ID!]!) {
    retryNotifications(ids: $ids)
  }
`);
