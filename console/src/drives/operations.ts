import { graphql } from '../gql';

/** The join drives the caller takes part in or oversees. */
export const DriveList = graphql(`
  query DriveList {
    joinDrives(first: 50) {
      edges {
        node {
          id
          title
          startsOn
          endsOn
          org {
            id
            name
          }
        }
      }
    }
  }
`);

/** One drive: its targets and posters, its ranking on a day and its daily curve. */
export const DriveDetail = graphql(`
  query DriveDetail($id: ID!, $on: String, $rankBy: JoinGranularity!) {
    joinDrive(id: $id) {
      id
      title
      startsOn
      endsOn
      gigFocus
      version
      canManage
      org {
        id
        name
      }
      targets {
        perDay
        perWeek
        perMonth
        qrCode
        org {
          id
          name
        }
      }
    }
    joinDriveFigures(driveId: $id, on: $on, rankBy: $rankBy) {
      on
      weekFrom
      monthFrom
      day {
        ...DriveTally
      }
      week {
        ...DriveTally
      }
      month {
        ...DriveTally
      }
      total {
        ...DriveTally
      }
      byEmploymentType {
        employmentType
        joins
      }
      byOrg {
        rank
        org {
          id
          name
        }
        day {
          ...DriveTally
        }
        week {
          ...DriveTally
        }
        month {
          ...DriveTally
        }
        total {
          ...DriveTally
        }
      }
    }
    joinDriveDaily(driveId: $id) {
      day
      joins
      gig
      target
    }
  }
  fragment DriveTally on JoinTally {
    joins
    gig
    regular
    target
    rate
  }
`);

export const SetDriveTargets = graphql(`
  mutation SetDriveTargets($driveId: ID!, $version: Int!, $targets: [JoinDriveTargetInput!]!) {
    setJoinDriveTargets(driveId: $driveId, version: $version, targets: $targets) {
      id
      version
    }
  }
`);

/** The sub-orgs a drive's targets may name: the direct sub-orgs of its org. */
export const DriveSubOrgs = graphql(`
  query DriveSubOrgs($id: ID!) {
    org(id: $id) {
      id
      children {
        id
        name
      }
    }
  }
`);

export const CreateDrive = graphql(`
  mutation CreateDrive($input: CreateJoinDriveInput!, $key: String) {
    createJoinDrive(input: $input, idempotencyKey: $key) {
      id
    }
  }
`);
