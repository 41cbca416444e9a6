import { useEffect, useMemo, useState } from 'react';
import { useApolloClient, useQuery } from '@apollo/client';
import { Breadcrumb, Card, Col, DatePicker, Row, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { DashboardQuery, TrendMonth } from '../dashboard/operations';
import { childRatesOption, kindMixOption, trendOption, type MonthPoint } from '../dashboard/chart-options';
import { openCount } from '../dashboard/figures';
import { useRootOrg } from '../orgs/useRootOrg';
import { Chart } from '../ui/Chart';
import { ExportButton } from '../office/ExportButton';
import { ErrorState, Loading, NotFound, Nothing } from '../ui/States';
import { monthOf, monthsEnding, percent } from '../ui/time';

/** 工作台: the caller's subtree (or a child they drilled into) over a period of months. */
export default function DashboardPage() {
  const root = useRootOrg();
  const client = useApolloClient();
  const [params, setParams] = useSearchParams();
  const orgId = params.get('org') ?? root.id;
  const thisMonth = monthOf(new Date());
  const from = params.get('from') ?? monthsEnding(thisMonth, 12)[0];
  const to = params.get('to') ?? thisMonth;
  const { data, loading, error, refetch } = useQuery(DashboardQuery, { variables: { orgId: orgId!, from, to }, skip: !orgId });
  const [trend, setTrend] = useState<MonthPoint[] | null>(null);
  useEffect(() => {
    if (!orgId) return;
    const months = monthsEnding(to, Math.min(12, dayjs(to).diff(dayjs(from), 'month') + 1));
    setTrend(null);
    void Promise.all(months.map((m) => client.query({ query: TrendMonth, variables: { orgId, month: m } }).then((r) => ({ month: m, total: r.data?.caseFigures?.total ?? 0, resolved: r.data?.caseFigures?.resolved ?? 0, overdue: r.data?.caseFigures?.overdue ?? 0 })))).then(setTrend);
  }, [client, orgId, from, to]);
  const org = data?.org;
  const fig = data?.caseFigures;
  const rows = useMemo(() => (org?.children ?? []).map((c) => ({ orgId: c.id, name: c.name ?? '—', total: c.caseStats?.total ?? 0, resolutionRate: c.caseStats?.resolutionRate ?? null, closureRate: c.caseStats?.closureRate ?? null, onTimeRate: c.caseStats?.onTimeRate ?? null, satisfactionRate: c.caseStats?.satisfactionRate ?? null })), [org]);
  const barOption = useMemo(() => childRatesOption(rows), [rows]);
  const drill = (id: string) => setParams({ org: id, from, to });
  const onBar = useMemo(() => (i: number) => rows[i] && drill(rows[i].orgId), [rows]);
  if (!orgId || (loading && !data)) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  if (!org || !fig) return <NotFound what="单位" />;
  const crumbs = [...org.ancestors, { id: org.id, name: org.name }];
  const start = crumbs.findIndex((c) => c.id === root.id);
  const cards: [string, string | number, string][] = [
    ['在办', openCount(fig.byState), 'open'],
    ['超期', fig.overdue, 'overdue'],
    ['督办', fig.supervised, 'supervised'],
    ['办结率', percent(fig.resolutionRate), 'resolutionRate'],
    ['关闭率', percent(fig.closureRate), 'closureRate'],
    ['按时办结率', percent(fig.onTimeRate), 'onTimeRate'],
    ['满意率', percent(fig.satisfactionRate), 'satisfactionRate'],
  ];
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Breadcrumb data-testid="org-path" items={crumbs.slice(Math.max(start, 0)).map((c) => ({ title: c.id === org.id ? c.name : <a onClick={() => drill(c.id)}>{c.name}</a> }))} />
        <Space>
          <Typography.Text>统计期间</Typography.Text>
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={[dayjs(from), dayjs(to)] as [Dayjs, Dayjs]}
            onChange={(v) => v?.[0] && v[1] && setParams({ org: orgId, from: v[0].format('YYYY-MM'), to: v[1].format('YYYY-MM') })}
          />
          <ExportButton what={{ figures: { orgId, from, to } }} label="导出分组织统计" />
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        <Col span={24}><Typography.Title level={4} style={{ margin: 0 }}>{org.name} · {from} 至 {to} 共登记 <span data-testid="fig-total">{fig.total}</span> 件</Typography.Title></Col>
        {cards.map(([title, value, key]) => (
          <Col key={key} xs={12} md={8} xl={24 / 7 > 3 ? 3 : 3} flex="1 1 140px">
            <Card size="small"><Statistic title={title} value={value} valueStyle={key === 'overdue' && Number(value) > 0 ? { color: '#cf1322' } : undefined} /><span hidden data-testid={`fig-${key}`}>{value}</span></Card>
          </Col>
        ))}
      </Row>
      <Card title="下级单位对比（点击柱子查看下级）" size="small">
        {rows.length ? <Chart option={barOption} height={320} onClickName={onBar} testId="child-chart" /> : <Nothing text="没有下级单位" />}
        {rows.length > 0 && (
          <Table size="small" rowKey="orgId" pagination={false} dataSource={rows} style={{ marginTop: 8 }}
            columns={[
              { title: '单位', dataIndex: 'name', render: (n: string, r) => <a onClick={() => drill(r.orgId)}>{n}</a> },
              { title: '登记', dataIndex: 'total', width: 80 },
              { title: '办结率', dataIndex: 'resolutionRate', width: 90, render: percent },
              { title: '关闭率', dataIndex: 'closureRate', width: 90, render: percent },
              { title: '按时办结率', dataIndex: 'onTimeRate', width: 100, render: percent },
              { title: '满意率', dataIndex: 'satisfactionRate', width: 90, render: percent },
            ]}
          />
        )}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card title="月度走势" size="small">{trend ? <Chart option={trendOption(trend)} height={280} /> : <Loading />}</Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="诉求类别构成" size="small" extra={<Link to="/cases">去办理诉求</Link>}>
            {fig.total ? <Chart option={kindMixOption(fig.topKinds, fig.total)} height={280} /> : <Nothing text="这段时间没有诉求" />}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
