import { useMemo, useState } from 'react';
import { useQuery } from '@apollo/client';
import { Button, Card, Col, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { Chart } from '../ui/Chart';
import { EMPLOYMENT_TYPE, label } from '../ui/labels';
import { ErrorState, Loading, Nothing } from '../ui/States';
import { percent } from '../ui/time';
import { againstTarget, curveOption, daysOnTarget, rateColor } from '../drives/curve';
import { DriveDetail, DriveList } from '../drives/operations';
import { DriveQr } from '../drives/DriveQr';
import { TargetsForm } from '../drives/TargetsForm';
import { CreateDriveForm } from '../drives/CreateDriveForm';
import { useSession } from '../auth/SessionContext';
import { VisitOrg } from '../visits/operations';
import type { JoinGranularity } from '../gql/graphql';

const PERIOD: Record<JoinGranularity, string> = { DAY: '今日', WEEK: '本周', MONTH: '本月' };
const PERIOD_KEY = { DAY: 'day', WEEK: 'week', MONTH: 'month' } as const;

/**
 * 扫码入会行动: a drive's progress against 日过百、周过千、月达万 — the sub-orgs ranked against
 * their targets (排行榜), the daily curve against the day target, the joins by employment
 * type; the drive's own org sets the targets, and the drive's org and those below print the posters.
 */
export default function DrivesPage() {
  const [params, setParams] = useSearchParams();
  const list = useQuery(DriveList, { fetchPolicy: 'cache-and-network' });
  const drives = useMemo(() => (list.data?.joinDrives?.edges ?? []).map((e) => e.node), [list.data]);
  const id = params.get('id') ?? drives[0]?.id;
  const [rankBy, setRankBy] = useState<JoinGranularity>('WEEK');
  const { data, loading, error, refetch } = useQuery(DriveDetail, { variables: { id: id ?? '', rankBy }, skip: !id, fetchPolicy: 'cache-and-network' });
  const [editing, setEditing] = useState(false);
  const [poster, setPoster] = useState<{ payload: string; orgName: string } | null>(null);
  const [starting, setStarting] = useState(false);
  const { claims } = useSession();
  const own = useQuery(VisitOrg, { variables: { id: claims.org ?? '' }, skip: !claims.org });
  // A street, district or city union starts drives for the unions below it; an enterprise has none below.
  const canStart = !!own.data?.org && own.data.org.level !== 'ENTERPRISE';
  const start = canStart && claims.org ? (
    <>
      <Button onClick={() => setStarting(true)}>发起入会行动</Button>
      <CreateDriveForm orgId={claims.org} open={starting} onClose={() => setStarting(false)}
        onSaved={(newId) => { setStarting(false); setParams({ id: newId }); void list.refetch(); }} />
    </>
  ) : null;
  const daily = useMemo(() => data?.joinDriveDaily ?? [], [data]);
  const chart = useMemo(() => (daily.length ? curveOption(daily) : null), [daily]);

  if (list.loading && !list.data) return <Loading />;
  if (list.error && !list.data) return <ErrorState error={list.error} retry={() => void list.refetch()} />;
  if (!drives.length) return <Space direction="vertical" style={{ width: '100%' }}><Nothing text="还没有您参与的扫码入会行动" />{start}</Space>;
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  const drive = data?.joinDrive;
  const fig = data?.joinDriveFigures;
  if (!drive || !fig) return <Nothing text="没有找到这次行动，或它不在您单位的范围内" />;

  const onTarget = daysOnTarget(daily);
  const qrOf = new Map(drive.targets.map((t) => [t.org?.id, t.qrCode]));
  const gigShare = fig.total.joins ? fig.total.gig / fig.total.joins : null;
  type Card = { title: string; value: number | string; suffix?: string; note?: string; color?: string; shown: string; key: string };
  const tallyCard = (title: string, t: typeof fig.day, key: string): Card => ({
    title, value: t.joins, suffix: t.target ? `/ ${t.target}` : undefined, note: t.target ? `完成 ${percent(t.rate)}` : '未设目标', color: rateColor(t.rate), shown: againstTarget(t), key,
  });
  const cards: Card[] = [
    tallyCard('今日入会', fig.day, 'day'),
    tallyCard('本周入会', fig.week, 'week'),
    tallyCard('本月入会', fig.month, 'month'),
    { title: '行动以来累计', value: fig.total.joins, note: `${drive.startsOn} 起`, shown: String(fig.total.joins), key: 'total' },
    { title: '其中新就业形态', value: fig.total.gig, note: `占 ${percent(gigShare)}`, shown: `${fig.total.gig}（${percent(gigShare)}）`, key: 'gig' },
    { title: '日目标达成天数', value: onTarget.met, suffix: `/ ${onTarget.counted}`, note: '按现行日目标', shown: `${onTarget.met} / ${onTarget.counted}`, key: 'daysMet' },
  ];
  const COLORS: Record<string, string> = { green: '#389e0d', orange: '#d46b08', red: '#cf1322' };
  const key = PERIOD_KEY[rankBy];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Space direction="vertical" size={0}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="drive-title">{drive.title}</Typography.Title>
          <Typography.Text type="secondary">
            {drive.org?.name ?? '上级工会'} · {drive.startsOn} 至 {drive.endsOn} · 数据截至 {fig.on}
            {drive.gigFocus && <Tag color="red" style={{ marginLeft: 8 }}>聚焦新就业形态劳动者</Tag>}
          </Typography.Text>
        </Space>
        <Space wrap>
          {drives.length > 1 && (
            <Select style={{ width: 280 }} value={id} onChange={(v) => setParams({ id: v })} options={drives.map((d) => ({ value: d.id, label: `${d.title}（${d.org?.name ?? '上级'}）` }))} />
          )}
          {start}
          {drive.canManage && <Button type="primary" onClick={() => setEditing(true)}>设置目标</Button>}
        </Space>
      </Space>

      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.key} flex="1 1 150px">
            <Card size="small">
              <Statistic title={c.title} value={c.value} suffix={c.suffix} valueStyle={c.color && COLORS[c.color] ? { color: COLORS[c.color] } : undefined} />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{c.note}</Typography.Text>
              <span hidden data-testid={`drive-fig-${c.key}`}>{c.shown}</span>
            </Card>
          </Col>
        ))}
      </Row>

      <Card size="small" title="每日入会曲线" extra={<Typography.Text type="secondary">柱为每日入会人数，虚线为现行日目标（各单位之和）</Typography.Text>}>
        {chart ? <Chart option={chart} height={320} testId="drive-curve" /> : <Nothing text="行动还没有开始" />}
      </Card>

      <Card size="small" title="排行榜" data-testid="drive-ranking"
        extra={<Segmented value={rankBy} onChange={(v) => setRankBy(v as JoinGranularity)} options={(['DAY', 'WEEK', 'MONTH'] as const).map((p) => ({ value: p, label: `按${PERIOD[p]}排` }))} />}>
        {fig.byOrg.length ? (
          <Table size="small" rowKey={(r) => r.org?.id ?? String(r.rank)} pagination={false} dataSource={fig.byOrg}
            columns={[
              { title: '名次', dataIndex: 'rank', width: 64 },
              { title: '单位', render: (_, r) => r.org?.name ?? '—' },
              ...(['DAY', 'WEEK', 'MONTH'] as const).map((p) => ({
                title: `${PERIOD[p]}（入会 / 目标）`,
                render: (_: unknown, r: (typeof fig.byOrg)[number]) => {
                  const t = r[PERIOD_KEY[p]];
                  return p === rankBy ? <Tag color={rateColor(t.rate)}>{againstTarget(t)}</Tag> : againstTarget(t);
                },
              })),
              { title: '累计', render: (_, r) => r.total.joins, width: 80 },
              { title: '新就业形态', render: (_, r) => r.total.gig, width: 100 },
              {
                title: '入会二维码', width: 110,
                render: (_, r) => {
                  const qr = qrOf.get(r.org?.id);
                  return qr ? <Button size="small" onClick={() => setPoster({ payload: qr, orgName: r.org?.name ?? '' })}>亮码打印</Button> : <Typography.Text type="secondary">—</Typography.Text>;
                },
              },
            ]}
          />
        ) : (
          <Nothing text={drive.canManage && !drive.targets.length ? '还没有设置目标：点“设置目标”，把任务分解到下一级工会' : `您单位的入会人数：${PERIOD[rankBy]} ${fig[key].joins} 人，累计 ${fig.total.joins} 人`} />
        )}
      </Card>

      <Card size="small" title="按就业形态（行动以来）">
        <Space wrap data-testid="drive-by-type">
          {fig.byEmploymentType.map((t) => <Tag key={t.employmentType} color={t.employmentType === 'REGULAR' ? 'default' : 'red'}>{label(EMPLOYMENT_TYPE, t.employmentType)} {t.joins} 人</Tag>)}
        </Space>
      </Card>

      {drive.canManage && drive.org && (
        <TargetsForm driveId={drive.id} ownerId={drive.org.id} version={drive.version} open={editing} onClose={() => setEditing(false)}
          current={drive.targets.filter((t) => t.org).map((t) => ({ orgId: t.org!.id, perDay: t.perDay, perWeek: t.perWeek, perMonth: t.perMonth }))}
          onSaved={() => { setEditing(false); void refetch(); }} />
      )}
      {poster && <DriveQr open payload={poster.payload} orgName={poster.orgName} drive={drive.title} endsOn={drive.endsOn} onClose={() => setPoster(null)} />}
    </Space>
  );
}
