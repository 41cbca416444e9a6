import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { Button, Card, Segmented, Space, Table } from 'antd';
import { AcceptTransfer, ReturnTransfer, Transfers } from '../members/operations';
import { ReasonButton } from '../members/ReasonButton';
import { ErrorState } from '../ui/States';
import { useQueueAction } from '../ui/useQueueAction';
import { TRANSFER_STATUS, label } from '../ui/labels';
import { formatDateTime } from '../ui/time';

/** 会籍接转: members moving in (accept or return) and out. */
export default function TransfersPage() {
  const [direction, setDirection] = useState<'IN' | 'OUT'>('IN');
  // One cursor per page seen, so 上一页 goes back without the API paging backwards.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, loading, error, refetch } = useQuery(Transfers, { variables: { direction, after: cursors[cursors.length - 1] } });
  const rows = (data?.transfers?.edges ?? []).map((e) => e.node);
  const pageInfo = data?.transfers?.pageInfo;
  const [accept] = useMutation(AcceptTransfer);
  const [ret] = useMutation(ReturnTransfer);
  const act = useQueueAction(refetch);
  return (
    <Card title="会籍接转" extra={<Segmented value={direction} onChange={(v) => { setDirection(v as 'IN' | 'OUT'); setCursors([null]); }} options={[{ value: 'IN', label: '转入本辖区' }, { value: 'OUT', label: '转出' }]} />}>
      {error && !data && <ErrorState error={error} retry={() => void refetch()} />}
      <Table rowKey="id" loading={loading} pagination={false} dataSource={rows} locale={{ emptyText: '没有接转申请' }}
        columns={[
          { title: '会员', dataIndex: 'memberName' },
          { title: '转出单位', dataIndex: ['fromOrg', 'name'] },
          { title: '转入单位', dataIndex: ['toOrg', 'name'] },
          { title: '原因', dataIndex: 'reason' },
          { title: '申请时间', dataIndex: 'requestedAt', render: formatDateTime, width: 160 },
          { title: '状态', dataIndex: 'status', render: (s: string, t) => `${label(TRANSFER_STATUS, s)}${t.returnReason ? `（${t.returnReason}）` : ''}` },
          { title: '', width: 160, render: (_: unknown, t) => direction === 'IN' && t.status === 'REQUESTED' ? (
            <Space>
              <Button type="primary" size="small" onClick={() => void act(accept({ variables: { id: t.id }, errorPolicy: 'none' }), '已接收')}>接收</Button>
              <ReasonButton text="退回" title={`退回 ${t.memberName} 的接转`} onConfirm={(reason) => act(ret({ variables: { id: t.id, reason }, errorPolicy: 'none' }), '已退回')} />
            </Space>
          ) : null },
        ]} />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>上一页</Button>
        <Button disabled={!pageInfo?.hasNextPage} onClick={() => setCursors([...cursors, pageInfo?.endCursor ?? null])}>下一页</Button>
      </Space>
    </Card>
  );
}
