import { useMutation } from '@apollo/client';
import { App, Button, DatePicker, Form, Input, Modal, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useActionKeys } from '../light/idempotency';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { dayOf } from '../ui/time';
import { CreateServiceMenu, UpdateServiceMenu } from './operations';

interface Current {
  id: string;
  title: string;
  startsOn: string;
  endsOn: string;
  version: number;
}

type Values = { title: string; period: [Dayjs, Dayjs] };

/** 新建/修改菜单: the title and the period the union takes orders in. */
export function MenuForm({ orgId, current, open, onClose, onSaved }: { orgId: string; current: Current | null; open: boolean; onClose: () => void; onSaved: (id: string) => void }) {
  const { message } = App.useApp();
  const keys = useActionKeys();
  const [create, creating] = useMutation(CreateServiceMenu);
  const [update, updating] = useMutation(UpdateServiceMenu);
  const submit = async (v: Values) => {
    const input = { title: v.title, startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD') };
    try {
      if (current) {
        const r = await update({ variables: { id: current.id, input, version: current.version }, errorPolicy: 'none' });
        if (!r.data?.updateServiceMenu) throw r;
        onSaved(current.id);
      } else {
        const r = await create({ variables: { orgId, input, idempotencyKey: keys.for(input) }, errorPolicy: 'none' });
        if (!r.data?.createServiceMenu) throw r;
        keys.settle();
        onSaved(r.data.createServiceMenu.id);
      }
      message.success('菜单已保存');
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  return (
    <Modal title={current ? '修改菜单' : '新建服务菜单'} open={open} onCancel={onClose} footer={null} destroyOnClose>
      <Form<Values> layout="vertical" onFinish={(v) => void submit(v)}
        initialValues={{ title: current?.title ?? `${dayOf().slice(0, 4)}年职工服务菜单`, period: [dayjs(current?.startsOn ?? dayOf()), dayjs(current?.endsOn ?? dayOf(new Date(), 180))] }}>
        <Form.Item name="title" label="菜单名称" rules={[{ required: true, whitespace: true, message: '请填写菜单名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="period" label="接受点单的时间" extra="最长一年；到期后职工不能再点单" rules={[{ required: true }]}>
          <DatePicker.RangePicker allowClear={false} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={creating.loading || updating.loading}>保存</Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}
