import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { Alert, App, Breadcrumb, Button, Card, Descriptions, Form, InputNumber, Modal, Progress, Space, Table, Typography } from 'antd';
import type { ProgrammeDetailFragment } from '../../gql/graphql';
import { useRootOrg } from '../../orgs/useRootOrg';
import { formatYuan, share, toCents, toYuan } from '../../ui/money';
import { OrgPicker } from '../../ui/OrgPicker';
import { ErrorState, Loading } from '../../ui/States';
import { allocationRefusal } from './allocation';
import { Allocate, ProgrammeShares } from './operations';

interface Target {
  orgId?: string;
  name?: string;
  quota?: number | null;
  budgetCents?: number | null;
}

/** A bar of allocated against used, with both numbers beside it. */
function UsageBar({ used, of, unit, testId }: { used: number; of: number; unit: 'quota' | 'money'; testId?: string }) {
  const text = unit === 'quota' ? `已用 ${used} / 分配 ${of}` : `已用 ${formatYuan(used)} / 分配 ${formatYuan(of)}`;
  const pct = share(used, of);
  return (
    <div data-testid={testId} style={{ minWidth: 220 }}>
      <Progress percent={pct} showInfo={false} strokeColor={pct >= 90 ? '#cf1322' : '#c8161d'} size="small" />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{text}</Typography.Text>
    </div>
  );
}

/**
 * 名额分配: the share of the union being looked at, and one bar per union under it: what was
 * carved into its subtree against what was used there. Allocate or resize from here; a
 * refusal (more than the share above has, less than already used) says so in numbers.
 */
export function AllocationPanel({ programme, orgId, onDrill }: { programme: ProgrammeDetailFragment; orgId?: string; onDrill: (orgId: string) => void }) {
  const root = useRootOrg();
  const { message } = App.useApp();
  const { data, loading, error, refetch } = useQuery(ProgrammeShares, { variables: { programmeId: programme.id, orgId } });
  const [target, setTarget] = useState<Target | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [form] = Form.useForm<{ orgId?: string; quota?: number | null; budgetYuan?: number | null }>();
  const [allocate, { loading: saving }] = useMutation(Allocate);
  const hasQuota = programme.quota !== null && programme.quota !== undefined;
  const hasBudget = programme.budgetCents !== null && programme.budgetCents !== undefined;
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  const u = data?.programmeUptake;
  if (!u) return <Alert type="info" showIcon message="这个单位不在本项目的覆盖范围内，或不在您的管辖范围内。" />;
  const own = (id: string) => data?.programme?.allocations?.find((a) => a.orgId === id);
  const figures = new Map(u.children.map((c) => [c.orgId, c]));
  const rows = u.org.children.map((c) => ({ id: c.id, name: c.name ?? '—', figure: figures.get(c.id), share: own(c.id) }));
  const crumbs = [...u.org.ancestors, { id: u.org.id, name: u.org.name }];
  const start = Math.max(0, crumbs.findIndex((c) => c.id === root.id || c.id === programme.org.id));
  const open = (t: Target) => {
    setTarget(t);
    setRefusal(null);
    form.setFieldsValue({ orgId: t.orgId, quota: t.quota ?? undefined, budgetYuan: toYuan(t.budgetCents) ?? undefined });
  };
  const submit = async () => {
    const v = await form.validateFields();
    const org = v.orgId ?? target?.orgId;
    if (!org) return;
    try {
      const r = await allocate({ variables: { programmeId: programme.id, orgId: org, quota: hasQuota ? (v.quota ?? 0) : null, budgetCents: hasBudget ? (toCents(v.budgetYuan) ?? 0) : null }, errorPolicy: 'none' });
      if (!r.data?.allocate) throw r;
      message.success('份额已保存');
      setTarget(null);
      void refetch();
    } catch (err) {
      // Kept in the dialog: the cadre reads how much room there is and tries again.
      setRefusal(allocationRefusal(err));
    }
  };
  const s = u.share;
  const closed = programme.state === 'CLOSED';
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Breadcrumb data-testid="allocation-path" items={crumbs.slice(start).map((c) => ({ title: c.id === u.org.id ? c.name : <a onClick={() => onDrill(c.id)}>{c.name}</a> }))} />
      <Card size="small" title={`${u.org.name ?? ''}的份额`}>
        {!s ? (
          <Typography.Text>还没有份额。</Typography.Text>
        ) : (
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered data-testid="own-share">
            {s.orgId !== u.orgId && <Descriptions.Item label="说明" span={2}>本单位没有单独的份额，会员从上级“{s.org.name}”的份额里领取。</Descriptions.Item>}
            {hasQuota && <Descriptions.Item label="名额">共 {s.quota}，已分给下级 {s.allocatedToChildren}，本级已发出 {s.used}，还剩 <b>{s.remainingQuota}</b></Descriptions.Item>}
            {hasBudget && <Descriptions.Item label="预算">共 {formatYuan(s.budgetCents)}，已分给下级 {formatYuan(s.budgetToChildren)}，本级已用 {formatYuan(s.spentCents)}，还剩 <b>{formatYuan(s.remainingBudgetCents)}</b></Descriptions.Item>}
            {!hasQuota && !hasBudget && <Descriptions.Item label="份额">本项目不限名额、不设预算，不需要分配。</Descriptions.Item>}
          </Descriptions>
        )}
      </Card>
      <Card
        size="small"
        title="下级单位的分配和使用"
        extra={!closed && (hasQuota || hasBudget) ? <Button type="primary" onClick={() => open({})} data-testid="allocate-new">分配给下级单位</Button> : null}
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 720 }}
          locale={{ emptyText: '没有下级单位' }}
          columns={[
            { title: '单位', dataIndex: 'name', render: (n: string, r) => <a onClick={() => onDrill(r.id)}>{n}</a> },
            ...(hasQuota ? [{ title: '名额（分配 / 已用）', width: 260, render: (_: unknown, r: (typeof rows)[number]) => (r.figure ? <UsageBar used={r.figure.used} of={r.figure.allocatedQuota} unit="quota" testId={`bar-${r.name}`} /> : <Typography.Text type="secondary">未分配</Typography.Text>) }] : []),
            ...(hasBudget ? [{ title: '预算（分配 / 已用）', width: 300, render: (_: unknown, r: (typeof rows)[number]) => (r.figure ? <UsageBar used={r.figure.spentCents} of={r.figure.allocatedBudgetCents} unit="money" /> : <Typography.Text type="secondary">未分配</Typography.Text>) }] : []),
            ...(closed || !(hasQuota || hasBudget) ? [] : [{
              title: '',
              width: 100,
              render: (_: unknown, r: (typeof rows)[number]) => (
                <Button size="small" onClick={() => open({ orgId: r.id, name: r.name, quota: r.share?.quota, budgetCents: r.share?.budgetCents })} data-testid={`allocate-${r.name}`}>
                  {r.share ? '调整' : '分配'}
                </Button>
              ),
            }]),
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          “已用”是这个单位及其下级已经发出的名额和花掉的钱（过期、作废的券已退回，不算在内）。点单位名称可以看它下面的分配。
        </Typography.Paragraph>
      </Card>
      <Modal
        open={!!target}
        title={target?.name ? `${target.name}的份额` : '分配给下级单位'}
        okText="保存"
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => void submit()}
        onCancel={() => setTarget(null)}
        destroyOnClose
      >
        <Form form={form} layout="vertical" preserve={false}>
          {!target?.orgId && (
            <Form.Item name="orgId" label="下级单位" rules={[{ required: true, message: '请选择单位' }]}>
              <OrgPicker under={u.orgId} exclude={programme.org.id} style={{ width: '100%' }} />
            </Form.Item>
          )}
          {hasQuota && (
            <Form.Item name="quota" label="份额的名额（填总数，不是增减）" rules={[{ required: true, message: '请填写名额' }]}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} addonAfter="个" aria-label="名额" />
            </Form.Item>
          )}
          {hasBudget && (
            <Form.Item name="budgetYuan" label="份额的预算（填总数，不是增减）" rules={[{ required: true, message: '请填写预算' }]}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} addonAfter="元" aria-label="预算" />
            </Form.Item>
          )}
        </Form>
        {refusal && <Alert type="error" showIcon message={refusal} data-testid="allocation-refusal" />}
      </Modal>
    </Space>
  );
}
