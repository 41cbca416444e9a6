import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { App, Button, Card, Form, Input, Modal, Select, Tag, Typography } from 'antd';
import { useNavigate } from 'react-router-dom';
import { PartnerList, RegisterPartner } from '../benefits/partners/operations';
import { useRootOrg } from '../orgs/useRootOrg';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { PARTNER_KIND, label } from '../ui/labels';
import { OrgPicker } from '../ui/OrgPicker';
import { Pager, usePager } from '../ui/Pager';
import { ListTable } from '../ui/ListTable';
import { formatDate } from '../ui/time';

/** Registering a venue or supplier under a union of the subtree. */
function NewPartner({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (id: string) => void }) {
  const [form] = Form.useForm<{ name: string; kind: string; orgId?: string }>();
  const root = useRootOrg();
  const { message } = App.useApp();
  const [register, { loading }] = useMutation(RegisterPartner);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await register({ variables: { input: { name: v.name.trim(), kind: v.kind as never, orgId: v.orgId ?? root.id! } }, errorPolicy: 'none' });
      const id = r.data?.registerPartner?.id;
      if (!id) throw r;
      message.success(`已登记合作商家“${v.name.trim()}”`);
      onDone(id);
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  return (
    <Modal open={open} title="登记合作商家" okText="登记" cancelText="取消" confirmLoading={loading} onOk={() => void submit()} onCancel={onClose} destroyOnClose>
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="name" label="商家名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 100, message: '最多 100 个字' }]}>
          <Input placeholder="例如：滨江影城" maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]}>
          <Select options={Object.entries(PARTNER_KIND).map(([value, l]) => ({ value, label: l }))} placeholder="请选择" data-testid="partner-kind" />
        </Form.Item>
        <Form.Item name="orgId" label="由哪个单位管理（不选即本单位）">
          <OrgPicker under={root.id} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 合作商家: venues and suppliers that check and redeem members' vouchers at their desk. */
export default function PartnersPage() {
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const pager = usePager();
  const query = useQuery(PartnerList, { variables: { after: pager.after } });
  const data = query.data;
  return (
    <Card title="合作商家" extra={<Button type="primary" onClick={() => setCreating(true)} data-testid="new-partner">登记合作商家</Button>}>
      <ListTable
        query={query}
        rows={(data?.partners?.edges ?? []).map((e) => e.node)}
        empty="还没有合作商家"
        scroll={{ x: 900 }}
        onRow={(p) => ({ onClick: () => navigate(`/partners/${p.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '商家', dataIndex: 'name', render: (n: string) => <Typography.Link>{n}</Typography.Link> },
          { title: '类型', dataIndex: 'kind', width: 100, render: (k: string) => label(PARTNER_KIND, k) },
          { title: '管理单位', dataIndex: ['org', 'name'], ellipsis: true },
          { title: '服务的项目', render: (_: unknown, p) => (p.programmes.length ? p.programmes.map((x) => x.name).join('、') : '—'), ellipsis: true },
          { title: '有效密钥', width: 90, render: (_: unknown, p) => p.keys.filter((k) => !k.revokedAt).length },
          { title: '状态', dataIndex: 'active', width: 80, render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>) },
          { title: '登记日期', dataIndex: 'createdAt', width: 110, render: formatDate },
        ]}
      />
      <Pager pager={pager} pageInfo={data?.partners?.pageInfo} />
      <NewPartner open={creating} onClose={() => setCreating(false)} onDone={(id) => { setCreating(false); navigate(`/partners/${id}`); }} />
    </Card>
  );
}
