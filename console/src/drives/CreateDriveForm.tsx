import { useMutation } from '@apollo/client';
import { App, Button, DatePicker, Form, Input, Modal, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { dayOf } from '../ui/time';
import { useActionKeys } from '../light/idempotency';
import { CreateDrive } from './operations';

interface Values {
  title: string;
  period: [Dayjs, Dayjs];
  gigFocus: boolean;
}

/** 发起入会行动: a drive of the caller's own union, 100 days from today unless changed; targets are set next. */
export function CreateDriveForm({ orgId, open, onClose, onSaved }: { orgId: string; open: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [create, { loading }] = useMutation(CreateDrive);
  const keys = useActionKeys();
  const submit = async (v: Values) => {
    try {
      const input = { orgId, title: v.title, startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD'), gigFocus: v.gigFocus, targets: [] };
      // Pressing 发起 again after an unclear failure sends the same key: one drive, not two.
      const r = await create({ variables: { key: keys.for(input), input }, errorPolicy: 'none' });
      if (!r.data?.createJoinDrive) throw r;
      keys.settle();
      message.success('入会行动已发起，请为下一级工会设置目标');
      onSaved(r.data.createJoinDrive.id);
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  const today = dayjs(dayOf());
  return (
    <Modal title="发起扫码入会行动" open={open} onCancel={onClose} footer={null} destroyOnClose>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ title: '新就业形态劳动者扫码入会百日行动', period: [today, today.add(99, 'day')], gigFocus: true }}>
        <Form.Item name="title" label="行动名称" rules={[{ required: true, whitespace: true, min: 2, message: '请写上行动名称（2-100 字）' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="period" label="起止日期" extra="最长一年；二维码在结束日之后失效" rules={[{ required: true }]}>
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Form.Item name="gigFocus" label="聚焦新就业形态劳动者" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={loading}>发起</Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}
