import { useMemo } from 'react';
import { useQuery } from '@apollo/client';
import { Card, Col, Progress, Row, Statistic, Typography } from 'antd';
import type { ProgrammeDetailFragment } from '../../gql/graphql';
import { Chart } from '../../ui/Chart';
import { formatYuan, share } from '../../ui/money';
import { ErrorState, Loading, Nothing } from '../../ui/States';
import { ProgrammeUptakeQuery } from './operations';
import { byOrgOption, monthlyOption, pairedOption } from './uptake-options';

const VOUCHER_KINDS = ['CINEMA_VOUCHER', 'SWIMMING_VOUCHER', 'GYM_VOUCHER', 'HEALTH_CHECK', 'SANATORIUM', 'FREE_CLASS', 'GIFT_BATCH'];
const AID_KINDS = ['EDUCATION_AID', 'MODEL_WORKER_AID'];
const CARE_KINDS = ['CARE_VISIT', 'GIFT_BATCH'];

const Figure = ({ title, value, testId, suffix }: { title: string; value: number | string; testId: string; suffix?: string }) => (
  <Col xs={12} md={8} xl={4}>
    <Card size="small">
      <Statistic title={title} value={value} suffix={suffix} />
      <span hidden data-testid={testId}>{value}</span>
    </Card>
  </Col>
);

/** A chart of the panel, or what is missing when there is nothing to draw. */
const ChartCard = ({ title, show, empty, option, rows, testId, xl = 24 }: { title: string; show: boolean; empty: string; option: object; rows?: number; testId: string; xl?: number }) => (
  <Col xs={24} xl={xl}>
    <Card size="small" title={title}>
      {show ? <Chart option={option} height={rows === undefined ? 300 : Math.max(200, rows * 36 + 80)} testId={testId} /> : <Nothing text={empty} />}
    </Card>
  </Col>
);

/**
 * 使用情况: the API's figures for the union being looked at: vouchers issued and where they
 * went, by month and by the unions under it; aid awarded and delivered; care spending
 * against the budget. Only the parts this kind of programme has are shown.
 */
export function UptakePanel({ programme, orgId }: { programme: ProgrammeDetailFragment; orgId?: string }) {
  const { data, loading, error, refetch } = useQuery(ProgrammeUptakeQuery, { variables: { programmeId: programme.id, orgId } });
  const u = data?.programmeUptake;
  const orgs = useMemo(() => (u?.byOrg ?? []).map((o) => ({ ...o, name: o.orgId === u?.orgId ? `${o.org.name ?? ''}（本级）` : (o.org.name ?? '—') })), [u]);
  const vouchers = VOUCHER_KINDS.includes(programme.kind) || (u?.vouchersIssued ?? 0) > 0;
  const aid = AID_KINDS.includes(programme.kind) || (u?.aidAwarded ?? 0) > 0;
  const care = CARE_KINDS.includes(programme.kind) || (u?.careVisits ?? 0) > 0;
  const monthly = useMemo(() => monthlyOption(u?.monthly ?? []), [u]);
  const perOrg = useMemo(() => byOrgOption(orgs.map((o) => ({ name: o.name, redeemed: o.vouchersRedeemed, expired: o.vouchersExpired, cancelled: o.vouchersCancelled, outstanding: o.vouchersOutstanding }))), [orgs]);
  const aidPerOrg = useMemo(() => pairedOption(orgs.map((o) => ({ name: o.name, first: o.aidAwarded, second: o.aidDelivered })), ['已批准', '已发放'], '人'), [orgs]);
  const budgets = new Map((u?.children ?? []).map((c) => [c.orgId, c.allocatedBudgetCents]));
  const carePerOrg = useMemo(() => pairedOption(orgs.map((o) => ({ name: o.name, first: budgets.get(o.orgId) ?? 0, second: o.careSpentCents })), ['分到的预算', '慰问支出'], '元'), [orgs, u]);
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  if (!u) return <Nothing text="这个单位不在本项目的覆盖范围内，或不在您的管辖范围内" />;
  const budget = u.share?.budgetCents ?? null;
  return (
    <Row gutter={[16, 16]}>
      <Col span={24}><Typography.Title level={5} style={{ margin: 0 }}>{u.org.name} 及下级单位的使用情况</Typography.Title></Col>
      {vouchers && (
        <>
          <Figure title="已发券" value={u.vouchersIssued} testId="uptake-issued" />
          <Figure title="已核销" value={u.vouchersRedeemed} testId="uptake-redeemed" />
          <Figure title="未使用" value={u.vouchersOutstanding} testId="uptake-outstanding" />
          <Figure title="已过期" value={u.vouchersExpired} testId="uptake-expired" />
          <Figure title="已作废" value={u.vouchersCancelled} testId="uptake-cancelled" />
          <ChartCard xl={12} title="按发券月份：每月发出的券现在的去向" show={u.monthly.some((m) => m.issued > 0)} empty="还没有发出券" option={monthly} testId="chart-monthly" />
          <ChartCard xl={12} title="按下级单位：发出的券和去向" show={orgs.some((o) => o.vouchersIssued > 0)} empty="还没有发出券" option={perOrg} rows={orgs.length} testId="chart-by-org" />
        </>
      )}
      {aid && (
        <>
          <Figure title="已批准（人）" value={u.aidAwarded} testId="uptake-aid-awarded" />
          <Figure title="批准金额" value={formatYuan(u.aidAwardedCents)} testId="uptake-aid-awarded-cents" />
          <Figure title="已发放（人）" value={u.aidDelivered} testId="uptake-aid-delivered" />
          <Figure title="发放金额" value={formatYuan(u.aidDeliveredCents)} testId="uptake-aid-delivered-cents" />
          <ChartCard title="按下级单位：批准和发放的人数" show={orgs.some((o) => o.aidAwarded > 0)} empty="还没有批准的申请" option={aidPerOrg} rows={orgs.length} testId="chart-aid" />
        </>
      )}
      {care && (
        <>
          <Figure title="慰问人次" value={u.careVisits} testId="uptake-care-visits" />
          <Figure title="慰问支出" value={formatYuan(u.careSpentCents)} testId="uptake-care-spent" />
          <Col xs={24} md={16} xl={16}>
            <Card size="small" title="慰问支出与预算">
              {budget === null ? (
                <Typography.Text type="secondary">本单位的份额不设预算。</Typography.Text>
              ) : (
                <>
                  <Progress percent={share(u.careSpentCents, budget)} strokeColor="#c8161d" />
                  <Typography.Text type="secondary">实际慰问支出 {formatYuan(u.careSpentCents)}，本单位份额的预算 {formatYuan(budget)}。</Typography.Text>
                </>
              )}
            </Card>
          </Col>
          <ChartCard title="按下级单位：分到的预算和实际慰问支出" show={orgs.some((o) => o.careVisits > 0)} empty="还没有慰问记录" option={carePerOrg} rows={orgs.length} testId="chart-care" />
        </>
      )}
    </Row>
  );
}
