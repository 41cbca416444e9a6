import { useMutation } from '@apollo/client';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage } from '../ui/errors';
import { options as opts, ProblemsField, type ProblemValue } from '../ui/ProblemsField';
import { dayOf } from '../ui/time';
import { RecordVisit } from './operations';
import { VISIT_FORMAT } from './calendar';

interface Values {
  visitedOn: Dayjs;
  chair: string;
  attendance: number;
  format: string;
  notes: string;
  problems?: ProblemValue[];
}

/**
 * 民意日记: one visit day of the caller's own union. Each problem written here is registered
 * as a case (channel 主席陪伴日) linked to the entry, in the same save: all or nothing.
 */
export function VisitForm({ orgId, chair, open, onClose, onSaved }: { orgId: string; chair: string; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [record, { loading }] = useMutation(RecordVisit);
  const today = dayOf();
  const submit = async (v: Values) => {
    try {
      const r = await record({
        variables: {
          input: {
            orgId, visitedOn: v.visitedOn.format('YYYY-MM-DD'), chair: v.chair, attendance: v.attendance, format: v.format as never, notes: v.notes,
            problems: (v.problems ?? []).map((p) => ({ kind: p.kind as never, urgency: p.urgency as never, description: p.description })),
          },
        },
        errorPolicy: 'none',
      });
      const saved = r.data?.recordChairVisit;
      if (!saved) throw r;
      message.success(saved.cases.length ? `已记入民意日记，${saved.cases.length} 个问题已登记为诉求（${saved.cases.map((c) => c.number).join('、')}）` : '已记入民意日记');
      form.resetFields();
      onSaved();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  return (
    <Modal title="记民意日记" open={open} onCancel={onClose} footer={null} width={720} destroyOnClose>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ visitedOn: dayjs(today), chair, format: 'WALKABOUT', attendance: 10, problems: [] }}>
        <Space size={16} wrap>
          <Form.Item name="visitedOn" label="陪伴日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
          </Form.Item>
          <Form.Item name="chair" label="工会主席" rules={[{ required: true, whitespace: true, message: '请写上主席姓名' }]}>
            <Input maxLength={50} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="attendance" label="参与职工（人）" rules={[{ required: true, message: '请填人数' }]}>
            <InputNumber min={0} precision={0} style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Form.Item name="format" label="形式">
          <Radio.Group options={opts(VISIT_FORMAT)} optionType="button" />
        </Form.Item>
        <Form.Item name="notes" label="日记内容" rules={[{ required: true, whitespace: true, message: '请写下这次陪伴听到、看到、做了什么' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder="在哪个车间、和哪些职工、听到了什么" />
        </Form.Item>
        <ProblemsField addText="添加职工反映的问题（登记为诉求，挂号办理）" />
        <Space>
          <Button type="primary" htmlType="submit" loading={loading}>保存日记</Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}
