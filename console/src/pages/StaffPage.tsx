import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useRootOrg } from '../orgs/useRootOrg';
import { useSession } from '../auth/SessionContext';
import { OrgPicker } from '../ui/OrgPicker';
import { errorMessage } from '../ui/errors';
import { ErrorState, Loading, NotFound } from '../ui/States';
import { formatDateTime } from '../ui/time';
import { CreateDepartment, DeactivateDepartment, GrantStaffAccount, OrgDirectory, RenameDepartment, RevokeStaffAccount } from '../staff/operations';
import { GRANT_ACTION_LABEL, PERMISSION_LABEL } from '../staff/labels';

type Dialog =
  | { kind: 'create' }
  | { kind: 'rename'; id: string; version: number; name: string }
  | { kind: 'grant' }
  | { kind: 'revoke'; id: string; version: number; name: string };

/**
 * 人员与部室: a union's departments and staff accounts. Who may change them is the API's
 * call (staff:manage, for one's own union and below; never more rights than one holds): a
 * refusal comes back as a plain message, and the lists reload after every change.
 */
export default function StaffPage() {
  const root = useRootOrg();
  const { claims } = useSession();
  const { message, modal } = App.useApp();
  const [picked, setPicked] = useState<string | undefined>();
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [form] = Form.useForm();
  const orgId = picked ?? root.id;
  const { data, loading, error, refetch } = useQuery(OrgDirectory, { variables: { orgId: orgId! }, skip: !orgId, fetchPolicy: 'cache-and-network' });
  const [create] = useMutation(CreateDepartment);
  const [rename] = useMutation(RenameDepartment);
  const [deactivate] = useMutation(DeactivateDepartment);
  const [grant] = useMutation(GrantStaffAccount);
  const [revoke] = useMutation(RevokeStaffAccount);

  if (!orgId || (loading && !data)) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  const org = data?.org;
  if (!org) return <NotFound what="单位" />;
  const departments = org.departments ?? [];
  const accounts = (org.staffAccounts?.edges ?? []).map((e) => e.node);
  const departmentName = (id?: string | null) => departments.find((d) => d.id === id)?.name ?? '—';
  // A keeper grants what it holds; admins hold every right.
  const grantable = Object.keys(PERMISSION_LABEL).filter((p) => claims.role === 'admin' || claims.perms?.includes(p));

  const run = async (mutate: (o: { variables: never }) => Promise<unknown>, variables: Record<string, unknown>, done: string) => {
    try {
      await mutate({ variables: variables as never });
      message.success(done);
      setDialog(undefined);
      form.resetFields();
      void refetch();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>;
    if (dialog?.kind === 'create') await run(create, { orgId: org.id, name: v.name }, '已新增部室');
    if (dialog?.kind === 'rename') await run(rename, { id: dialog.id, version: dialog.version, name: v.name }, '已改名');
    if (dialog?.kind === 'grant') {
      await run(grant, { input: { orgId: org.id, subject: v.subject, name: v.name, departmentId: v.departmentId || undefined, perms: v.perms ?? [], note: v.note || undefined } }, '已开通账号');
    }
    if (dialog?.kind === 'revoke') await run(revoke, { id: dialog.id, version: dialog.version, reason: v.reason }, '已停用，约一秒后该账号不能再登录');
  };
  const confirmDeactivate = (d: { id: string; version: number; name: string }) =>
    modal.confirm({
      title: `撤销部室“${d.name}”？`,
      content: '撤销后不能再把人员和诉求分到这个部室；已经在部室里的人员不受影响。',
      okText: '撤销',
      cancelText: '取消',
      onOk: () => run(deactivate, { id: d.id, version: d.version }, '已撤销部室'),
    });

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card title="人员与部室" extra={<OrgPicker under={root.id} value={picked} onChange={setPicked} placeholder="换一个单位：输入名称或代码" style={{ width: 320 }} />}>
        <div data-testid="directory-org">
          {org.name}（{org.code}）
        </div>
      </Card>
      <Card title="部室" extra={<Button onClick={() => setDialog({ kind: 'create' })}>新增部室</Button>}>
        <Table rowKey="id" size="small" pagination={false} dataSource={departments} locale={{ emptyText: '这个单位还没有部室' }}
          columns={[
            { title: '部室', dataIndex: 'name' },
            { title: '状态', dataIndex: 'active', width: 100, render: (a: boolean) => (a ? <Tag color="green">在用</Tag> : <Tag>已撤销</Tag>) },
            {
              title: '操作', width: 160,
              render: (_: unknown, d) => d.active && (
                <Space>
                  <a onClick={() => setDialog({ kind: 'rename', id: d.id, version: d.version, name: d.name })}>改名</a>
                  <a onClick={() => confirmDeactivate(d)}>撤销</a>
                </Space>
              ),
            },
          ]} />
      </Card>
      <Card title="工作人员" extra={<Button type="primary" onClick={() => setDialog({ kind: 'grant' })}>开通账号</Button>}>
        <Table rowKey="id" size="small" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={accounts} locale={{ emptyText: '这个单位还没有工作人员账号' }}
          expandable={{
            expandedRowRender: (a) => (
              <Table rowKey={(g) => `${g.action}-${g.at}`} size="small" pagination={false} dataSource={a.grants}
                columns={[
                  { title: '时间', dataIndex: 'at', width: 180, render: (t: string) => formatDateTime(t) },
                  { title: '事项', dataIndex: 'action', width: 80, render: (x: string) => GRANT_ACTION_LABEL[x] ?? x },
                  { title: '说明', dataIndex: 'note' },
                  { title: '经办', dataIndex: 'actorSub', width: 200 },
                ]} />
            ),
          }}
          columns={[
            { title: '姓名', dataIndex: 'name', width: 120 },
            { title: '登录账号', dataIndex: 'subject' },
            { title: '部室', dataIndex: 'departmentId', width: 140, render: (d: string | null) => departmentName(d) },
            { title: '权限', dataIndex: 'perms', render: (ps: string[]) => (ps.length ? ps.map((p) => <Tag key={p}>{PERMISSION_LABEL[p] ?? p}</Tag>) : '只能查看和办理本辖区事项') },
            { title: '状态', dataIndex: 'active', width: 90, render: (a: boolean) => (a ? <Tag color="green">在用</Tag> : <Tag>已停用</Tag>) },
            { title: '操作', width: 80, render: (_: unknown, a) => a.active && <a onClick={() => setDialog({ kind: 'revoke', id: a.id, version: a.version, name: a.name })}>停用</a> },
          ]} />
      </Card>
      <Modal
        open={!!dialog}
        title={{ create: '新增部室', rename: '部室改名', grant: '开通工作人员账号', revoke: '停用账号' }[dialog?.kind ?? 'create']}
        onCancel={() => setDialog(undefined)}
        onOk={() => void submit()}
        okText="确定"
        cancelText="取消"
        destroyOnClose
      >
        <Form form={form} layout="vertical" preserve={false}>
          {(dialog?.kind === 'create' || dialog?.kind === 'rename') && (
            <Form.Item name="name" label="部室名称" initialValue={dialog.kind === 'rename' ? dialog.name : undefined} rules={[{ required: true, whitespace: true, message: '请填写部室名称' }]}>
              <Input maxLength={50} placeholder="例如：权益保障部" />
            </Form.Item>
          )}
          {dialog?.kind === 'grant' && (
            <>
              <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="subject" label="登录账号" extra="统一身份认证里的账号标识（sub），由市里的身份认证平台提供，区分大小写。" rules={[{ required: true, whitespace: true, message: '请填写登录账号' }]}>
                <Input maxLength={200} />
              </Form.Item>
              {departments.some((d) => d.active) && (
                <Form.Item name="departmentId" label="部室">
                  <Select allowClear options={departments.filter((d) => d.active).map((d) => ({ value: d.id, label: d.name }))} placeholder="可不选" />
                </Form.Item>
              )}
              <Form.Item name="perms" label="权限" extra="只能授予您自己拥有的权限。">
                <Checkbox.Group options={grantable.map((p) => ({ value: p, label: PERMISSION_LABEL[p] }))} />
              </Form.Item>
              <Form.Item name="note" label="备注（可不填）">
                <Input maxLength={500} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'revoke' && (
            <Form.Item name="reason" label={`停用“${dialog.name}”的原因`} extra="停用后约一秒内该账号就不能再登录，账号和记录都会保留。" rules={[{ required: true, whitespace: true, message: '请写明停用原因' }]}>
              <Input.TextArea rows={2} maxLength={500} placeholder="例如：调离本单位" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
