import { graphql } from '../gql';

/** The posts the caller sees, with this period's figures of its subtree, one row per post. */
export const PostList = graphql(`
  query PostList($orgId: ID, $from: String!, $to: String!) {
    unionPosts(orgId: $orgId, first: 500) {
      edges {
        node {
          id
          name
          address
          openingHours
          wishWall
          suggestionBook
          version
          org {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
    unionPostFigures(orgId: $orgId, from: $from, to: $to) {
      posts
      wishes
      chosen
      granted
      grantedRate
      suggestions
      answered
      byPost {
        postId
        wishes
        chosen
        granted
        suggestions
        answered
      }
    }
  }
`);

/** What a post collected: its wish wall or its suggestion book, newest first. */
export const PostEntries = graphql(`
  query PostEntries($postId: ID!, $channel: PostChannel!) {
    postCases(postId: $postId, channel: $channel, first: 500) {
      edges {
        node {
          id
          number
          kind
          state
          description
          raisedAt
          inProject
          responsible
          resolution
          member {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

/** The open service projects a chosen wish can join. */
export const OpenProjects = graphql(`
  query OpenProjects($orgId: ID) {
    projects(orgId: $orgId, state: OPEN, first: 200) {
      edges {
        node {
          id
          title
          version
          caseCount
        }
      }
    }
  }
`);

export const CreatePost = graphql(`
  mutation CreatePost($input: CreateUnionPostInput!, $key: String) {
    createUnionPost(input: $input, idempotencyKey: $key) {
      id
      name
    }
  }
`);

export const RecordWish = graphql(`
  mutation RecordWish($input: PostEntryInput!, $key: String) {
    recordWish(input: $input, idempotencyKey: $key) {
      id
      number
    }
  }
`);

export const RecordSuggestion = graphql(`
  mutation RecordSuggestion($input: PostEntryInput!, $key: String) {
    recordSuggestion(input: $input, idempotencyKey: $key) {
      id
      number
    }
  }
`);

export const ChooseIntoNewProject = graphql(`
  mutation ChooseIntoNewProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      id
      title
    }
  }
`);

export const ChooseIntoProject = graphql(`
  mutation ChooseIntoProject($projectId: ID!, $caseIds: [ID!]!, $version: Int) {
    addCasesToProject(projectId: $projectId, caseIds: $caseIds, version: $version) {
      id
      title
    }
  }
`);
