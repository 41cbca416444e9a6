import { useMutation } from '@apollo/client';
import { App, Button, Card, Form, Input, Select, Switch } from 'antd';
import { useNavigate } from 'react-router-dom';
import { EnrolMember } from '../members/operations';
import { useRootOrg } from '../orgs/useRootOrg';
import { errorMessage } from '../ui/errors';
import { EMPLOYMENT_TYPE, GENDER } from '../ui/labels';
import { OrgPicker } from '../ui/OrgPicker';
import { useActionKeys } from '../light/idempotency';

const opts = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

/** 录入会员: the API checks the ID number and phone; its message is shown as it is. */
export default function EnrolPage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const root = useRootOrg();
  const [enrol, { loading }] = useMutation(EnrolMember);
  const keys = useActionKeys();
  const submit = async (v: Record<string, unknown>) => {
    try {
      const input = { ...v, modelWorker: !!v.modelWorker, children: [] };
      const r = await enrol({ variables: { input: input as never, idempotencyKey: keys.for(input) }, errorPolicy: 'none' });
      keys.settle();
      message.success(`已录入 ${r.data?.enrolMember?.name}`);
      navigate(`/members/${r.data?.enrolMember?.id}`);
    } catch (e) {
      message.error(errorMessage(e), 8);
    }
  };
  return (
    <Card title="录入会员" style={{ maxWidth: 640 }}>
      <Form layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ employmentType: 'REGULAR', gender: 'MALE' }}>
        <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}><Input maxLength={50} /></Form.Item>
        <Form.Item name="gender" label="性别"><Select options={opts(GENDER)} /></Form.Item>
        <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, message: '请填写身份证号' }, { pattern: /^\d{17}[\dXx]$/, message: '身份证号是 18 位，最后一位可以是 X' }]}><Input maxLength={18} autoComplete="off" /></Form.Item>
        <Form.Item name="phone" label="手机号" rules={[{ required: true, message: '请填写手机号' }, { pattern: /^1[3-9]\d{9}$/, message: '手机号是 11 位数字' }]}><Input maxLength={11} autoComplete="off" /></Form.Item>
        <Form.Item name="employmentType" label="就业形态"><Select options={opts(EMPLOYMENT_TYPE)} /></Form.Item>
        <Form.Item name="orgId" label="所在工会" rules={[{ required: true, message: '请选择所在工会' }]}><OrgPicker under={root.id} /></Form.Item>
        <Form.Item name="modelWorker" label="劳模" valuePropName="checked"><Switch /></Form.Item>
        <Button type="primary" htmlType="submit" loading={loading}>录入</Button>
      </Form>
    </Card>
  );
}
