import { useMutation } from '@apollo/client';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import type { CaseKind } from '../gql/graphql';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { CASE_KIND } from '../ui/labels';
import { MENU_KINDS } from './figures';
import { AddMenuItem, UpdateMenuItem } from './operations';

interface Current {
  id: string;
  title: string;
  description: string;
  kind: string;
  quantity?: number | null;
  ordered: number;
  version: number;
}

type Values = { title: string; description: string; kind: CaseKind; quantity?: number | null };

/** 添加/修改服务项目: what is offered, the kind of request an order becomes, and how many if limited. */
export function ItemForm({ menuId, current, open, onClose, onSaved }: { menuId: string; current: Current | null; open: boolean; onClose: () => void; onSaved: () => void }) {
  const { message } = App.useApp();
  const [add, adding] = useMutation(AddMenuItem);
  const [update, updating] = useMutation(UpdateMenuItem);
  const submit = async (v: Values) => {
    const input = { title: v.title, description: v.description, kind: v.kind, quantity: v.quantity ?? null };
    try {
      const r = current
        ? await update({ variables: { id: current.id, input, version: current.version }, errorPolicy: 'none' })
        : await add({ variables: { menuId, input }, errorPolicy: 'none' });
      if (!r.data) throw r;
      message.success('服务项目已保存');
      onSaved();
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  return (
    <Modal title={current ? '修改服务项目' : '添加服务项目'} open={open} onCancel={onClose} footer={null} destroyOnClose>
      <Form<Values> layout="vertical" onFinish={(v) => void submit(v)}
        initialValues={current ? { title: current.title, description: current.description, kind: current.kind as CaseKind, quantity: current.quantity } : { kind: 'MICRO_WISH' as CaseKind }}>
        <Form.Item name="title" label="服务项目" rules={[{ required: true, whitespace: true, message: '请填写项目名称，如：职工子女自行车' }]}>
          <Input maxLength={100} placeholder="如：职工子女自行车、食堂地方菜窗口" />
        </Form.Item>
        <Form.Item name="description" label="服务内容" rules={[{ required: true, whitespace: true, message: '请写明职工能得到什么、怎么办' }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
        <Form.Item name="kind" label="点单后登记为" extra="需要上级签单的法律援助、困难帮扶等诉求不放进菜单，请职工直接登记诉求" rules={[{ required: true }]}>
          <Select options={MENU_KINDS.map((k) => ({ value: k, label: CASE_KIND[k] ?? k }))} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="quantity" label="数量" extra={current?.ordered ? `已有 ${current.ordered} 人点单，数量不能少于这个数` : '不填表示不限量'}>
          <InputNumber min={1} precision={0} style={{ width: 160 }} placeholder="不限量" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={adding.loading || updating.loading}>保存</Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}
