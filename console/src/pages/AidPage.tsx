import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { Button, Card, Segmented, Space, Tag, Typography } from 'antd';
import { AidQueue, CheckAid, DeliverAid, ReviewAid } from '../benefits/aid/operations';
import type { AidState } from '../gql/graphql';
import { ReasonButton } from '../members/ReasonButton';
import { RECORD_MESSAGES } from '../ui/errors';
import { AID_STATE_COLOR, AID_STEP, aidStateLabel } from '../ui/labels';
import { formatYuan } from '../ui/money';
import { Pager, usePager } from '../ui/Pager';
import { ListTable } from '../ui/ListTable';
import { formatDate } from '../ui/time';
import { useQueueAction } from '../ui/useQueueAction';

/** The queues, one per step, in the order an application moves through them. */
const QUEUES: { state: AidState; label: string }[] = [
  { state: 'APPLIED', label: '企业工会审核' },
  { state: 'ENTERPRISE_CHECKED', label: '区县审批' },
  { state: 'AWARDED', label: '发放' },
  { state: 'DELIVERED', label: '已发放' },
  { state: 'REJECTED', label: '未通过' },
];

/** Who the application waits for, when it is not this caller. Model-worker aid has no enterprise check: the district reviews it straight away. */
const WAITING: Record<string, string> = { APPLIED: '等待企业工会审核', ENTERPRISE_CHECKED: '等待区县工会审批', AWARDED: '等待发放' };
const waitingFor = (a: { kind: string; state: string }): string => (a.kind === 'MODEL_WORKER_AID' && a.state === 'APPLIED' ? '等待区县工会审批' : WAITING[a.state] ?? '已办结');

/**
 * 金秋助学: applications move apply → enterprise check → district review → delivered. Each
 * queue shows the buttons of exactly the steps the API says this caller may take now
 * (allowedSteps); anyone else sees whom the application is waiting for.
 */
export default function AidPage() {
  const [state, setState] = useState<AidState>('APPLIED');
  const pager = usePager();
  const query = useQuery(AidQueue, { variables: { state, after: pager.after } });
  const { data, refetch } = query;
  const [check] = useMutation(CheckAid);
  const [review] = useMutation(ReviewAid);
  const [deliver] = useMutation(DeliverAid);
  const act = useQueueAction(refetch, RECORD_MESSAGES);
  const rows = (data?.aidApplications?.edges ?? []).map((e) => e.node);
  return (
    <Card
      title="金秋助学"
      extra={<Segmented value={state} onChange={(v) => { setState(v as AidState); pager.reset(); }} options={QUEUES.map((q) => ({ value: q.state, label: q.label }))} data-testid="aid-queue" />}
    >
      <Typography.Paragraph type="secondary">
        流程：会员申请 → 企业工会审核 → 区县工会审批 → 发放。每一步只有负责的单位能办；其他单位在这里能看到进度。
      </Typography.Paragraph>
      <ListTable
        query={query}
        rows={rows}
        empty="这一步没有待办的申请"
        scroll={{ x: 960 }}
        columns={[
          {
            title: '会员（子女）',
            width: 160,
            render: (_: unknown, a) => (
              <>
                <div>{a.member.name}</div>
                <Typography.Text type="secondary">{a.childId ? `子女 ${a.member.children.find((c) => c.id === a.childId)?.name ?? '—'}` : '本人'}</Typography.Text>
                {a.case && <div data-testid="aid-case"><Typography.Text type="secondary">来源诉求 {a.case.number}</Typography.Text></div>}
              </>
            ),
          },
          { title: '所在工会', dataIndex: ['org', 'name'], ellipsis: true },
          { title: '项目', dataIndex: ['programme', 'name'], ellipsis: true, width: 130 },
          { title: '金额', width: 110, render: (_: unknown, a) => formatYuan(a.amountCents ?? a.programme?.amountCents) },
          { title: '申请日期', dataIndex: 'createdAt', width: 110, render: formatDate },
          {
            title: '状态',
            width: 140,
            render: (_: unknown, a) => (
              <>
                <Tag color={AID_STATE_COLOR[a.state]}>{aidStateLabel(a.kind, a.state)}</Tag>
                {a.rejectReason && <div><Typography.Text type="secondary">原因：{a.rejectReason}</Typography.Text></div>}
              </>
            ),
          },
          {
            title: '办理',
            width: 200,
            fixed: 'right' as const,
            render: (_: unknown, a) => {
              const steps = a.allowedSteps;
              if (!steps.length) return <Typography.Text type="secondary">{waitingFor(a)}</Typography.Text>;
              const who = `${a.member.name}的申请`;
              return (
                <Space wrap data-testid={`aid-actions-${a.id}`}>
                  {steps.includes('CHECK') && (
                    <>
                      <Button type="primary" size="small" onClick={() => void act(check({ variables: { id: a.id, approve: true }, errorPolicy: 'none' }), `${AID_STEP.CHECK}通过，已报区县审批`)}>审核通过</Button>
                      <ReasonButton text="审核不通过" title={`${who}：审核不通过`} onConfirm={(reason) => act(check({ variables: { id: a.id, approve: false, note: reason }, errorPolicy: 'none' }), '已退回申请')} />
                    </>
                  )}
                  {steps.includes('REVIEW') && (
                    <>
                      <Button type="primary" size="small" onClick={() => void act(review({ variables: { id: a.id, award: true }, errorPolicy: 'none' }), '已批准，等待发放')}>批准</Button>
                      <ReasonButton text="不批准" title={`${who}：不批准`} onConfirm={(reason) => act(review({ variables: { id: a.id, award: false, reason }, errorPolicy: 'none' }), '已退回申请')} />
                    </>
                  )}
                  {steps.includes('DELIVER') && (
                    <Button type="primary" size="small" onClick={() => void act(deliver({ variables: { id: a.id }, errorPolicy: 'none' }), '已登记发放')}>确认已发放</Button>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      <Pager pager={pager} pageInfo={data?.aidApplications?.pageInfo} />
    </Card>
  );
}
