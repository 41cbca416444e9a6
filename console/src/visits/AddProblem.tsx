import { useMutation } from '@apollo/client';
import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../ui/errors';
import { CASE_KIND, URGENCY } from '../ui/labels';
import { AddVisitProblems } from './operations';

const opts = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

/** 补登问题: a problem heard on a visit already in the diary, registered as a case linked to it. */
export function AddProblem({ visitId, onSaved }: { visitId: string; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ kind: string; urgency: string; description: string }>();
  const { message } = App.useApp();
  const [add, { loading }] = useMutation(AddVisitProblems);
  const submit = async (v: { kind: string; urgency: string; description: string }) => {
    try {
      const r = await add({ variables: { visitId, problems: [{ kind: v.kind as never, urgency: v.urgency as never, description: v.description }] }, errorPolicy: 'none' });
      const cases = r.data?.addChairVisitProblems?.cases;
      if (!cases) throw r;
      message.success(`已登记为诉求 ${cases[cases.length - 1].number}`);
      setOpen(false);
      onSaved();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>补登问题</Button>
      <Modal title="补登这次陪伴听到的问题" open={open} onCancel={() => setOpen(false)} footer={null} destroyOnClose>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ urgency: 'NORMAL' }}>
          <Space wrap>
            <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
              <Select options={opts(CASE_KIND)} placeholder="请选择" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="urgency" label="紧急程度">
              <Select options={opts(URGENCY)} style={{ width: 100 }} />
            </Form.Item>
          </Space>
          <Form.Item name="description" label="职工反映的问题" rules={[{ required: true, whitespace: true, min: 5, message: '请用至少 5 个字写下职工的原话' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={loading}>登记为诉求</Button>
            <Button onClick={() => setOpen(false)}>取消</Button>
          </Space>
        </Form>
      </Modal>
    </>
  );
}
