import { useMutation } from '@apollo/client';
import { App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { CreateProgramme } from '../benefits/programmes/operations';
import { RuleEditor } from '../benefits/programmes/RuleEditor';
import { newRule, ruleProblems, toDocument, type Rule } from '../benefits/programmes/rules';
import { useRootOrg } from '../orgs/useRootOrg';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { PROGRAMME_KIND } from '../ui/labels';
import { toCents } from '../ui/money';
import { OrgPicker } from '../ui/OrgPicker';
import { useActionKeys } from '../light/idempotency';

/** Kinds a member holds a voucher for (they have a validity), and kinds that pay an amount per award. */
const VOUCHER_KINDS = ['CINEMA_VOUCHER', 'SWIMMING_VOUCHER', 'GYM_VOUCHER', 'HEALTH_CHECK', 'SANATORIUM', 'FREE_CLASS', 'GIFT_BATCH'];
const AWARD_KINDS = ['EDUCATION_AID', 'MODEL_WORKER_AID'];

interface Values {
  name: string;
  kind: string;
  orgId?: string;
  period: [Dayjs, Dayjs];
  quota?: number | null;
  budgetYuan?: number | null;
  amountYuan?: number | null;
  voucherValidDays?: number | null;
  rules: Rule[];
}

/** 新建项目: a programme starts in preparation (DRAFT); it opens from its own page once checked. */
export default function ProgrammeNewPage() {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const root = useRootOrg();
  const kind = Form.useWatch('kind', form);
  const [create, { loading }] = useMutation(CreateProgramme);
  const keys = useActionKeys();
  const submit = async (v: Values) => {
    try {
      const input = {
        name: v.name.trim(), kind: v.kind as never, orgId: v.orgId ?? root.id!, startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD'),
        quota: v.quota ?? null, budgetCents: toCents(v.budgetYuan), amountCents: AWARD_KINDS.includes(v.kind) ? toCents(v.amountYuan) : null,
        voucherValidDays: VOUCHER_KINDS.includes(v.kind) ? (v.voucherValidDays ?? null) : null, rules: toDocument(v.rules) as never,
      };
      const r = await create({ variables: { input, idempotencyKey: keys.for(input) }, errorPolicy: 'none' });
      const id = r.data?.createProgramme?.id;
      if (!id) throw r;
      keys.settle();
      message.success('项目已建好，现在是“筹备中”：核对条件和名额后，点“开放项目”。');
      navigate(`/programmes/${id}`);
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  return (
    <Card title="新建普惠或帮扶项目" style={{ maxWidth: 960 }}>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ rules: [newRule('membership')], voucherValidDays: 30 }} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Form.Item name="name" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称' }, { max: 100, message: '最多 100 个字' }]}>
              <Input placeholder="例如：2026 年职工暑期免费观影" maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="kind" label="类别" rules={[{ required: true, message: '请选择类别' }]}>
              <Select options={Object.entries(PROGRAMME_KIND).map(([value, l]) => ({ value, label: l }))} placeholder="请选择" data-testid="programme-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="orgId" label="主办单位（不选即本单位；项目覆盖它下面的所有单位）">
              <OrgPicker under={root.id} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="period" label="起止日期" rules={[{ required: true, message: '请选择起止日期' }]}>
              <DatePicker.RangePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="quota" label="总名额（不填表示不限）">
              <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} addonAfter="个" aria-label="总名额" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="budgetYuan" label="总预算（不填表示不设预算）">
              <InputNumber min={0} precision={2} style={{ width: '100%' }} addonAfter="元" aria-label="总预算" />
            </Form.Item>
          </Col>
          {AWARD_KINDS.includes(kind) && (
            <Col xs={24} md={8}>
              <Form.Item name="amountYuan" label="每份发放金额" rules={[{ required: true, message: '请填写每份金额' }]}>
                <InputNumber min={0} precision={2} style={{ width: '100%' }} addonAfter="元" aria-label="每份金额" />
              </Form.Item>
            </Col>
          )}
          {VOUCHER_KINDS.includes(kind) && (
            <Col xs={24} md={8}>
              <Form.Item name="voucherValidDays" label="券发出后有效" rules={[{ required: true, message: '请填写有效天数' }]}>
                <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} addonAfter="天" aria-label="有效天数" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item
          name="rules"
          label="领取条件（每一条都要符合）"
          rules={[{ validator: async (_, rules: Rule[]) => { const p = ruleProblems(rules ?? []); if (p.length) throw new Error(p.join(' ')); } }]}
        >
          <RuleEditor />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={loading} data-testid="create-programme">建立项目</Button>
          <Button onClick={() => navigate('/programmes')}>取消</Button>
        </Space>
      </Form>
    </Card>
  );
}
