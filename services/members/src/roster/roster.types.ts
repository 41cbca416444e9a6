import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '@lianxin/subgraph';
import { RosterState } from './roster.entity';

registerEnumType(RosterState, {
  name: 'RosterState',
  description: 'Where a roster import stands',
  valuesConfig: {
    CHECKED: { description: '预检完成: every row was checked; commitRosterImport creates the rows without problems' },
    COMMITTING: { description: '导入中: members arrive batch by batch; ask again for progress' },
    DONE: { description: '导入完成' },
    FAILED: { description: 'Stopped; error says why. What was created stays; upload the same file again to finish' },
  },
});

@ObjectType({ description: 'One problem of one roster row, found by the dry run' })
export class RosterProblem {
  @Field(() => Int, { description: 'The row in the sheet (the header is row 1)' })
  row: number;

  @Field({ description: 'Stable code: MISSING_FIELD, ID_NUMBER_INVALID, BIRTH_DATE_MISMATCH, BIRTH_DATE_INVALID, GENDER_INVALID, GENDER_MISMATCH, PHONE_INVALID, EMPLOYMENT_TYPE_INVALID, NAME_TOO_LONG, ORG_NOT_FOUND, ORG_CANNOT_TAKE_MEMBERS, DUPLICATE_IN_FILE, ALREADY_MEMBER' })
  code: string;

  @Field({ description: 'The column: name, gender, birthDate, idNumber, phone, employmentType or orgCode' })
  field: string;

  @Field({ description: 'What is wrong and what to do, in Chinese' })
  message: string;

  @Field({ description: 'The name in that row' })
  name: string;

  @Field({ description: 'The ID number in that row, always masked (110101********1234)' })
  idNumber: string;
}

export const RosterProblemConnection = connectionOf(RosterProblem, 'RosterProblem', 'A page of roster problems, in row order');

@ObjectType({ description: 'A roster you uploaded (批量导入会员): the dry run\'s counts, then the commit\'s progress' })
export class RosterImport {
  @Field(() => ID, { description: 'The import\'s id, as the upload answered it' })
  id: string;

  @Field({ description: 'The uploaded file\'s name' })
  fileName: string;

  @Field(() => RosterState, { description: 'CHECKED, COMMITTING, DONE or FAILED' })
  state: RosterState;

  @Field(() => Int, { description: 'Member rows in the file (blank rows not counted)' })
  rowsTotal: number;

  @Field(() => Int, { description: 'Rows without a problem: what a commit creates' })
  rowsOk: number;

  @Field(() => Int, { description: 'Rows with at least one problem: a commit leaves them out' })
  rowsWithProblems: number;

  @Field(() => Int, { description: 'Members created so far' })
  created: number;

  @Field(() => Int, { description: 'Rows that passed the dry run but were members by the time they were written (enrolled meanwhile)' })
  skipped: number;

  @Field(() => String, { nullable: true, description: 'Why it stopped, in Chinese; null unless FAILED' })
  error: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was uploaded' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the commit finished' })
  finishedAt: Date | null;
}
