import { useMemo, useState } from 'react';
import { useQuery } from '@apollo/client';
import { Button, Card, Col, Descriptions, Progress, Row, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { CampaignDetail, CampaignList } from '../campaigns/operations';
import { AUDIENCE, behindFirst, MODE, paceRate, progressOption } from '../campaigns/progress';
import { InterviewForm } from '../campaigns/InterviewForm';
import { Chart } from '../ui/Chart';
import { CASE_KIND, CASE_STATE, CASE_STATE_COLOR, label, RATING } from '../ui/labels';
import { ErrorState, Loading, Nothing } from '../ui/States';
import { percent } from '../ui/time';

/** 大访谈: the campaigns that reach the caller's union, or one campaign's 作战图 and 题目清单. */
export default function CampaignsPage() {
  const { id } = useParams();
  return id ? <CampaignView id={id} /> : <CampaignListView />;
}

function CampaignListView() {
  const navigate = useNavigate();
  const { data, loading, error, refetch } = useQuery(CampaignList, { fetchPolicy: 'cache-and-network' });
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  const rows = (data?.interviewCampaigns?.edges ?? []).map((e) => e.node);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>大访谈</Typography.Title>
      <Card size="small">
        {rows.length ? (
          <Table size="small" rowKey="id" dataSource={rows} pagination={false} data-testid="campaigns"
            onRow={(c) => ({ onClick: () => navigate(`/campaigns/${c.id}`), style: { cursor: 'pointer' } })}
            columns={[
              { title: '名称', dataIndex: 'title', render: (t: string, c) => <Link to={`/campaigns/${c.id}`}>{t}</Link> },
              { title: '主办单位', render: (_, c) => c.org.name ?? '—' },
              { title: '时间', render: (_, c) => `${c.startsOn} 至 ${c.endsOn}` },
              { title: '目标（人次）', dataIndex: 'target', width: 120 },
              { title: '对象', width: 200, render: (_, c) => `${c.maxAge} 岁以下青年职工${c.focusNewEmployment ? '，重点新就业形态' : ''}` },
            ]}
          />
        ) : (
          <Nothing text="目前没有覆盖本单位的大访谈" />
        )}
      </Card>
    </Space>
  );
}

function CampaignView({ id }: { id: string }) {
  const [list, setList] = useState<'all' | 'satisfied' | 'open'>('all');
  const satisfied = list === 'all' ? null : list === 'satisfied';
  const { data, loading, error, refetch } = useQuery(CampaignDetail, { variables: { id, satisfied }, fetchPolicy: 'cache-and-network' });
  const [recording, setRecording] = useState(false);
  const c = data?.interviewCampaign;
  const fig = data?.campaignProgress;
  const chart = useMemo(() => (fig ? progressOption(fig.days) : null), [fig]);
  const parts = useMemo(() => behindFirst((fig?.byOrg ?? []).map((r) => ({ ...r, name: r.org.name ?? r.orgId }))), [fig]);

  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  if (!c) return <Nothing text="没有找到这次大访谈，或它不覆盖本单位" />;
  const points = c.points.edges.map((e) => e.node);
  const problems = c.problems.edges.map((e) => e.node);
  const cards: [string, string | number, string][] = fig
    ? [
        ['目标（人次）', Math.round(fig.target), 'target'],
        ['按进度应完成', Math.round(fig.expected), 'expected'],
        ['累计访谈', fig.cumulative, 'cumulative'],
        ['其中线上', fig.online, 'online'],
        ['题目清单（件）', fig.problemsRaised, 'problemsRaised'],
        ['已解决', fig.resolved, 'resolved'],
        ['满意清单（件）', fig.satisfied, 'satisfied'],
      ]
    : [];
  const rate = fig ? paceRate(fig.cumulative, fig.expected) : null;

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space direction="vertical" size={0}>
          <Typography.Title level={4} style={{ margin: 0 }}>{c.title}</Typography.Title>
          <Typography.Text type="secondary">{c.org.name} 主办 · {c.startsOn} 至 {c.endsOn} · {c.maxAge} 岁以下青年职工{c.focusNewEmployment ? '，重点新就业形态劳动者' : ''}</Typography.Text>
        </Space>
        <Space>
          <Link to="/campaigns">返回列表</Link>
          {points.length > 0 && <Button type="primary" onClick={() => setRecording(true)}>登记访谈</Button>}
        </Space>
      </Space>

      {fig && (
        <Row gutter={[16, 16]}>
          {cards.map(([title, value, key]) => (
            <Col key={key} flex="1 1 130px">
              <Card size="small"><Statistic title={title} value={value} /><span hidden data-testid={`campaign-fig-${key}`}>{value}</span></Card>
            </Col>
          ))}
        </Row>
      )}

      {fig && chart && (
        <Card size="small" title={`作战图：累计访谈对照倒排进度（${fig.from} 至 ${fig.to}）`}
          extra={<Typography.Text type={rate !== null && rate < 1 ? 'danger' : 'success'}>完成进度要求的 {percent(rate)}</Typography.Text>}>
          <Chart option={chart} height={320} testId="campaign-chart" />
        </Card>
      )}

      {fig && (
        <Card size="small" title="各单位进度（落后的在前）">
          <Table size="small" rowKey="orgId" dataSource={parts} pagination={{ pageSize: 12, hideOnSinglePage: true, showSizeChanger: false }} data-testid="parts"
            columns={[
              { title: '单位', dataIndex: 'name' },
              { title: '访谈点', dataIndex: 'points', width: 80 },
              { title: '分解目标', width: 100, render: (_, r) => Math.round(r.target) },
              { title: '应完成', width: 90, render: (_, r) => Math.round(r.expected) },
              { title: '已访谈', dataIndex: 'cumulative', width: 90 },
              { title: '其中线上', dataIndex: 'online', width: 90 },
              { title: '进度', width: 180, render: (_, r) => { const p = paceRate(r.cumulative, r.expected); return p === null ? '—' : <Progress percent={Math.round(p * 100)} size="small" status={p < 1 ? 'exception' : 'success'} format={(n) => `${n}%`} />; } },
              { title: '问题', dataIndex: 'problemsRaised', width: 70 },
              { title: '已解决', dataIndex: 'resolved', width: 80 },
              { title: '满意', dataIndex: 'satisfied', width: 70 },
            ]}
          />
        </Card>
      )}

      <Card size="small" title="题目清单 → 满意清单" extra={<Segmented value={list} onChange={(v) => setList(v as typeof list)} options={[{ label: '全部问题', value: 'all' }, { label: '满意清单', value: 'satisfied' }, { label: '待转化', value: 'open' }]} />}>
        {problems.length ? (
          <Table size="small" rowKey="id" dataSource={problems} pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }} data-testid="problems"
            columns={[
              { title: '编号', dataIndex: 'number', width: 200, render: (n: string, p) => <Link to={`/cases/${p.id}`}>{n}</Link> },
              { title: '类别', dataIndex: 'kind', width: 100, render: (k: string) => label(CASE_KIND, k) },
              { title: '问题', dataIndex: 'description', ellipsis: true },
              { title: '单位', width: 160, ellipsis: true, render: (_, p) => p.raisedOrg?.name ?? '—' },
              { title: '访谈', width: 120, render: (_, p) => (p.interview ? `${p.interview.heldOn.slice(5)} ${label(MODE, p.interview.mode)}` : '—') },
              { title: '状态', dataIndex: 'state', width: 90, render: (s: string) => <Tag color={CASE_STATE_COLOR[s]}>{label(CASE_STATE, s)}</Tag> },
              { title: '评价', width: 110, render: (_, p) => (p.satisfied ? <Tag color="green">满意清单</Tag> : p.rating ? label(RATING, p.rating) : '—') },
            ]}
          />
        ) : (
          <Nothing text={list === 'satisfied' ? '还没有转化为满意的问题' : '还没有收集到问题'} />
        )}
        {c.problems.pageInfo.hasNextPage && <Typography.Text type="secondary">只列出最近 200 件，全部问题请到“诉求”里按渠道“大访谈”查看。</Typography.Text>}
      </Card>

      <Card size="small" title="访谈提纲与问卷">
        <Descriptions column={1} size="small" bordered>
          <Descriptions.Item label="访谈提纲"><Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{c.outline}</Typography.Paragraph></Descriptions.Item>
          {c.questionnaires.map((q) => (
            <Descriptions.Item key={q.id} label={`${AUDIENCE[q.audience] ?? q.audience} 第 ${q.version} 版`}>{q.title}：{q.questions.join(' / ')}</Descriptions.Item>
          ))}
        </Descriptions>
      </Card>

      <InterviewForm campaign={c} points={points} questionnaires={c.questionnaires} open={recording} onClose={() => setRecording(false)} onSaved={() => { setRecording(false); void refetch(); }} />
    </Space>
  );
}
