import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ChangeHardshipTier, ExitHardship, MakeHardshipFileRegular, MemberHardship, OpenHardshipFile, ReturnToHardship, ReviewHardshipFile } from './hardship';
import type { HardshipTier } from '../gql/graphql';
import { errorCode, errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { ErrorState, Loading } from '../ui/States';
import { HARDSHIP_ACTION, HARDSHIP_KIND, HARDSHIP_STATE, HARDSHIP_TIER, label } from '../ui/labels';
import { dayOf, formatDate, formatDateTime } from '../ui/time';


type Step = 'OPEN' | 'REVIEW' | 'CHANGE_TIER' | 'EXIT' | 'RETURN' | 'MAKE_REGULAR';

/** What each step asks for, in the words of the register. */
const STEPS: Record<Step, { title: string; tier?: 'required' | 'optional'; text: string; placeholder: string; ok: string }> = {
  OPEN: { title: '建立困难职工档案', tier: 'required', text: '致困原因', placeholder: '例如：本人患重病，家庭无其他收入', ok: '已建档' },
  REVIEW: { title: '年度复核', tier: 'optional', text: '复核情况', placeholder: '例如：入户核实，家庭收入仍低于当地低保标准 1.5 倍', ok: '已记录复核，下次复核在一年后' },
  CHANGE_TIER: { title: '调整困难类别', tier: 'required', text: '调整原因', placeholder: '例如：配偶失业，家庭收入进一步下降', ok: '已调整困难类别' },
  EXIT: { title: '解困', text: '解困原因', placeholder: '例如：本人已再就业，收入稳定', ok: '已解困，档案和历史记录都保留' },
  RETURN: { title: '返困', tier: 'required', text: '返困原因', placeholder: '例如：再次失业，家庭无稳定收入', ok: '已重新纳入困难职工档案' },
  MAKE_REGULAR: { title: '转为常态困难档案', text: '转常态的原因', placeholder: '例如：病情转为慢性，困难将长期存在', ok: '已转为常态困难档案' },
};

const tierOptions = Object.entries(HARDSHIP_TIER).map(([value, label]) => ({ value, label }));

/**
 * 困难职工档案 on a member's page: the file as the register holds it, the steps its state allows
 * (建档, 年度复核, 调整类别, 解困, 返困, 临时转常态) and its history. Only staff of the
 * member's union and above see it; the API returns nothing to anyone else.
 */
export function HardshipCard({ memberId }: { memberId: string }) {
  const { message, modal } = App.useApp();
  const { data, loading, error, refetch } = useQuery(MemberHardship, { variables: { id: memberId } });
  const [step, setStep] = useState<Step | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [open] = useMutation(OpenHardshipFile);
  const [review] = useMutation(ReviewHardshipFile);
  const [change] = useMutation(ChangeHardshipTier);
  const [exit] = useMutation(ExitHardship);
  const [ret] = useMutation(ReturnToHardship);
  const [regular] = useMutation(MakeHardshipFileRegular);
  if (loading && !data) return <Card title="困难职工档案" size="small"><Loading /></Card>;
  if (error && !data) return <Card title="困难职工档案" size="small"><ErrorState error={error} retry={() => void refetch()} /></Card>;
  const file = data?.member?.hardshipFile ?? null;

  const submit = async () => {
    if (!step) return;
    const v = (await form.validateFields()) as { tier?: HardshipTier; kind?: 'REGULAR' | 'TEMPORARY'; text: string; evidence?: string; openedOn?: Dayjs };
    const text = v.text.trim();
    setBusy(true);
    try {
      if (step === 'OPEN') {
        await open({ variables: { input: { memberId, tier: v.tier!, kind: v.kind ?? 'REGULAR', reason: text, evidence: v.evidence!.trim(), openedOn: v.openedOn?.format('YYYY-MM-DD') } } });
      } else if (file) {
        const base = { id: file.id, version: file.version };
        if (step === 'REVIEW') await review({ variables: { ...base, note: text, tier: v.tier ?? null } });
        if (step === 'CHANGE_TIER') await change({ variables: { ...base, reason: text, tier: v.tier! } });
        if (step === 'EXIT') await exit({ variables: { ...base, reason: text } });
        if (step === 'RETURN') await ret({ variables: { ...base, reason: text, tier: v.tier! } });
        if (step === 'MAKE_REGULAR') await regular({ variables: { ...base, reason: text } });
      }
      message.success(STEPS[step].ok);
      setStep(null);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'CONFLICT' || code === 'INVALID_STATE') {
        // Someone else changed the file meanwhile: show them the latest before they decide again.
        setStep(null);
        modal.warning({ title: '档案有变化', content: errorMessage(err, RECORD_MESSAGES), okText: '知道了' });
      } else message.error(errorMessage(err, RECORD_MESSAGES));
    } finally {
      setBusy(false);
      void refetch();
    }
  };

  const steps: Step[] = !file ? ['OPEN'] : file.state === 'EXITED' ? ['RETURN'] : ['REVIEW', 'CHANGE_TIER', ...(file.kind === 'TEMPORARY' ? (['MAKE_REGULAR'] as Step[]) : []), 'EXIT'];
  const spec = step ? STEPS[step] : null;
  const due = file && file.state === 'OPEN' && file.nextReviewOn <= dayOf();
  return (
    <Card
      title="困难职工档案"
      size="small"
      data-testid="hardship-card"
      extra={
        <Space>
          {steps.map((s) => (
            <Button key={s} size="small" type={s === 'OPEN' || (s === 'REVIEW' && due) ? 'primary' : 'default'} danger={s === 'EXIT'} onClick={() => setStep(s)} data-testid={`hardship-${s}`}>
              {HARDSHIP_ACTION[s]}
            </Button>
          ))}
        </Space>
      }
    >
      {!file ? (
        <Typography.Text type="secondary">这位会员没有困难职工档案。经入户核实确有困难的，可以建档；建档后才能享受帮扶和金秋助学等政策。</Typography.Text>
      ) : (
        <>
          <Descriptions column={3} size="small" bordered>
            <Descriptions.Item label="状态">
              <Tag color={file.state === 'OPEN' ? 'red' : 'default'} data-testid="hardship-state">{label(HARDSHIP_STATE, file.state)}</Tag>
              {due && <Tag color="orange">该复核了</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="困难类别"><span data-testid="hardship-tier">{label(HARDSHIP_TIER, file.tier)}</span></Descriptions.Item>
            <Descriptions.Item label="档案类型">{label(HARDSHIP_KIND, file.kind)}</Descriptions.Item>
            <Descriptions.Item label="建档日期">{formatDate(file.openedOn)}</Descriptions.Item>
            <Descriptions.Item label="上次复核">{formatDate(file.reviewedOn)}</Descriptions.Item>
            <Descriptions.Item label="下次复核">{file.state === 'OPEN' ? formatDate(file.nextReviewOn) : '—'}</Descriptions.Item>
            <Descriptions.Item label="致困原因" span={3}>{file.reason}</Descriptions.Item>
            <Descriptions.Item label="核实依据" span={3}>{file.evidence}</Descriptions.Item>
            {file.exitedOn && <Descriptions.Item label="解困日期">{formatDate(file.exitedOn)}</Descriptions.Item>}
          </Descriptions>
          <Table
            style={{ marginTop: 12 }}
            size="small"
            rowKey={(e) => `${e.at}-${e.action}`}
            pagination={false}
            dataSource={data?.member?.hardshipFile?.history ?? []}
            columns={[
              { title: '时间', dataIndex: 'at', render: formatDateTime, width: 160 },
              { title: '事项', dataIndex: 'action', render: (a: string) => label(HARDSHIP_ACTION, a), width: 120 },
              { title: '困难类别', dataIndex: 'tier', render: (t: string) => label(HARDSHIP_TIER, t), width: 100 },
              { title: '说明', dataIndex: 'note' },
            ]}
          />
        </>
      )}
      <Modal title={spec?.title} open={!!step} onCancel={() => setStep(null)} onOk={() => void submit()} okText="确定" cancelText="取消" confirmLoading={busy} destroyOnClose>
        {spec && (
          <Form form={form} layout="vertical" preserve={false} initialValues={{ kind: 'REGULAR', tier: step === 'OPEN' || step === 'RETURN' ? undefined : file?.tier }}>
            {spec.tier && (
              <Form.Item
                name="tier"
                label={step === 'REVIEW' ? '复核后的困难类别（没变就不用改）' : '困难类别'}
                rules={spec.tier === 'required' ? [{ required: true, message: '请选择困难类别' }] : []}
              >
                <Select options={tierOptions} placeholder="请选择" data-testid="hardship-tier-select" />
              </Form.Item>
            )}
            {step === 'OPEN' && (
              <Form.Item name="kind" label="档案类型" extra="临时困难（如突发疾病、意外）以后可以转为常态档案。">
                <Radio.Group options={Object.entries(HARDSHIP_KIND).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            )}
            <Form.Item name="text" label={spec.text} rules={[{ required: true, whitespace: true, message: `请填写${spec.text}` }]}>
              <Input.TextArea rows={3} maxLength={step === 'OPEN' ? 500 : 1000} showCount placeholder={spec.placeholder} data-testid="hardship-text" />
            </Form.Item>
            {step === 'OPEN' && (
              <>
                <Form.Item name="evidence" label="核实依据（写明看过哪些材料，不上传材料本身）" rules={[{ required: true, whitespace: true, message: '请写明核实依据' }]}>
                  <Input.TextArea rows={3} maxLength={1000} showCount placeholder="例如：医院诊断证明、家庭收入证明，已入户核实" data-testid="hardship-evidence" />
                </Form.Item>
                <Form.Item name="openedOn" label="建档日期（不填就是今天）">
                  <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(new Date(), 'day')} />
                </Form.Item>
              </>
            )}
          </Form>
        )}
      </Modal>
    </Card>
  );
}
