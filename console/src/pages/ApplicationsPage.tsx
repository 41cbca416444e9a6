import { useMutation, useQuery } from '@apollo/client';
import { Button, Card, Space, Table } from 'antd';
import { ApproveApplication, Applications, RejectApplication } from '../members/operations';
import { ReasonButton } from '../members/ReasonButton';
import { ErrorState } from '../ui/States';
import { useQueueAction } from '../ui/useQueueAction';
import { EMPLOYMENT_TYPE, GENDER, label } from '../ui/labels';
import { formatDateTime } from '../ui/time';

/** 入会申请: scan-to-join applications waiting for this union's staff. */
export default function ApplicationsPage() {
  const { data, loading, error, refetch } = useQuery(Applications, { variables: { status: 'PENDING' } });
  const [approve] = useMutation(ApproveApplication);
  const [reject] = useMutation(RejectApplication);
  const act = useQueueAction(refetch);
  return (
    <Card title="入会申请（待审核）">
      {error && !data && <ErrorState error={error} retry={() => void refetch()} />}
      <Table rowKey="id" loading={loading} pagination={false} dataSource={(data?.joinApplications?.edges ?? []).map((e) => e.node)} locale={{ emptyText: '没有待审核的申请' }}
        columns={[
          { title: '姓名', dataIndex: 'name' },
          { title: '性别', dataIndex: 'gender', render: (g: string) => label(GENDER, g), width: 70 },
          { title: '手机号', dataIndex: 'phone', width: 140 },
          { title: '就业形态', dataIndex: 'employmentType', render: (t: string) => label(EMPLOYMENT_TYPE, t) },
          { title: '申请加入', dataIndex: ['org', 'name'] },
          { title: '申请时间', dataIndex: 'createdAt', render: formatDateTime, width: 160 },
          { title: '', width: 160, render: (_: unknown, a) => (
            <Space>
              <Button type="primary" size="small" onClick={() => void act(approve({ variables: { id: a.id }, errorPolicy: 'none' }), `已同意 ${a.name} 入会`)}>同意</Button>
              <ReasonButton text="不同意" title={`不同意 ${a.name} 的入会申请`} onConfirm={(reason) => act(reject({ variables: { id: a.id, reason }, errorPolicy: 'none' }), '已退回申请')} />
            </Space>
          ) },
        ]} />
    </Card>
  );
}
