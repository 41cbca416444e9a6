import { useState } from 'react';
import { useLazyQuery, useQuery } from '@apollo/client';
import { Alert, Button, Card, Form, Select, Space, Tag, Typography } from 'antd';
import type { ProgrammeDetailFragment } from '../../gql/graphql';
import { MemberPicker } from '../../members/MemberPicker';
import { errorMessage } from '../../ui/errors';
import { ELIGIBILITY_STATUS, ELIGIBILITY_STATUS_COLOR, SCHOOL_STAGE, label } from '../../ui/labels';
import { formatDate } from '../../ui/time';
import { explain } from './explain';
import { Eligibility, ExplainMember } from './operations';
import { fromDocument } from './rules';
import { useProgrammeNames } from './useProgrammeNames';

const ALERT = { ELIGIBLE: 'success', INELIGIBLE: 'error', NEEDS_INFO: 'warning' } as const;

/**
 * 资格查询: pick a member of the subtree (and a child, for a per-child programme) and read
 * the answer as one would say it: yes or no, every reason, from when, under which version.
 */
export function ExplainPanel({ programme }: { programme: ProgrammeDetailFragment }) {
  const [memberId, setMemberId] = useState<string>();
  const [childId, setChildId] = useState<string>();
  const member = useQuery(ExplainMember, { variables: { memberId: memberId! }, skip: !memberId });
  const [ask, answer] = useLazyQuery(Eligibility, { fetchPolicy: 'network-only' });
  const history = (programme.ruleHistory ?? []).map((v) => ({ version: v.version, rules: fromDocument(v.rules) }));
  const name = useProgrammeNames(history.map((v) => v.rules));
  const m = member.data?.member;
  const a = answer.data?.eligibility;
  const child = m?.children.find((c) => c.id === (a?.childId ?? childId));
  const said =
    a && m
      ? explain({
          answer: a,
          memberName: m.name,
          programme,
          rules: history.find((v) => v.version === a.ruleVersion)?.rules ?? [],
          childName: child?.name ?? null,
          today: formatDate(new Date().toISOString()),
          programmeName: name,
        })
      : null;
  return (
    <Card size="small" title="查一位会员能不能参加">
      <Form layout="inline" style={{ rowGap: 12 }}>
        <Form.Item label="会员">
          <div style={{ width: 320 }}>
            <MemberPicker value={memberId} onChange={(id) => { setMemberId(id); setChildId(undefined); }} style={{ width: '100%' }} />
          </div>
        </Form.Item>
        {m && m.children.length > 0 && (
          <Form.Item label="子女（按子女发放的项目）">
            <Select allowClear style={{ width: 220 }} placeholder="不选则自动判断" value={childId} onChange={setChildId} options={m.children.map((c) => ({ value: c.id, label: `${c.name}（${label(SCHOOL_STAGE, c.schoolStage)}）` }))} data-testid="explain-child" />
          </Form.Item>
        )}
        <Form.Item>
          <Button type="primary" disabled={!memberId} loading={answer.loading} onClick={() => void ask({ variables: { programmeId: programme.id, memberId: memberId!, childId } })} data-testid="explain-ask">
            查询
          </Button>
        </Form.Item>
      </Form>
      {answer.error && <Alert type="error" showIcon style={{ marginTop: 16 }} message={errorMessage(answer.error)} />}
      {a === null && !answer.loading && answer.called && !answer.error && <Alert type="info" showIcon style={{ marginTop: 16 }} message="查不到：这位会员或这个项目不在您的管辖范围内。" />}
      {said && a && (
        <Alert
          style={{ marginTop: 16 }}
          type={ALERT[a.status as keyof typeof ALERT] ?? 'info'}
          showIcon
          data-testid="explanation"
          message={
            <Space>
              <Tag color={ELIGIBILITY_STATUS_COLOR[a.status]}>{label(ELIGIBILITY_STATUS, a.status)}</Tag>
              <Typography.Text strong data-testid="explanation-headline">{said.headline}</Typography.Text>
            </Space>
          }
          description={
            <>
              {said.reasons.length > 0 && (
                <ol style={{ paddingLeft: 20, margin: '4px 0' }} data-testid="explanation-reasons">
                  {said.reasons.map((r) => <li key={r}>{r}</li>)}
                </ol>
              )}
              {said.next && <div data-testid="explanation-next">{said.next}</div>}
              <Typography.Text type="secondary" data-testid="explanation-version">{said.version}</Typography.Text>
            </>
          }
        />
      )}
    </Card>
  );
}
