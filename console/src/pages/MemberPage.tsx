import { useState } from 'react';
import { useLazyQuery, useQuery } from '@apollo/client';
import { App, Button, Card, Descriptions, Space, Table, Tag } from 'antd';
import { useParams } from 'react-router-dom';
import { MemberDetail, RevealMember } from '../members/operations';
import { HardshipCard } from '../members/HardshipCard';
import { useStaffRights } from '../auth/useStaffSession';
import { errorMessage } from '../ui/errors';
import { ErrorState, Loading, NotFound } from '../ui/States';
import { EMPLOYMENT_TYPE, GENDER, MEMBERSHIP_STATUS, TRANSFER_STATUS, label } from '../ui/labels';
import { formatDate, formatDateTime } from '../ui/time';

export default function MemberPage() {
  const { id } = useParams();
  const rights = useStaffRights();
  const { message, modal } = App.useApp();
  const { data, loading, error, refetch } = useQuery(MemberDetail, { variables: { id: id! } });
  const [reveal, revealed] = useLazyQuery(RevealMember, { fetchPolicy: 'network-only' });
  const [shown, setShown] = useState(false);
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  const m = data?.member;
  if (!m) return <NotFound what="会员" />;
  const full = shown ? revealed.data?.member : undefined;
  const ask = () =>
    modal.confirm({
      title: '查看完整身份证号和手机号',
      content: '这次查看会以您的名义记入审计日志。仅在办事确有需要时查看。',
      okText: '确认查看',
      cancelText: '取消',
      onOk: async () => {
        const r = await reveal({ variables: { id: m.id } });
        if (r.error || !r.data?.member) message.error(errorMessage(r.error));
        else setShown(true);
      },
    });
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={`会员 ${m.name}`} extra={(rights.isAdmin || rights.perms.includes('pii:read')) && !shown ? <Button onClick={ask} data-testid="reveal">显示完整号码</Button> : null}>
        <Descriptions column={2} bordered size="small">
          <Descriptions.Item label="姓名">{m.name}</Descriptions.Item>
          <Descriptions.Item label="性别">{label(GENDER, m.gender)}</Descriptions.Item>
          <Descriptions.Item label="身份证号"><span data-testid="id-number">{full?.fullIdNumber ?? m.idNumber}</span></Descriptions.Item>
          <Descriptions.Item label="手机号"><span data-testid="phone">{full?.fullPhone ?? m.phone}</span></Descriptions.Item>
          <Descriptions.Item label="出生日期">{formatDate(m.birthDate)}</Descriptions.Item>
          <Descriptions.Item label="就业形态">{label(EMPLOYMENT_TYPE, m.employmentType)}{m.modelWorker && <Tag color="gold" style={{ marginLeft: 8 }}>劳模</Tag>}</Descriptions.Item>
          <Descriptions.Item label="会籍状态">{label(MEMBERSHIP_STATUS, m.status)}{m.statusReason ? `（${m.statusReason}）` : ''}</Descriptions.Item>
          <Descriptions.Item label="所在工会">{m.org?.name ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="入会方式">{m.joinChannel === 'QR_CODE' ? '扫码入会' : '工作人员录入'}</Descriptions.Item>
          <Descriptions.Item label="入会日期">{formatDate(m.joinedOn)}</Descriptions.Item>
        </Descriptions>
        {shown && <div style={{ marginTop: 8, color: '#d46b08' }}>本次查看已记入审计日志。</div>}
      </Card>
      <HardshipCard memberId={m.id} />
      <Card title="会籍变化" size="small">
        <Table size="small" rowKey="id" pagination={false} dataSource={m.statusHistory} locale={{ emptyText: '没有记录' }}
          columns={[
            { title: '时间', dataIndex: 'at', render: formatDateTime, width: 160 },
            { title: '变化', render: (_: unknown, e) => `${e.fromStatus ? label(MEMBERSHIP_STATUS, e.fromStatus) + ' → ' : ''}${label(MEMBERSHIP_STATUS, e.toStatus)}` },
            { title: '原因', dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
          ]} />
      </Card>
      <Card title="会籍接转" size="small">
        <Table size="small" rowKey="id" pagination={false} dataSource={m.transfers} locale={{ emptyText: '没有接转记录' }}
          columns={[
            { title: '申请时间', dataIndex: 'requestedAt', render: formatDateTime, width: 160 },
            { title: '转出', dataIndex: ['fromOrg', 'name'] },
            { title: '转入', dataIndex: ['toOrg', 'name'] },
            { title: '状态', dataIndex: 'status', render: (s: string) => label(TRANSFER_STATUS, s) },
            { title: '原因', dataIndex: 'reason' },
          ]} />
      </Card>
    </Space>
  );
}
