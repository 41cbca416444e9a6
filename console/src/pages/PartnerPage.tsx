import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { Alert, App, Button, Card, Descriptions, Modal, Select, Space, Tag, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { BindPartner, IssuePartnerKey, PartnerDetailQuery, RevokePartnerKey, SetPartnerActive, UnbindPartner } from '../benefits/partners/operations';
import { ProgrammeChoices } from '../benefits/programmes/operations';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { PARTNER_KIND, PROGRAMME_KIND, PROGRAMME_STATE, label } from '../ui/labels';
import { ListTable } from '../ui/ListTable';
import { ErrorState, Loading, NotFound } from '../ui/States';
import { formatDate, formatDateTime } from '../ui/time';

/** The key, shown once: copy it now, it is never shown again. */
function IssuedKey({ issued, onClose }: { issued: { prefix: string; key: string } | null; onClose: () => void }) {
  return (
    <Modal open={!!issued} title="新的 API 密钥" closable={false} maskClosable={false} destroyOnClose footer={<Button type="primary" onClick={onClose} data-testid="key-copied">我已复制并交给商家</Button>}>
      <Alert
        type="warning"
        showIcon
        message="这串密钥只显示这一次"
        description="关掉这个窗口后，谁都看不到它了（系统只保存它的指纹）。请现在复制，交给商家的技术人员妥善保管；丢了就吊销，再发一个新的。"
        style={{ marginBottom: 16 }}
      />
      <Typography.Paragraph copyable={{ text: issued?.key, tooltips: ['复制', '已复制'] }} code style={{ fontSize: 15, wordBreak: 'break-all' }} data-testid="issued-key">
        {issued?.key}
      </Typography.Paragraph>
    </Modal>
  );
}

/** One partner: which programmes it serves (never a sensitive one), its API keys, on or off. */
export default function PartnerPage() {
  const { id } = useParams();
  const { message, modal } = App.useApp();
  const { data, loading, error, refetch } = useQuery(PartnerDetailQuery, { variables: { id: id! } });
  const choices = useQuery(ProgrammeChoices, { variables: {} });
  const [bind] = useMutation(BindPartner);
  const [unbind] = useMutation(UnbindPartner);
  const [setActive] = useMutation(SetPartnerActive);
  const [issue, { loading: issuing }] = useMutation(IssuePartnerKey);
  const [revoke] = useMutation(RevokePartnerKey);
  const [issued, setIssued] = useState<{ prefix: string; key: string } | null>(null);
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  const p = data?.partner;
  if (!p) return <NotFound what="合作商家" />;
  /** Runs a change, says how it went, and reads the partner again either way. */
  const run = async (change: Promise<unknown>, done: string) => {
    try {
      const r = (await change) as { data?: Record<string, unknown> | null };
      if (!r.data || Object.values(r.data).every((v) => v === null)) throw r;
      message.success(done);
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
    void refetch();
  };
  /** Asks before a change that cannot be taken back lightly, then runs it. */
  const confirm = (title: string, content: string, okText: string, change: () => Promise<unknown>) => () =>
    modal.confirm({ title, content, okText, okButtonProps: { danger: true }, cancelText: '取消', onOk: () => run(change(), `已${okText}`) });
  const bound = new Set(p.programmes.map((x) => x.id));
  // Programmes that reveal hardship or aid are never offered: the API refuses them, and a partner must not even be shown them here.
  const offered = (choices.data?.programmes?.edges ?? []).map((e) => e.node).filter((x) => !x.sensitive && x.state !== 'CLOSED' && !bound.has(x.id));
  const newKey = async () => {
    try {
      const r = await issue({ variables: { partnerId: p.id }, errorPolicy: 'none' });
      const k = r.data?.issuePartnerKey;
      if (!k) throw r;
      setIssued({ prefix: k.prefix, key: k.key });
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
    void refetch();
  };
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={<Space><span data-testid="partner-name">{p.name}</span>{p.active ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>}</Space>}
        extra={
          <Button
            danger={p.active}
            onClick={confirm(
              p.active ? `停用“${p.name}”？` : `重新启用“${p.name}”？`,
              p.active ? '停用后，它的密钥一分钟内全部失效，前台不能再查券、核销。' : '启用后，它没有吊销的密钥重新生效。',
              p.active ? '停用' : '启用',
              () => setActive({ variables: { partnerId: p.id, active: !p.active }, errorPolicy: 'none' }),
            )}
          >
            {p.active ? '停用商家' : '重新启用'}
          </Button>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="类型">{label(PARTNER_KIND, p.kind)}</Descriptions.Item>
          <Descriptions.Item label="管理单位">{p.org.name}</Descriptions.Item>
          <Descriptions.Item label="登记日期">{formatDate(p.createdAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="服务的项目（商家前台只能查、只能核销这些项目的券）">
        <Space wrap style={{ marginBottom: 12 }}>
          <Select
            style={{ width: 360 }}
            placeholder="选择一个项目交给这个商家"
            value={null}
            loading={choices.loading}
            onChange={(programmeId: string) => void run(bind({ variables: { partnerId: p.id, programmeId }, errorPolicy: 'none' }), '已绑定')}
            options={offered.map((x) => ({ value: x.id, label: `${x.name}（${label(PROGRAMME_KIND, x.kind)}）` }))}
            notFoundContent="没有可以绑定的项目"
            data-testid="bind-programme"
          />
          <Typography.Text type="secondary">涉及困难、帮扶的敏感项目不在可选之列，不能交给合作商家。</Typography.Text>
        </Space>
        <ListTable
          size="small"
          rows={p.programmes}
          empty="还没有绑定项目"
          data-testid="bound-programmes"
          columns={[
            { title: '项目', dataIndex: 'name' },
            { title: '类别', dataIndex: 'kind', width: 140, render: (k: string) => label(PROGRAMME_KIND, k) },
            { title: '状态', dataIndex: 'state', width: 90, render: (s: string) => label(PROGRAMME_STATE, s) },
            { title: '截止', dataIndex: 'endsOn', width: 110 },
            { title: '', width: 90, render: (_: unknown, x) => <Button size="small" danger onClick={confirm(`不再让“${p.name}”服务“${x.name}”？`, '解除后，商家前台马上查不到这个项目的券。', '解除', () => unbind({ variables: { partnerId: p.id, programmeId: x.id }, errorPolicy: 'none' }))}>解除</Button> },
          ]}
        />
      </Card>
      <Card size="small" title="API 密钥（商家前台系统用它接入）" extra={<Button type="primary" loading={issuing} disabled={!p.active} onClick={() => void newKey()} data-testid="issue-key">发一个新密钥</Button>}>
        <ListTable
          size="small"
          rows={p.keys}
          empty="还没有密钥"
          data-testid="keys"
          columns={[
            { title: '密钥开头', dataIndex: 'prefix', render: (x: string) => <Typography.Text code>lx_{x}_…</Typography.Text> },
            { title: '发放时间', dataIndex: 'createdAt', width: 160, render: formatDateTime },
            { title: '状态', dataIndex: 'revokedAt', width: 200, render: (r: string | null) => (r ? <Tag>已于 {formatDateTime(r)} 吊销</Tag> : <Tag color="green">有效</Tag>) },
            {
              title: '',
              width: 90,
              render: (_: unknown, k) =>
                !k.revokedAt && (
                  <Button size="small" danger onClick={confirm(`吊销密钥 lx_${k.prefix}_…？`, '吊销后一分钟内失效，不能恢复；商家需要新密钥才能继续使用。', '吊销', () => revoke({ variables: { keyId: k.id }, errorPolicy: 'none' }))} data-testid={`revoke-${k.prefix}`}>
                    吊销
                  </Button>
                ),
            },
          ]}
        />
      </Card>
      <IssuedKey issued={issued} onClose={() => setIssued(null)} />
    </Space>
  );
}
