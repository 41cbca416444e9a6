import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Access, type SubgraphContext } from '@lianxin/subgraph';
import type { SurveyQuestionRow, SurveyResponseRow, SurveyRow } from './evaluation.entity';
import { questionsOf, responseCountOf, satisfactionOf, surveyById } from './evaluation.loader';
import * as evaluation from './evaluation.service';
import {
  CreateSurveyInput,
  SatisfactionFigure,
  SubmitSurveyResponseInput,
  Survey,
  SurveyConnection,
  SurveyQuestion,
  SurveyResponse,
  SurveysArgs,
} from './evaluation.types';

@Resolver(() => Survey)
export class SurveyResolver {
  @Query(() => Survey, { nullable: true, description: 'A survey you can see: run in your scope (staff), or by your union or one above it (members)' })
  @Access('member', 'staff', 'admin')
  survey(@Ctx() ctx: SubgraphContext, @Arg('id', () => ID, { description: 'The survey\'s id' }) id: string): Promise<SurveyRow | null> {
    return evaluation.getSurvey(ctx, id);
  }

  @Query(() => SurveyConnection, { nullable: true, description: 'Surveys you can see, in org-tree order' })
  @Access('member', 'staff', 'admin')
  surveys(@Ctx() ctx: SubgraphContext, @Args(() => SurveysArgs) args: SurveysArgs): Promise<evaluation.SurveyPage> {
    return evaluation.listSurveys(ctx, args);
  }

  @Mutation(() => Survey, { nullable: true, description: 'Start a satisfaction survey (微评议) run by an org in your scope, answered by unions under it' })
  @Access('staff', 'admin')
  createSurvey(@Ctx() ctx: SubgraphContext, @Arg('input', () => CreateSurveyInput, { description: 'The survey, its dates and its questions' }) input: CreateSurveyInput): Promise<SurveyRow> {
    return evaluation.createSurvey(ctx, input);
  }

  @FieldResolver(() => [SurveyQuestion], { description: 'The questionnaire, in order' })
  questions(@Root() s: SurveyRow, @Ctx() ctx: SubgraphContext): Promise<SurveyQuestionRow[]> {
    return questionsOf(ctx).load(s.id);
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Responses you can see: those counted in your scope (staff), or your own (members: 1 once you have answered)' })
  responseCount(@Root() s: SurveyRow, @Ctx() ctx: SubgraphContext): Promise<number> {
    return responseCountOf(ctx).load(s.id);
  }

  @FieldResolver(() => SatisfactionFigure, { nullable: true, description: 'Staff and admin: rating answers given at unions under orgId (default: the survey\'s org, or your own org for a survey run above you); null for an org you cannot see' })
  @Authorized('staff', 'admin')
  satisfaction(
    @Root() s: SurveyRow,
    @Ctx() ctx: SubgraphContext,
    @Arg('orgId', () => ID, { nullable: true, description: 'Count answers given at unions under this org (default: the survey\'s org, or your own for a survey run above you)' }) orgId?: string | null,
  ): Promise<SatisfactionFigure | null> {
    return satisfactionOf(ctx).load({ survey: s, orgId });
  }
}

@Resolver(() => SurveyResponse)
export class SurveyResponseResolver {
  @Mutation(() => SurveyResponse, {
    nullable: true,
    description: 'Answer a survey while it is open: members once, for their own union; staff record paper questionnaires for a union in their scope',
  })
  @Access('member', 'staff', 'admin')
  submitSurveyResponse(@Ctx() ctx: SubgraphContext, @Arg('input', () => SubmitSurveyResponseInput, { description: 'The survey and the answers' }) input: SubmitSurveyResponseInput): Promise<SurveyResponseRow> {
    return evaluation.submitSurveyResponse(ctx, input);
  }

  @FieldResolver(() => Survey, { nullable: true, description: 'The survey answered; null if you cannot see it' })
  survey(@Root() r: SurveyResponseRow, @Ctx() ctx: SubgraphContext): Promise<SurveyRow | null> {
    return surveyById(ctx).load(r.surveyId);
  }
}

export const evaluationResolvers = [SurveyResolver, SurveyResponseResolver] as const;
