import { ArgsType, Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLDate } from 'graphql-scalars';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsOptional,
  Length,
  Matches,
  MaxLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { Rating } from '../casefile/case.enums';
import { QuestionKind } from './evaluation.entity';
import { connectionOf, PageArgs, DAY_PATTERN } from '@lianxin/subgraph';

registerEnumType(QuestionKind, {
  name: 'QuestionKind',
  description: 'RATING questions are answered 满意 / 基本满意 / 不满意 and count towards the satisfaction rate',
  valuesConfig: {
    RATING: { description: 'Answered with a Rating (满意 / 基本满意 / 不满意); counts towards the satisfaction rate (满意率)' },
    TEXT: { description: 'Answered in free text, up to 1000 characters; not counted in any figure' },
  },
});

/** Limits shared with the service, which re-checks them for direct callers (seeders, tests). */
export const SURVEY_LIMITS = { title: 100, questionText: 300, questions: 30, answerText: 1000 } as const;

/** Checked again by the service for real calendar dates (2025-02-30 matches this). */
const DAY_MESSAGE = { message: 'must be a date written YYYY-MM-DD' };
const NOT_BLANK = /\S/;
const NOT_BLANK_MESSAGE = { message: 'must not be blank' };

@ValidatorConstraint({ name: 'notBeforeOpensOn' })
class NotBeforeOpensOn implements ValidatorConstraintInterface {
  validate(closesOn: unknown, args: ValidationArguments): boolean {
    const { opensOn } = args.object as CreateSurveyInput;
    // A malformed opensOn is reported by its own check; one message per mistake.
    return typeof closesOn !== 'string' || typeof opensOn !== 'string' || !DAY_PATTERN.test(opensOn) || closesOn >= opensOn;
  }
  defaultMessage(): string {
    return 'must be on or after opensOn';
  }
}

@ObjectType({ description: 'A satisfaction survey of union service (微评议), run by a union over its subtree' })
export class Survey {
  @Field(() => ID, { description: 'The survey\'s id (a ULID)' })
  id: string;

  @Field({ description: 'What the survey is called, 1-100 characters' })
  title: string;

  @Field(() => ID, { description: 'The union running the survey; answers come from unions under it' })
  orgId: string;

  @Field(() => GraphQLDate, { description: 'First day answers are taken (Beijing time)' })
  opensOn: string;

  @Field(() => GraphQLDate, { description: 'Last day answers are taken (Beijing time)' })
  closesOn: string;
}

@ObjectType({ description: 'One question of a survey\'s questionnaire' })
export class SurveyQuestion {
  @Field(() => ID, { description: 'The question\'s id; answers name it as questionId' })
  id: string;

  @Field(() => Int, { description: '1-based position in the questionnaire' })
  ordinal: number;

  @Field({ description: 'The question as asked, 1-300 characters' })
  text: string;

  @Field(() => QuestionKind, { description: 'How it is answered: a rating or free text' })
  kind: QuestionKind;
}

@ObjectType({ description: 'Rating answers counted at unions under one org (满意率)' })
export class SatisfactionFigure {
  @Field(() => ID, { description: 'The org whose subtree was counted' })
  orgId: string;

  @Field(() => Int, { description: 'Rating answers, all rating questions together' })
  total: number;

  @Field(() => Int, { description: 'Rating answers of 满意 (satisfied)' })
  satisfied: number;

  @Field(() => Int, { description: 'Rating answers of 基本满意 (basically satisfied)' })
  basicallySatisfied: number;

  @Field(() => Int, { description: 'Rating answers of 不满意 (unsatisfied)' })
  unsatisfied: number;

  @Field(() => Float, { nullable: true, description: '(satisfied + basicallySatisfied) / total; null while there are no rating answers' })
  rate: number | null;

  @Field(() => Int, { description: 'Questionnaires (responses) counted' })
  respondents: number;
}

@ObjectType({ description: 'One filled-in questionnaire, counted at the union it was answered for' })
export class SurveyResponse {
  @Field(() => ID, { description: 'The response\'s id (a ULID)' })
  id: string;

  @Field(() => ID, { description: 'The survey answered' })
  surveyId: string;

  @Field(() => ID, { description: 'The union the answers are counted at' })
  orgId: string;

  @Field(() => GraphQLISODateTime, { description: 'When the questionnaire was submitted or recorded, ISO 8601 UTC' })
  submittedAt: Date;
}

export const SurveyConnection = connectionOf(Survey, 'Survey', 'A page of surveys, in org-tree order');
export type SurveyConnection = InstanceType<typeof SurveyConnection>;

@InputType({ description: 'One question of a new survey' })
export class SurveyQuestionInput {
  @Field({ description: '1-300 characters' })
  @Length(1, SURVEY_LIMITS.questionText)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  text: string;

  @Field(() => QuestionKind, { description: 'RATING (answered 满意 / 基本满意 / 不满意) or TEXT' })
  @IsEnum(QuestionKind)
  kind: QuestionKind;
}

@InputType({ description: 'A new survey, run by an org in your scope' })
export class CreateSurveyInput {
  @Field(() => ID, { description: 'The union running the survey; answers are taken from unions under it' })
  orgId: string;

  @Field({ description: '1-100 characters' })
  @Length(1, SURVEY_LIMITS.title)
  @Matches(NOT_BLANK, NOT_BLANK_MESSAGE)
  title: string;

  @Field({ description: 'YYYY-MM-DD, Beijing time' })
  @Matches(DAY_PATTERN, DAY_MESSAGE)
  opensOn: string;

  @Field({ description: 'YYYY-MM-DD, on or after opensOn and not in the past' })
  @Matches(DAY_PATTERN, DAY_MESSAGE)
  @Validate(NotBeforeOpensOn)
  closesOn: string;

  @Field(() => [SurveyQuestionInput], { description: '1-30 questions, asked in this order' })
  @ArrayMinSize(1)
  @ArrayMaxSize(SURVEY_LIMITS.questions)
  @ValidateNested({ each: true })
  questions: SurveyQuestionInput[];
}

@InputType({ description: 'A rating for a RATING question, or text for a TEXT question' })
export class SurveyAnswerInput {
  @Field(() => ID, { description: 'The question answered; it must belong to the survey' })
  questionId: string;

  @Field(() => Rating, { nullable: true, description: 'Required for RATING questions' })
  @IsOptional()
  @IsEnum(Rating)
  rating?: Rating | null;

  @Field(() => String, { nullable: true, description: 'For TEXT questions; up to 1000 characters, may be left out' })
  @IsOptional()
  @MaxLength(SURVEY_LIMITS.answerText)
  text?: string | null;
}

@InputType({ description: 'One filled-in questionnaire (微评议)' })
export class SubmitSurveyResponseInput {
  @Field(() => ID, { description: 'The survey answered; answers are taken only between its opensOn and closesOn (Beijing time)' })
  surveyId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Staff recording a paper questionnaire: the union it was collected at (default: your own). Members leave it out: they answer for their own union.',
  })
  @IsOptional()
  orgId?: string | null;

  @Field(() => [SurveyAnswerInput], { description: 'One answer per question; every RATING question needs one' })
  @ArrayMinSize(1)
  @ArrayMaxSize(SURVEY_LIMITS.questions)
  @ValidateNested({ each: true })
  answers: SurveyAnswerInput[];
}

@ArgsType()
export class SurveysArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only surveys run by unions under this one (default: all you can see)' })
  @IsOptional()
  orgId?: string | null;
}
