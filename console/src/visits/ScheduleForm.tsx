import { useMutation } from '@apollo/client';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { dayOf } from '../ui/time';
import { SetVisitDays } from './operations';
import { WEEKDAY } from './calendar';

interface Current {
  weekday?: number | null;
  startsOn: string;
  chair: string;
  staffCount: number;
  version: number;
}

/** 设置陪伴日: the weekday the chair spends on the shop floor, for a firm of 100 or more staff. */
export function ScheduleForm({ orgId, current, open, onClose, onSaved }: { orgId: string; current: Current | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ weekday: number; startsOn: Dayjs; chair: string; staffCount: number }>();
  const { message } = App.useApp();
  const [save, { loading }] = useMutation(SetVisitDays);
  const submit = async (v: { weekday: number; startsOn: Dayjs; chair: string; staffCount: number }) => {
    try {
      const r = await save({ variables: { input: { orgId, weekday: v.weekday, startsOn: v.startsOn.format('YYYY-MM-DD'), chair: v.chair, staffCount: v.staffCount, version: current?.version } }, errorPolicy: 'none' });
      if (!r.data?.setChairVisitDays) throw r;
      message.success(`已设为每${WEEKDAY[v.weekday]}陪伴日`);
      onSaved();
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  return (
    <Modal title="设置陪伴日" open={open} onCancel={onClose} footer={null} destroyOnClose>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}
        initialValues={{ weekday: current?.weekday ?? 3, startsOn: dayjs(current?.startsOn ?? dayOf()), chair: current?.chair, staffCount: current?.staffCount ?? 100 }}>
        <Form.Item name="weekday" label="每周哪一天" rules={[{ required: true }]}>
          <Select options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: WEEKDAY[d] }))} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="startsOn" label="从哪天开始" rules={[{ required: true }]}>
          <DatePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="chair" label="工会主席" rules={[{ required: true, whitespace: true, message: '请写上主席姓名' }]}>
          <Input maxLength={50} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="staffCount" label="企业职工人数" extra="陪伴日面向百人以上企业" rules={[{ required: true }]}>
          <InputNumber min={0} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={loading}>保存</Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}
