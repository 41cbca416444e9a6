import { useQuery } from '@apollo/client';
import { Alert, Button, Card, Checkbox, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { EMPLOYMENT_TYPE, HARDSHIP_TIER, MEMBERSHIP_STATUS, PROGRAMME_KIND, SCHOOL_STAGE } from '../../ui/labels';
import { ProgrammeChoices } from './operations';
import { newRule, PERIOD, RULE_TYPES, SENSITIVE_RULE_TYPES, type Rule, type RuleType } from './rules';

const options = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

/** A labelled row of a rule's form. */
const Line = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div style={{ display: 'flex', gap: 12, alignItems: 'baseline', flexWrap: 'wrap', marginTop: 8 }}>
    <Typography.Text style={{ minWidth: 84 }}>{label}</Typography.Text>
    <div style={{ flex: '1 1 320px' }}>{children}</div>
  </div>
);

/** The form of one rule type: only the properties that type takes. */
function RuleFields({ rule, set, exclude }: { rule: Rule; set: (patch: Partial<Rule>) => void; exclude?: string }) {
  const programmes = useQuery(ProgrammeChoices, { variables: {}, skip: rule.type !== 'notAidedBy' });
  switch (rule.type) {
    case 'membership':
      return <Line label="会籍状态为"><Checkbox.Group options={options(MEMBERSHIP_STATUS)} value={rule.status} onChange={(v) => set({ status: v as string[] })} /></Line>;
    case 'employmentType':
      return <Line label="就业形态为"><Checkbox.Group options={options(EMPLOYMENT_TYPE)} value={rule.anyOf} onChange={(v) => set({ anyOf: v as string[] })} /></Line>;
    case 'hardship':
      return <Line label="困难类别"><Checkbox.Group options={options(HARDSHIP_TIER)} value={rule.tiers} onChange={(v) => set({ tiers: v as string[] })} /></Line>;
    case 'child':
      return (
        <>
          <Line label="子女年龄">
            <Space wrap>
              <InputNumber min={0} max={30} precision={0} value={rule.minAge} onChange={(v) => set({ minAge: v })} placeholder="不限" addonAfter="岁" aria-label="最小年龄" />
              <span>至</span>
              <InputNumber min={0} max={30} precision={0} value={rule.maxAge} onChange={(v) => set({ maxAge: v })} placeholder="不限" addonAfter="岁" aria-label="最大年龄" />
            </Space>
          </Line>
          <Line label="就学阶段"><Checkbox.Group options={options(SCHOOL_STAGE)} value={rule.stages ?? []} onChange={(v) => set({ stages: v as string[] })} /></Line>
          <Typography.Text type="secondary">不勾选就学阶段，表示各阶段都可以。</Typography.Text>
        </>
      );
    case 'perMemberLimit':
      return (
        <>
          <Line label="计次对象">
            <Radio.Group value={rule.per ?? 'MEMBER'} onChange={(e) => set({ per: e.target.value as Rule['per'] })} options={[{ value: 'MEMBER', label: '每位会员' }, { value: 'CHILD', label: '每个子女' }]} />
          </Line>
          <Line label="次数">
            <Space wrap>
              <Select style={{ width: 150 }} value={rule.period} onChange={(v) => set({ period: v })} options={options(PERIOD)} aria-label="计次周期" />
              <span>最多</span>
              <InputNumber min={1} max={1000} precision={0} value={rule.count} onChange={(v) => set({ count: v })} addonAfter="次" aria-label="最多次数" data-testid="limit-count" />
            </Space>
          </Line>
        </>
      );
    case 'notAidedBy':
      return (
        <>
          <Line label="多少天内">
            <InputNumber min={1} max={3650} precision={0} value={rule.withinDays} onChange={(v) => set({ withinDays: v })} addonAfter="天" aria-label="天数" />
          </Line>
          <Line label="这几类帮扶"><Checkbox.Group options={options(PROGRAMME_KIND)} value={rule.kinds ?? []} onChange={(v) => set({ kinds: v as string[] })} /></Line>
          <Line label="或这些项目">
            <Select
              mode="multiple"
              style={{ width: '100%' }}
              placeholder="可不选"
              value={rule.programmeIds ?? []}
              onChange={(v) => set({ programmeIds: v })}
              loading={programmes.loading}
              optionFilterProp="label"
              options={(programmes.data?.programmes?.edges ?? []).map((e) => e.node).filter((p) => p.id !== exclude).map((p) => ({ value: p.id, label: `${p.name}（${p.org.name ?? ''}）` }))}
            />
          </Line>
        </>
      );
    default:
      // modelWorker and quota take nothing but their type.
      return null;
  }
}

/**
 * The eligibility rules of a programme, one small form per rule type, never raw JSON. A
 * controlled field (value / onChange) for an antd Form.Item; what it holds is what
 * rules.ts's toDocument() sends.
 */
export function RuleEditor({ value = [], onChange, programmeId }: { value?: Rule[]; onChange?: (rules: Rule[]) => void; programmeId?: string }) {
  const present = new Set(value.map((r) => r.type));
  const add = (type: RuleType) => onChange?.([...value, newRule(type)]);
  const sensitive = value.some((r) => SENSITIVE_RULE_TYPES.includes(r.type));
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="rule-editor">
      {value.length === 0 && <Alert type="info" showIcon message="没有设条件：项目覆盖范围内会籍正常的会员都可以参加。" />}
      {value.map((rule, i) => {
        const meta = RULE_TYPES.find((t) => t.type === rule.type)!;
        return (
          <Card
            key={`${rule.type}-${i}`}
            size="small"
            title={`${i + 1}. ${meta.title}`}
            extra={<Button type="text" danger icon={<DeleteOutlined />} onClick={() => onChange?.(value.filter((_, j) => j !== i))} aria-label={`删除“${meta.title}”条件`}>删除</Button>}
            data-testid={`rule-${rule.type}`}
          >
            <Typography.Text type="secondary">{meta.hint}</Typography.Text>
            <RuleFields rule={rule} exclude={programmeId} set={(patch) => onChange?.(value.map((r, j) => (j === i ? { ...r, ...patch } : r)))} />
          </Card>
        );
      })}
      {sensitive && (
        <Alert
          type="warning"
          showIcon
          message="设了“困难职工”或“不重复帮扶”条件，本项目就成为敏感项目"
          description="敏感项目不会让合作商家看到，也不能交给商家核销，以后也不能改回普通项目。"
        />
      )}
      <Select
        style={{ width: 260 }}
        placeholder="＋ 添加一条条件"
        value={null}
        onChange={(t: RuleType) => add(t)}
        options={RULE_TYPES.filter((t) => !present.has(t.type)).map((t) => ({ value: t.type, label: t.title }))}
        data-testid="add-rule"
      />
    </Space>
  );
}
