import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsOptional, ValidateNested } from 'class-validator';
import { CaseFilter } from '../case/case.types';
import { ExportKind, ExportState } from './export.entity';

export enum ExportFormat {
  XLSX = 'XLSX',
  CSV = 'CSV',
}

registerEnumType(ExportFormat, {
  name: 'ExportFormat',
  description: 'The file an export makes',
  valuesConfig: { XLSX: { description: 'An Excel workbook (.xlsx)' }, CSV: { description: 'CSV in UTF-8 with a BOM, so Excel shows the Chinese text' } },
});
registerEnumType(ExportKind, {
  name: 'ExportKind',
  description: 'What an export copies',
  valuesConfig: { CASES: { description: '案件台账: one row per case of the list' }, FIGURES: { description: '分组织统计: the figures of the org and of each child org with cases in the period' } },
});
registerEnumType(ExportState, {
  name: 'ExportState',
  description: 'How far an export got',
  valuesConfig: { RUNNING: { description: 'Writing rows; ask again for progress' }, DONE: { description: 'The file is ready: download it by downloadUrl' }, FAILED: { description: 'Stopped; error says why; start it again' } },
});

@InputType({ description: 'The case ledger (案件台账) to export: the cases the list gives for the same filter' })
export class CaseExportInput {
  @Field(() => ExportFormat, { description: 'XLSX or CSV' })
  format: ExportFormat;

  @Field(() => CaseFilter, { defaultValue: {}, description: 'Which cases, as for cases(filter) (default: every case of your org; admins must name filter.orgId)' })
  @IsOptional()
  @ValidateNested()
  filter: CaseFilter;
}

@InputType({ description: 'The figures per child org (分组织统计) to export for a period of months' })
export class FiguresExportInput {
  @Field(() => ExportFormat, { description: 'XLSX or CSV' })
  format: ExportFormat;

  @Field(() => ID, { nullable: true, description: 'The org whose children are counted (default: your own; admins must name one)' })
  @IsOptional()
  orgId?: string;

  @Field({ description: 'First month, YYYY-MM (China time)' })
  from: string;

  @Field({ description: 'Last month, YYYY-MM (China time), inclusive' })
  to: string;
}

@ObjectType({ description: 'An export you started: its progress and, when done, a short-lived download link' })
export class ExportJob {
  @Field(() => ID, { description: 'The job\'s id' })
  id: string;

  @Field(() => ExportKind, { description: 'What it copies' })
  kind: ExportKind;

  @Field(() => ExportFormat, { description: 'XLSX or CSV' })
  format: ExportFormat;

  @Field(() => ExportState, { description: 'RUNNING, DONE or FAILED' })
  state: ExportState;

  @Field(() => Int, { description: 'Rows written so far (all of them once DONE), headers not counted' })
  rows: number;

  @Field({ description: 'The file\'s name, in Chinese' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Why it failed, in Chinese; null unless FAILED' })
  error: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was started' })
  createdAt: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it finished' })
  finishedAt: Date | null;
}
