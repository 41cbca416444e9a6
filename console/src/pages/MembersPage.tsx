import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { Button, Card, Input, Select, Space, Table } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { MemberSearch } from '../members/operations';
import { memberSearchFilter } from '../members/search';
import type { MembershipStatus } from '../gql/graphql';
import { ErrorState } from '../ui/States';
import { EMPLOYMENT_TYPE, GENDER, MEMBERSHIP_STATUS, label } from '../ui/labels';

/** 会员: search the subtree by the start of a name, or look a worker up by full phone or ID number; filter by status. */
export default function MembersPage() {
  const navigate = useNavigate();
  // Held in state only: what the counter typed (maybe an ID number) never goes into the URL.
  const [typed, setTyped] = useState('');
  const [status, setStatus] = useState<MembershipStatus>();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const { data, loading, error, refetch } = useQuery(MemberSearch, { variables: { filter: { ...memberSearchFilter(typed), status }, after: cursors[cursors.length - 1] } });
  const pageInfo = data?.members?.pageInfo;
  return (
    <Card title="会员" extra={<Space><Link to="/members/enrol"><Button type="primary">录入会员</Button></Link></Space>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search placeholder="姓名（开头的字）、完整手机号或身份证号" allowClear style={{ width: 340 }} onSearch={(v) => { setTyped(v); setCursors([null]); }} data-testid="member-search" />
        <Select allowClear placeholder="会籍状态" style={{ width: 130 }} value={status} onChange={(v) => { setStatus(v); setCursors([null]); }} options={Object.entries(MEMBERSHIP_STATUS).map(([value, l]) => ({ value, label: l }))} />
      </Space>
      {error && !data && <ErrorState error={error} retry={() => void refetch()} />}
      <Table
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={(data?.members?.edges ?? []).map((e) => e.node)}
        locale={{ emptyText: '没有找到会员' }}
        onRow={(m) => ({ onClick: () => navigate(`/members/${m.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '姓名', dataIndex: 'name', render: (n: string) => <a>{n}</a> },
          { title: '性别', dataIndex: 'gender', width: 70, render: (g: string) => label(GENDER, g) },
          { title: '手机号', dataIndex: 'phone', width: 140 },
          { title: '就业形态', dataIndex: 'employmentType', width: 120, render: (t: string) => label(EMPLOYMENT_TYPE, t) },
          { title: '会籍', dataIndex: 'status', width: 100, render: (s: string) => label(MEMBERSHIP_STATUS, s) },
          { title: '所在工会', dataIndex: ['org', 'name'], ellipsis: true },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>上一页</Button>
        <Button disabled={!pageInfo?.hasNextPage} onClick={() => setCursors([...cursors, pageInfo?.endCursor ?? null])}>下一页</Button>
      </Space>
    </Card>
  );
}
