import { useState } from 'react';
import { useMutation, useQuery, type DocumentNode } from '@apollo/client';
import { App, Button, DatePicker, Form, Input, Modal, Radio, Select, Space } from 'antd';
import { errorCode, errorMessage, RELOAD_CODES } from '../ui/errors';
import { CASE_ACTION, DECLINE_REASON, RATING, RETURN_REASON } from '../ui/labels';
import { OrgPicker } from '../ui/OrgPicker';
import { AcceptCase, AwaitWorker, CaseHandlers, DeclineCase, PassUpCase, ProgressCase, RecordAgencyAnswer, RecordCallback, ReferCaseOut, ResolveCase, ReturnCase, SignOffCase, SuperviseCase, TransferCase, WorkerResponded } from './operations';

type Field = 'handler' | 'note' | 'noteRequired' | 'toOrgId' | 'returnReason' | 'declineReason' | 'resolution' | 'upOrgId' | 'reason' | 'agency' | 'dueOn' | 'answer' | 'rating' | 'comment';

/** Each action the API may allow, with its mutation and the form it needs. */
const ACTIONS: Record<string, { doc: DocumentNode; fields: Field[]; danger?: boolean; primary?: boolean }> = {
  ACCEPT: { doc: AcceptCase, fields: ['handler', 'note'], primary: true },
  TRANSFER: { doc: TransferCase, fields: ['toOrgId', 'note'] },
  PROGRESS: { doc: ProgressCase, fields: ['noteRequired'] },
  AWAIT_WORKER: { doc: AwaitWorker, fields: ['noteRequired'] },
  WORKER_RESPONDED: { doc: WorkerResponded, fields: ['noteRequired'] },
  RESOLVE: { doc: ResolveCase, fields: ['resolution'], primary: true },
  SIGN_OFF: { doc: SignOffCase, fields: ['note'], primary: true },
  SUPERVISE: { doc: SuperviseCase, fields: ['noteRequired'] },
  RETURN: { doc: ReturnCase, fields: ['returnReason', 'note'], danger: true },
  DECLINE: { doc: DeclineCase, fields: ['declineReason', 'noteRequired'], danger: true },
  PASS_UP: { doc: PassUpCase, fields: ['upOrgId', 'reason'] },
  REFER_OUT: { doc: ReferCaseOut, fields: ['agency', 'dueOn', 'note'] },
  AGENCY_ANSWERED: { doc: RecordAgencyAnswer, fields: ['answer'], primary: true },
  CALLBACK: { doc: RecordCallback, fields: ['rating', 'comment'], primary: true },
};

const option = (map: Record<string, string>) => Object.entries(map).map(([value, label]) => ({ value, label }));

function ActionButton({ action, caseId, version, under, handlingOrgId, upTargets, onReload, word }: { action: string; caseId: string; version: number; under?: string; handlingOrgId: string; upTargets: UpTarget[]; onReload: () => void; word?: string }) {
  const spec = ACTIONS[action];
  // The hook's modal and message, not the static ones: those miss the locale and theme of the app.
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const [run, { loading }] = useMutation(spec.doc);
  const name = word ?? CASE_ACTION[action] ?? action;
  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, string | undefined>;
    const variables: Record<string, unknown> = { id: caseId, version, note: v.note || v.noteRequired || undefined };
    if (spec.fields.includes('handler')) {
      variables.staffId = v.staffId;
      variables.departmentId = v.departmentId || undefined;
    }
    if (spec.fields.includes('toOrgId')) variables.toOrgId = v.toOrgId;
    if (spec.fields.includes('returnReason')) variables.reason = v.returnReason;
    if (spec.fields.includes('declineReason')) variables.reason = v.declineReason;
    if (spec.fields.includes('resolution')) variables.resolution = v.resolution;
    if (spec.fields.includes('upOrgId')) variables.toOrgId = v.upOrgId;
    for (const f of ['reason', 'agency', 'answer', 'rating', 'comment'] as const) if (spec.fields.includes(f)) variables[f] = v[f];
    if (spec.fields.includes('dueOn')) variables.dueOn = (v.dueOn as unknown as { format(f: string): string } | undefined)?.format('YYYY-MM-DD');
    try {
      const r = await run({ variables, errorPolicy: 'none' });
      const data = r.data as Record<string, unknown> | null | undefined;
      if (!data || Object.values(data).every((x) => x === null)) throw { graphQLErrors: r.errors ?? [{ extensions: { code: 'NOT_FOUND' } }] };
      message.success(`${name}成功`);
      setOpen(false);
      form.resetFields();
      onReload();
    } catch (err) {
      const code = errorCode(err);
      setOpen(false);
      if (code && RELOAD_CODES.has(code)) {
        modal.warning({ title: '情况有变化', content: errorMessage(err), okText: '知道了' });
        onReload();
      } else message.error(errorMessage(err));
    }
  };
  return (
    <>
      <Button type={spec.primary ? 'primary' : 'default'} danger={spec.danger} onClick={() => setOpen(true)} data-testid={`action-${action}`}>
        {name}
      </Button>
      <Modal title={name} open={open} onCancel={() => setOpen(false)} onOk={() => void submit()} okText="确定" cancelText="取消" confirmLoading={loading} destroyOnClose>
        <Form form={form} layout="vertical" preserve={false}>
          {spec.fields.includes('handler') && <HandlerFields orgId={handlingOrgId} form={form} />}
          {spec.fields.includes('toOrgId') && (
            <Form.Item name="toOrgId" label="转给哪个单位" rules={[{ required: true, message: '请选择单位' }]}>
              <OrgPicker under={under} exclude={handlingOrgId} />
            </Form.Item>
          )}
          {spec.fields.includes('upOrgId') && (
            <Form.Item name="upOrgId" label="上报给哪一级工会" rules={[{ required: true, message: '请选择上级工会' }]} initialValue={upTargets[0]?.id}>
              <Select options={upTargets.map((o) => ({ value: o.id, label: o.name ?? o.id }))} placeholder="请选择" data-testid="up-target" />
            </Form.Item>
          )}
          {spec.fields.includes('reason') && (
            <Form.Item name="reason" label="上报原因（为什么本单位办不了）" rules={[{ required: true, whitespace: true, message: '请写明上报原因' }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder="例如：涉及劳动仲裁，企业工会无力处理" />
            </Form.Item>
          )}
          {spec.fields.includes('agency') && (
            <Form.Item name="agency" label="转交的机构" rules={[{ required: true, whitespace: true, min: 2, message: '请填写机构名称（至少 2 个字）' }]}>
              <Input maxLength={100} placeholder="例如：江北区法律援助中心、区劳动保障监察大队" />
            </Form.Item>
          )}
          {spec.fields.includes('dueOn') && (
            <Form.Item name="dueOn" label="请机构在哪天前答复" rules={[{ required: true, message: '请选择答复期限' }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isBefore(new Date(), 'day')} />
            </Form.Item>
          )}
          {spec.fields.includes('answer') && (
            <Form.Item name="answer" label="机构的答复" rules={[{ required: true, whitespace: true, message: '请填写机构的答复' }]}>
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          )}
          {spec.fields.includes('rating') && (
            <Form.Item name="rating" label="职工的评价（电话回访）" rules={[{ required: true, message: '请选择职工的评价' }]} extra="选“不满意”后，诉求重新办理并列入督办。">
              <Radio.Group options={Object.entries(RATING).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          )}
          {spec.fields.includes('comment') && (
            <Form.Item name="comment" label="职工怎么说（可不填）">
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          )}
          {spec.fields.includes('returnReason') && (
            <Form.Item name="returnReason" label="退回原因" rules={[{ required: true, message: '请选择原因' }]}>
              <Select options={option(RETURN_REASON)} placeholder="请选择" />
            </Form.Item>
          )}
          {spec.fields.includes('declineReason') && (
            <Form.Item name="declineReason" label="不予受理原因" rules={[{ required: true, message: '请选择原因' }]}>
              <Select options={option(DECLINE_REASON)} placeholder="请选择" />
            </Form.Item>
          )}
          {spec.fields.includes('resolution') && (
            <Form.Item name="resolution" label="办理结果" rules={[{ required: true, whitespace: true, message: '请写明办理结果' }]}>
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
          )}
          {spec.fields.includes('noteRequired') && (
            <Form.Item name="noteRequired" label="说明" rules={[{ required: true, whitespace: true, message: '请填写说明' }]}>
              <Input.TextArea rows={3} maxLength={1000} showCount />
            </Form.Item>
          )}
          {spec.fields.includes('note') && (
            <Form.Item name="note" label="备注（可不填）">
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}

/**
 * 接单 names a 部室 and a person of the handling union's own staff list, picked from lists:
 * choosing a 部室 narrows the people to it. A union without 部室 picks the person only.
 */
function HandlerFields({ orgId, form }: { orgId: string; form: ReturnType<typeof Form.useForm>[0] }) {
  const { data, loading } = useQuery(CaseHandlers, { variables: { orgId }, fetchPolicy: 'cache-and-network' });
  const departmentId = Form.useWatch('departmentId', form) as string | undefined;
  const departments = data?.org?.departments ?? [];
  const staff = (data?.org?.staffAccounts?.edges ?? []).map((e) => e.node).filter((p) => !departmentId || p.departmentId === departmentId);
  return (
    <>
      {departments.length > 0 && (
        <Form.Item name="departmentId" label="承办部室" rules={[{ required: true, message: '请选择承办部室' }]}>
          <Select
            options={departments.map((d) => ({ value: d.id, label: d.name }))}
            placeholder="请选择部室"
            loading={loading}
            onChange={() => form.setFieldValue('staffId', undefined)}
            data-testid="accept-department"
          />
        </Form.Item>
      )}
      <Form.Item name="staffId" label="负责人" rules={[{ required: true, message: '请选择负责人' }]} extra={staff.length || loading ? undefined : '本单位还没有工作人员账号，请联系上级工会在“人员与部室”中开通。'}>
        <Select options={staff.map((p) => ({ value: p.id, label: p.name }))} placeholder="请选择负责人" loading={loading} showSearch optionFilterProp="label" data-testid="accept-staff" />
      </Form.Item>
    </>
  );
}

export interface UpTarget {
  id: string;
  name?: string | null;
}

/** Buttons for exactly the actions the API allows this caller now; nothing else. */
export function CaseActions({ allowed, caseId, version, under, handlingOrgId, upTargets = [], onReload, words }: { allowed: string[]; caseId: string; version: number; under?: string; handlingOrgId: string; upTargets?: UpTarget[]; onReload: () => void; words?: Record<string, string> }) {
  const shown = allowed.filter((a) => ACTIONS[a]);
  if (!shown.length) return <span style={{ color: '#999' }}>当前没有需要您办理的操作</span>;
  return (
    <Space wrap data-testid="case-actions">
      {shown.map((a) => (
        <ActionButton key={a} action={a} caseId={caseId} version={version} under={under} handlingOrgId={handlingOrgId} upTargets={upTargets} onReload={onReload} word={words?.[a]} />
      ))}
    </Space>
  );
}
