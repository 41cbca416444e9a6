import { useMemo, useState } from 'react';
import { useQuery } from '@apollo/client';
import { Alert, Button, Calendar, Card, Col, Descriptions, Drawer, List, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router-dom';
import { useSession } from '../auth/SessionContext';
import { useRootOrg } from '../orgs/useRootOrg';
import { Chart } from '../ui/Chart';
import { CASE_KIND, CASE_STATE, CASE_STATE_COLOR, label } from '../ui/labels';
import { ErrorState, Loading, Nothing } from '../ui/States';
import { dayOf, percent } from '../ui/time';
import { calendarDays, daySummary, unionsOption, VISIT_FORMAT, WEEKDAY, type DayEntry } from '../visits/calendar';
import { VisitMonth, VisitOrg } from '../visits/operations';
import { AddProblem } from '../visits/AddProblem';
import { ScheduleForm } from '../visits/ScheduleForm';
import { VisitForm } from '../visits/VisitForm';

const STATUS: Record<DayEntry['status'], { color: string; word: string }> = {
  held: { color: 'green', word: '已开展' },
  missed: { color: 'red', word: '未开展' },
  planned: { color: 'blue', word: '计划' },
};

/**
 * 工会主席陪伴日: the month's calendar of scheduled and held visit days in the caller's
 * subtree, the 民意日记 entries with the problems they raised, and the figures. An enterprise
 * union's own staff set its visit day and write the diary here.
 */
export default function VisitsPage() {
  const root = useRootOrg();
  const { claims } = useSession();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? dayOf().slice(0, 7);
  const from = `${month}-01`;
  const to = dayjs(from).endOf('month').format('YYYY-MM-DD');
  const today = dayOf();
  const { data, loading, error, refetch } = useQuery(VisitMonth, { variables: { orgId: root.id, from, to }, skip: !root.id, fetchPolicy: 'cache-and-network' });
  const own = useQuery(VisitOrg, { variables: { id: claims.org ?? '' }, skip: !claims.org });
  const [openVisit, setOpenVisit] = useState<string | null>(null);
  const [writing, setWriting] = useState(false);
  const [scheduling, setScheduling] = useState(false);

  const schedules = useMemo(() => (data?.chairVisitDays?.edges ?? []).map((e) => e.node), [data]);
  const visits = useMemo(() => (data?.chairVisits?.edges ?? []).map((e) => e.node), [data]);
  const days = useMemo(() => calendarDays(schedules, visits, today), [schedules, visits, today]);
  const names = useMemo(() => new Map([...schedules.map((s) => [s.org.id, s.org.name ?? '—'] as const), ...visits.map((v) => [v.org.id, v.org.name ?? '—'] as const)]), [schedules, visits]);
  const fig = data?.chairVisitFigures;
  const chart = useMemo(() => (fig && fig.byOrg.length > 1 ? unionsOption(fig.byOrg, names) : null), [fig, names]);

  if (!root.id || (loading && !data)) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;

  // The caller's own enterprise union keeps the diary; higher unions read it.
  const mine = schedules.find((s) => s.org.id === claims.org) ?? null;
  const isEnterprise = own.data?.org?.level === 'ENTERPRISE';
  const visit = visits.find((v) => v.id === openVisit) ?? null;
  // An enterprise union's own calendar needs no names on it; a higher union's does.
  const soleUnion = !!mine && schedules.length === 1;
  const cards: [string, string | number, string][] = fig
    ? [
        ['应开展（次）', fig.scheduled, 'scheduled'],
        ['已开展（次）', fig.held, 'held'],
        ['开展率', percent(fig.heldRate), 'heldRate'],
        ['参与职工（人次）', fig.attendance, 'attendance'],
        ['收集问题（件）', fig.problemsRaised, 'problemsRaised'],
        ['已解决（件）', fig.resolved, 'resolved'],
        ['解决率', percent(fig.resolutionRate), 'resolutionRate'],
      ]
    : [];

  const cell = (d: Dayjs) => {
    const list = days.get(d.format('YYYY-MM-DD'));
    if (!list?.length || d.format('YYYY-MM') !== month) return null;
    // A busy day (a district's) is summed up; of its unions only those that missed the day are named, which is what a higher union follows up.
    const shown = list.length > 3 ? list.filter((e) => e.status === 'missed').slice(0, 2) : list;
    return (
      <div data-testid={`day-${d.format('YYYY-MM-DD')}`}>
        {list.length > 3 && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{daySummary(list)}</Typography.Text>}
        {shown.map((e) => (
          <Tag key={`${e.orgId}-${e.status}`} color={STATUS[e.status].color} style={{ display: 'block', marginBottom: 2, whiteSpace: 'normal', cursor: e.visitId ? 'pointer' : undefined }}
            onClick={(ev) => { ev.stopPropagation(); if (e.visitId) setOpenVisit(e.visitId); }}>
            {STATUS[e.status].word}{soleUnion ? '' : ` ${e.name}`}{e.status === 'held' ? ` ${e.attendance}人${e.problems ? `·问题${e.problems}` : ''}` : ''}
          </Tag>
        ))}
      </div>
    );
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>工会主席陪伴日 · {month.replace('-', ' 年 ')} 月</Typography.Title>
        <Space wrap>
          {mine && <Typography.Text type="secondary" data-testid="my-schedule">每{WEEKDAY[mine.weekday ?? 0] || '（按日期）'}陪伴 · 主席 {mine.chair}</Typography.Text>}
          {isEnterprise && <Button onClick={() => setScheduling(true)}>{mine ? '调整陪伴日' : '设置陪伴日'}</Button>}
          {mine && <Button type="primary" onClick={() => setWriting(true)}>记民意日记</Button>}
        </Space>
      </Space>
      {isEnterprise && !mine && <Alert type="info" showIcon message="本单位还没有设置陪伴日。百人以上企业的工会主席每周安排一天深入一线，先设置每周哪一天。" />}

      {fig && (
        <Row gutter={[16, 16]}>
          {cards.map(([title, value, key]) => (
            <Col key={key} flex="1 1 140px">
              <Card size="small"><Statistic title={title} value={value} /><span hidden data-testid={`visit-fig-${key}`}>{value}</span></Card>
            </Col>
          ))}
        </Row>
      )}

      <Card size="small" title="陪伴日历" extra={<Typography.Text type="secondary">绿色已开展，红色到期未开展，蓝色计划中；点绿色看日记</Typography.Text>}>
        <Calendar
          value={dayjs(month === today.slice(0, 7) ? today : from)}
          validRange={[dayjs('2020-01-01'), dayjs(today).endOf('year')]}
          onPanelChange={(d) => setParams({ month: d.format('YYYY-MM') })}
          onSelect={(d, info) => info.source !== 'date' && setParams({ month: d.format('YYYY-MM') })}
          cellRender={(d, info) => (info.type === 'date' ? cell(d) : null)}
        />
      </Card>

      {chart && (
        <Card size="small" title="各单位开展情况（落后的在前）">
          <Chart option={chart} height={340} testId="visit-chart" />
        </Card>
      )}

      <Card size="small" title="民意日记">
        {visits.length ? (
          <Table size="small" rowKey="id" pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }} dataSource={visits} data-testid="diary"
            onRow={(v) => ({ onClick: () => setOpenVisit(v.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: '日期', dataIndex: 'visitedOn', width: 110 },
              { title: '单位', render: (_, v) => v.org.name ?? '—' },
              { title: '主席', dataIndex: 'chair', width: 90 },
              { title: '形式', dataIndex: 'format', width: 80, render: (f: string) => label(VISIT_FORMAT, f) },
              { title: '参与', dataIndex: 'attendance', width: 80, render: (n: number) => `${n} 人` },
              { title: '问题', width: 80, render: (_, v) => `${v.cases.length} 件` },
              { title: '日记', dataIndex: 'notes', ellipsis: true },
            ]}
          />
        ) : (
          <Nothing text="这个月还没有陪伴日记" />
        )}
      </Card>

      <Drawer open={!!visit} width={640} onClose={() => setOpenVisit(null)} title={visit ? `民意日记 · ${visit.visitedOn}` : ''} data-testid="visit-drawer"
        extra={visit && visit.org.id === claims.org ? <AddProblem visitId={visit.id} onSaved={() => void refetch()} /> : null}>
        {visit && (
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Descriptions column={2} size="small" bordered>
              <Descriptions.Item label="单位" span={2}>{visit.org.name}</Descriptions.Item>
              <Descriptions.Item label="工会主席">{visit.chair}</Descriptions.Item>
              <Descriptions.Item label="形式">{label(VISIT_FORMAT, visit.format)}</Descriptions.Item>
              <Descriptions.Item label="参与职工">{visit.attendance} 人</Descriptions.Item>
              <Descriptions.Item label="收集问题">{visit.cases.length} 件</Descriptions.Item>
              <Descriptions.Item label="日记内容" span={2}><Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{visit.notes}</Typography.Paragraph></Descriptions.Item>
            </Descriptions>
            <List
              header={<b>问题台账（挂号 → 督办 → 销账）</b>}
              dataSource={visit.cases}
              locale={{ emptyText: '这次陪伴没有登记问题' }}
              renderItem={(c) => (
                <List.Item actions={[<Link key="go" to={`/cases/${c.id}`}>去办理</Link>]}>
                  <List.Item.Meta title={<Space>{c.number}<Tag>{label(CASE_KIND, c.kind)}</Tag><Tag color={CASE_STATE_COLOR[c.state]}>{label(CASE_STATE, c.state)}</Tag></Space>} description={c.description} />
                </List.Item>
              )}
            />
          </Space>
        )}
      </Drawer>

      {claims.org && mine && (
        <VisitForm orgId={claims.org} chair={mine.chair} open={writing} onClose={() => setWriting(false)} onSaved={() => { setWriting(false); void refetch(); }} />
      )}
      {claims.org && isEnterprise && (
        <ScheduleForm orgId={claims.org} current={mine} open={scheduling} onClose={() => setScheduling(false)} onSaved={() => { setScheduling(false); void refetch(); }} />
      )}
    </Space>
  );
}
