import { graphql } from '../gql';

export const StartCaseExport = graphql(`
  mutation StartCaseExport($input: CaseExportInput!) {
    startCaseExport(input: $input) {
      id
      state
      rows
      name
    }
  }
`);

export const StartFiguresExport = graphql(`
  mutation StartFiguresExport($input: FiguresExportInput!) {
    startFiguresExport(input: $input) {
      id
      state
      rows
      name
    }
  }
`);

export const ExportJobProgress = graphql(`
  query ExportJobProgress($id: ID!) {
    exportJob(id: $id) {
      id
      state
      rows
      name
      error
      downloadUrl
    }
  }
`);

export const RosterImportView = graphql(`
  query RosterImportView($id: ID!, $after: String) {
    rosterImport(id: $id) {
      id
      fileName
      state
      rowsTotal
      rowsOk
      rowsWithProblems
      created
      skipped
      error
      reportUrl
      problems(first: 100, after: $after) {
        edges {
          node {
            row
            code
            field
            message
            name
            idNumber
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export const CommitRosterImport = graphql(`
  mutation CommitRosterImport($id: ID!) {
    commitRosterImport(id: $id) {
      id
      state
      created
    }
  }
`);
