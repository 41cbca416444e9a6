import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { Alert, Button, Card, Space, Table } from 'antd';
import { DeadLetters, RetryNotifications } from '../notifications/operations';
import { ErrorState } from '../ui/States';
import { useQueueAction } from '../ui/useQueueAction';
import { formatDateTime } from '../ui/time';
import { failureWords } from '../notifications/words';

/**
 * 通知未送达: notifications to workers in your area that the SMS or WeChat channel gave up on.
 * The worker still has each in the app; staff see who was not reached, why, and send again.
 */
export default function NotificationFailuresPage() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, loading, error, refetch } = useQuery(DeadLetters, { variables: { after: cursors[cursors.length - 1] }, fetchPolicy: 'cache-and-network' });
  const rows = (data?.notificationDeadLetters?.edges ?? []).map((e) => e.node);
  const pageInfo = data?.notificationDeadLetters?.pageInfo;
  const [retry] = useMutation(RetryNotifications);
  const act = useQueueAction(refetch);
  const again = (ids: string[]) => act(retry({ variables: { ids }, errorPolicy: 'none' }), '已重新排队发送');
  return (
    <Card
      title="通知未送达"
      extra={rows.length > 0 && <Button onClick={() => void again(rows.map((r) => r.id))}>本页全部重新发送</Button>}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        message="这些通知经短信或微信多次发送都没有成功。职工在“连心桥”手机页面里仍能看到；请核实联系方式后重新发送，或电话告知本人。"
      />
      {error && !data && <ErrorState error={error} retry={() => void refetch()} />}
      <Table
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: '没有未送达的通知' }}
        columns={[
          { title: '职工', width: 110, onCell: () => ({ style: { whiteSpace: 'nowrap' } }), render: (_: unknown, r) => r.member?.name ?? '入会申请人' },
          { title: '所在工会', dataIndex: ['org', 'name'] },
          { title: '通知', dataIndex: 'title', onCell: () => ({ style: { whiteSpace: 'nowrap' } }) },
          { title: '时间', dataIndex: 'createdAt', render: formatDateTime, width: 160 },
          { title: '发送次数', dataIndex: 'attempts', width: 90 },
          { title: '最后一次的结果', dataIndex: 'lastError', render: (e: string | null) => <span title={e ?? ''}>{failureWords(e)}</span> },
          { title: '', width: 110, render: (_: unknown, r) => <Button size="small" type="primary" onClick={() => void again([r.id])}>重新发送</Button> },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length < 2} onClick={() => setCursors(cursors.slice(0, -1))}>上一页</Button>
        <Button disabled={!pageInfo?.hasNextPage} onClick={() => pageInfo?.endCursor && setCursors([...cursors, pageInfo.endCursor])}>下一页</Button>
      </Space>
    </Card>
  );
}
