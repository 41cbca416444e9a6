import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { Card, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { CaseState } from '../gql/graphql';
import { CaseActions } from '../cases/CaseActions';
import { CASE_STATE_COLOR, label } from '../ui/labels';
import { ErrorState } from '../ui/States';
import { formatDateTime } from '../ui/time';
import { BOARD_STATES } from './figures';
import { MenuOrders } from './operations';

const STATE_WORD = Object.fromEntries(BOARD_STATES.map((s) => [s.key, s.label]));
/** On the board a 部室 takes an order, settles it and the union signs it off; the rest is on the case's own page. */
const BOARD_ACTIONS = ['ACCEPT', 'RESOLVE', 'SIGN_OFF'];
/** The Funing words for the steps: 部室接单, 办结, 县总签单. */
const WORDS = { ACCEPT: '接单', RESOLVE: '办结', SIGN_OFF: '签单' };

/** 部室接单、县总签单: a menu's orders by state and by the 部室 that took them, with the next step as a button. */
export function OrdersBoard({ menuId, departments, onChanged }: { menuId: string; departments: { id: string; name: string }[]; onChanged: () => void }) {
  const [state, setState] = useState<string>('ALL');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const { data, loading, error, refetch } = useQuery(MenuOrders, {
    variables: { menuId, state: state === 'ALL' ? undefined : (state as CaseState), departmentId },
    fetchPolicy: 'cache-and-network',
  });
  const names = new Map(departments.map((d) => [d.id, d.name]));
  const orders = (data?.menuOrders?.edges ?? []).map((e) => e.node);
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  return (
    <Card size="small" title="接单签单" extra={<Typography.Text type="secondary">职工点单 → 部室接单 → 办结 → 县总签单 → 职工评价销账</Typography.Text>}>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={state} onChange={(v) => setState(String(v))} options={[{ value: 'ALL', label: '全部' }, ...BOARD_STATES.map((s) => ({ value: s.key, label: s.label }))]} data-testid="board-state" />
        <Select allowClear placeholder="全部部室" style={{ width: 180 }} value={departmentId} onChange={setDepartmentId} options={departments.map((d) => ({ value: d.id, label: d.name }))} data-testid="board-department" />
      </Space>
      <Table size="small" rowKey="id" loading={loading} dataSource={orders} pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }} data-testid="orders-board"
        locale={{ emptyText: '没有这样的点单' }}
        columns={[
          { title: '单号', width: 170, render: (_, o) => (o.case ? <Link to={`/cases/${o.case.id}`}>{o.case.number}</Link> : '—') },
          { title: '服务项目', render: (_, o) => o.item?.title ?? '—' },
          { title: '职工', width: 90, render: (_, o) => o.case?.member?.name ?? '—' },
          { title: '点单时间', width: 150, render: (_, o) => formatDateTime(o.orderedAt as string) },
          { title: '状态', width: 100, render: (_, o) => (o.case ? <Tag color={CASE_STATE_COLOR[o.case.state]}>{label(STATE_WORD, o.case.state)}</Tag> : '—') },
          { title: '承办部室', width: 150, render: (_, o) => (o.case?.responsibleDepartmentId ? names.get(o.case.responsibleDepartmentId) ?? o.case.responsible : '—') },
          {
            title: '操作', width: 220,
            render: (_, o) => o.case && o.case.allowedActions.some((a) => BOARD_ACTIONS.includes(a))
              ? <CaseActions allowed={o.case.allowedActions.filter((a) => BOARD_ACTIONS.includes(a))} caseId={o.case.id} version={o.case.version} handlingOrgId={o.case.handlingOrg.id} onReload={() => { void refetch(); onChanged(); }} words={WORDS} />
              : null,
          },
        ]}
      />
    </Card>
  );
}
