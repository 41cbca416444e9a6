import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { Button, Card, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CaseBoard } from '../cases/operations';
import { CaseDrawer } from '../cases/CaseDrawer';
import { Deadline } from '../cases/Deadline';
import { useRootOrg } from '../orgs/useRootOrg';
import { OrgPicker } from '../ui/OrgPicker';
import { ErrorState } from '../ui/States';
import { CASE_CHANNEL, CASE_KIND, CASE_STATE, CASE_STATE_COLOR, URGENCY, URGENCY_COLOR, label } from '../ui/labels';
import { formatDateTime } from '../ui/time';
import { ExportButton } from '../office/ExportButton';
import { toCaseFilter, type BoardFilters as Filters, type Desk } from '../cases/filters';

const PAGE = 20;
const opts = (m: Record<string, string>) => Object.entries(m).map(([value, l]) => ({ value, label: l }));

/** 诉求: the subtree's cases, filtered and paged by cursor; a case opens in a drawer at /cases/:id. */
export default function CasesPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const root = useRootOrg();
  const [f, setF] = useState<Filters>({});
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length - 1;
  const filter = toCaseFilter(f);
  const { data, loading, error, refetch } = useQuery(CaseBoard, { variables: { filter, first: PAGE, after: cursors[page] } });
  const set = (patch: Filters) => {
    setF({ ...f, ...patch });
    setCursors([null]);
  };
  const rows = (data?.cases?.edges ?? []).map((e) => e.node);
  const pageInfo = data?.cases?.pageInfo;
  return (
    <Card title="诉求" extra={<Space><ExportButton what={{ cases: filter }} label="导出台账" /><Link to="/cases/new"><Button type="primary">登记诉求</Button></Link></Space>}>
      <Radio.Group
        style={{ marginBottom: 12 }}
        optionType="button"
        value={f.desk ?? 'all'}
        onChange={(e) => set({ desk: e.target.value as Desk })}
        options={[
          { value: 'all', label: '辖区全部' },
          { value: 'mine', label: '待我处理' },
          { value: 'here', label: '本单位办理' },
        ]}
        data-testid="filter-desk"
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear placeholder="状态" style={{ width: 140 }} options={opts(CASE_STATE)} value={f.state} onChange={(v) => set({ state: v })} data-testid="filter-state" />
        <Select allowClear placeholder="类别" style={{ width: 130 }} options={opts(CASE_KIND)} value={f.kind} onChange={(v) => set({ kind: v })} />
        <Select allowClear placeholder="渠道" style={{ width: 130 }} options={opts(CASE_CHANNEL)} value={f.channel} onChange={(v) => set({ channel: v })} />
        <Select allowClear placeholder="紧急程度" style={{ width: 110 }} options={opts(URGENCY)} value={f.urgency} onChange={(v) => set({ urgency: v })} />
        <Select allowClear placeholder="是否超期" style={{ width: 110 }} options={[{ value: 'y', label: '已超期' }, { value: 'n', label: '未超期' }]} value={f.overdue === undefined ? undefined : f.overdue ? 'y' : 'n'} onChange={(v) => set({ overdue: v === undefined ? undefined : v === 'y' })} />
        <Select allowClear placeholder="是否督办" style={{ width: 110 }} options={[{ value: 'y', label: '督办件' }, { value: 'n', label: '非督办' }]} value={f.supervised === undefined ? undefined : f.supervised ? 'y' : 'n'} onChange={(v) => set({ supervised: v === undefined ? undefined : v === 'y' })} />
        <OrgPicker under={root.id} value={f.orgId} onChange={(v) => set({ orgId: v })} placeholder="单位（本辖区内）" />
      </Space>
      {error && !data && <ErrorState error={error} retry={() => void refetch()} />}
      <Table
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: loading ? '正在加载…' : '没有符合条件的诉求' }}
        onRow={(c) => ({ onClick: () => navigate(`/cases/${c.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '编号', dataIndex: 'number', width: 150, render: (n: string) => <Typography.Link>{n}</Typography.Link> },
          { title: '类别', dataIndex: 'kind', width: 100, render: (k: string) => label(CASE_KIND, k) },
          { title: '渠道', dataIndex: 'channel', width: 110, render: (k: string) => label(CASE_CHANNEL, k) },
          { title: '紧急', dataIndex: 'urgency', width: 70, render: (u: string) => <Tag color={URGENCY_COLOR[u]}>{label(URGENCY, u)}</Tag> },
          { title: '状态', dataIndex: 'state', width: 130, render: (s: string, c) => <><Tag color={CASE_STATE_COLOR[s]}>{label(CASE_STATE, s)}</Tag>{c.supervised && <Tag color="red">督办</Tag>}</> },
          { title: '承办单位', dataIndex: ['handlingOrg', 'name'], ellipsis: true },
          { title: '登记时间', dataIndex: 'raisedAt', width: 150, render: formatDateTime },
          { title: '剩余时限', dataIndex: 'dueAt', width: 140, render: (d: string, c) => <Deadline dueAt={d} state={c.state} overdue={c.overdue} /> },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={page === 0} onClick={() => setCursors(cursors.slice(0, -1))}>上一页</Button>
        <span>第 {page + 1} 页</span>
        <Button disabled={!pageInfo?.hasNextPage} onClick={() => setCursors([...cursors, pageInfo?.endCursor ?? null])}>下一页</Button>
      </Space>
      {id && <CaseDrawer id={id} under={root.id} onClose={() => { navigate('/cases'); void refetch(); }} />}
    </Card>
  );
}
