import { useMutation } from '@apollo/client';
import { App, Button, Card, Form, Input, Radio, Select, Switch } from 'antd';
import { useNavigate } from 'react-router-dom';
import { RaiseCase } from '../cases/operations';
import { MemberPicker } from '../members/MemberPicker';
import { useRootOrg } from '../orgs/useRootOrg';
import { errorMessage } from '../ui/errors';
import { CASE_CHANNEL, CASE_KIND, URGENCY } from '../ui/labels';
import { OrgPicker } from '../ui/OrgPicker';
import { useActionKeys } from '../light/idempotency';

const opts = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

/** 登记: a worker phoned, walked in or spoke at a chair visit day; staff write it down. */
export default function RegisterCasePage() {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const root = useRootOrg();
  const anonymous = Form.useWatch('anonymous', form) as boolean | undefined;
  const [raise, { loading }] = useMutation(RaiseCase);
  const keys = useActionKeys();
  const submit = async (v: Record<string, unknown>) => {
    try {
      const input = { kind: v.kind, channel: v.channel, urgency: v.urgency, description: v.description, anonymous: !!v.anonymous, memberId: v.anonymous ? undefined : v.memberId, orgId: v.orgId };
      // Pressing 提交 again after an unclear failure sends the same key: one case, not two.
      const r = await raise({ variables: { input: input as never, idempotencyKey: keys.for(input) }, errorPolicy: 'none' });
      const c = r.data?.raiseCase;
      if (!c) throw r;
      keys.settle();
      message.success(`已登记，编号 ${c.number}`);
      navigate(`/cases/${c.id}`);
    } catch (err) {
      message.error(errorMessage(err));
    }
  };
  return (
    <Card title="登记诉求" style={{ maxWidth: 760 }}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ urgency: 'NORMAL', channel: 'HOTLINE_12351', anonymous: false }}>
        <Form.Item name="channel" label="渠道" rules={[{ required: true }]}>
          <Select options={opts(CASE_CHANNEL)} />
        </Form.Item>
        <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
          <Select options={opts(CASE_KIND)} placeholder="请选择" />
        </Form.Item>
        <Form.Item name="urgency" label="紧急程度">
          <Radio.Group options={opts(URGENCY)} optionType="button" />
        </Form.Item>
        <Form.Item name="description" label="诉求内容" rules={[{ required: true, whitespace: true, message: '请写下职工反映的情况' }]}>
          <Input.TextArea rows={5} maxLength={2000} showCount placeholder="职工反映了什么、希望怎么解决" />
        </Form.Item>
        <Form.Item name="anonymous" label="职工要求匿名" valuePropName="checked">
          <Switch />
        </Form.Item>
        {!anonymous && (
          <Form.Item name="memberId" label="职工（按姓名查找本辖区会员，可不选）">
            <MemberPicker />
          </Form.Item>
        )}
        <Form.Item name="orgId" label="登记到哪个单位（默认本单位）">
          <OrgPicker under={root.id} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={loading}>登记</Button>
      </Form>
    </Card>
  );
}
