import { useMutation, useQuery } from '@apollo/client';
import { Alert, App, Button, Card, Descriptions, Space, Tabs, Tag } from 'antd';
import { useParams, useSearchParams } from 'react-router-dom';
import { AllocationPanel } from '../benefits/programmes/AllocationPanel';
import { ExplainPanel } from '../benefits/programmes/ExplainPanel';
import { MoveProgramme, OrgInScope, ProgrammeDetailQuery } from '../benefits/programmes/operations';
import { RulesPanel } from '../benefits/programmes/RulesPanel';
import { UptakePanel } from '../benefits/programmes/UptakePanel';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { PROGRAMME_KIND, PROGRAMME_STATE, PROGRAMME_STATE_COLOR, label } from '../ui/labels';
import { formatYuan } from '../ui/money';
import { ErrorState, Loading, NotFound } from '../ui/States';

const TABS = ['rules', 'allocations', 'uptake', 'explain'] as const;

/** One programme: what it is, its rules and their versions, its shares, its uptake, and the eligibility of a member. */
export default function ProgrammePage() {
  const { id } = useParams();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab')! : 'rules';
  const orgId = params.get('org') ?? undefined;
  const { data, loading, error, refetch } = useQuery(ProgrammeDetailQuery, { variables: { id: id! } });
  const [moveTo] = useMutation(MoveProgramme);
  // Run in the caller's subtree (its owner is a union the caller can see): its staff may change it; one handed down from above, not.
  const owner = useQuery(OrgInScope, { variables: { id: data?.programme?.org.id ?? '' }, skip: !data?.programme });
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  const p = data?.programme;
  if (!p) return <NotFound what="项目" />;
  const ours = !!owner.data?.org;
  const move = (open: boolean, done: string) => async () => {
    try {
      const r = await moveTo({ variables: { id: p.id, open }, errorPolicy: 'none' });
      if (!r.data?.openProgramme && !r.data?.closeProgramme) throw r;
      message.success(done);
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
      void refetch();
    }
  };
  const go = (next: Record<string, string | undefined>) => setParams(Object.fromEntries(Object.entries({ tab, org: orgId, ...next }).filter(([, v]) => v)) as Record<string, string>);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<Space wrap><span data-testid="programme-name">{p.name}</span><Tag color={PROGRAMME_STATE_COLOR[p.state]} data-testid="programme-state">{label(PROGRAMME_STATE, p.state)}</Tag>{p.sensitive && <Tag color="orange">敏感项目</Tag>}</Space>}
        extra={
          ours && (
            <Space>
              {p.state === 'DRAFT' && <Button type="primary" onClick={() => void move(true, '项目已开放，会员从开始日期起可以领取或申请。')()} data-testid="open-programme">开放项目</Button>}
              {p.state !== 'CLOSED' && (
                <Button danger onClick={() => modal.confirm({ title: '结束这个项目？', content: '结束后不能再发放，也不能重新开放；已经发出的不受影响。', okText: '结束项目', okButtonProps: { danger: true }, cancelText: '取消', onOk: move(false, '项目已结束') })}>
                  结束项目
                </Button>
              )}
            </Space>
          )
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label="类别">{label(PROGRAMME_KIND, p.kind)}</Descriptions.Item>
          <Descriptions.Item label="主办单位">{p.org.name}</Descriptions.Item>
          <Descriptions.Item label="期间">{p.startsOn} 至 {p.endsOn}</Descriptions.Item>
          <Descriptions.Item label="总名额">{p.quota ?? '不限'}</Descriptions.Item>
          <Descriptions.Item label="总预算">{p.budgetCents === null || p.budgetCents === undefined ? '不设' : formatYuan(p.budgetCents)}</Descriptions.Item>
          {p.amountCents !== null && p.amountCents !== undefined && <Descriptions.Item label="每份金额">{formatYuan(p.amountCents)}</Descriptions.Item>}
          {p.voucherValidDays && <Descriptions.Item label="券有效期">发出后 {p.voucherValidDays} 天</Descriptions.Item>}
        </Descriptions>
        {!ours && <Alert type="info" showIcon style={{ marginTop: 8 }} message={`这个项目由上级“${p.org.name ?? ''}”主办，条件和开放、结束由主办单位决定；您可以把本单位分到的份额再分给下级。`} />}
        {p.sensitive && <Alert type="warning" showIcon style={{ marginTop: 8 }} message="敏感项目：涉及困难或帮扶，合作商家看不到，也不能交给商家核销。" />}
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => go({ tab: k })}
          destroyInactiveTabPane
          items={[
            { key: 'rules', label: '领取条件', children: <RulesPanel programme={p} editable={ours} /> },
            { key: 'allocations', label: '名额分配', children: <AllocationPanel programme={p} orgId={orgId} onDrill={(org) => go({ org })} /> },
            { key: 'uptake', label: '使用情况', children: <UptakePanel programme={p} orgId={orgId} /> },
            { key: 'explain', label: '资格查询', children: <ExplainPanel programme={p} /> },
          ]}
        />
      </Card>
    </Space>
  );
}
