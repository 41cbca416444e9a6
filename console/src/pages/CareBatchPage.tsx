import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, InputNumber, Progress, Row, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useParams } from 'react-router-dom';
import { BudgetBar } from '../benefits/care/BudgetBar';
import { CareBatchDetail, RecordCareVisit } from '../benefits/care/operations';
import { MemberPicker } from '../members/MemberPicker';
import { useRootOrg } from '../orgs/useRootOrg';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { CARE_OCCASION, label } from '../ui/labels';
import { formatYuan, share, toCents } from '../ui/money';
import { OrgPicker } from '../ui/OrgPicker';
import { Pager, usePager } from '../ui/Pager';
import { ListTable } from '../ui/ListTable';
import { ErrorState, Loading, NotFound } from '../ui/States';
import { formatDate } from '../ui/time';
import { useActionKeys } from '../light/idempotency';

interface Visit {
  memberId: string;
  orgId?: string;
  items: string;
  costYuan: number;
  visitedOn: Dayjs;
}

/** One batch: its budget, a form to record a visit, the visits, and spending per union under it. */
export default function CareBatchPage() {
  const { id } = useParams();
  const root = useRootOrg();
  const { message } = App.useApp();
  const [form] = Form.useForm<Visit>();
  const pager = usePager();
  const [refusal, setRefusal] = useState<string | null>(null);
  const { data, loading, error, refetch } = useQuery(CareBatchDetail, { variables: { id: id!, after: pager.after } });
  const [record, { loading: saving }] = useMutation(RecordCareVisit);
  const keys = useActionKeys();
  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  const b = data?.careBatch;
  if (!b) return <NotFound what="慰问批次" />;
  const today = formatDate(new Date().toISOString());
  const submit = async (v: Visit) => {
    setRefusal(null);
    try {
      const input = { batchId: b.id, memberId: v.memberId, orgId: v.orgId, items: v.items.trim(), costCents: toCents(v.costYuan) ?? 0, visitedOn: v.visitedOn.format('YYYY-MM-DD') };
      // The same visit sent again (a retry after a timeout) is recorded and charged once.
      const r = await record({ variables: { input, idempotencyKey: keys.for(input) }, errorPolicy: 'none' });
      if (!r.data?.recordCareVisit) throw r;
      keys.settle();
      message.success('走访已登记，费用已从批次预算里扣除');
      form.resetFields();
    } catch (err) {
      // Over budget: nothing was recorded; the message says what is left, so the cadre can fit the cost.
      setRefusal(errorMessage(err, RECORD_MESSAGES));
    }
    void refetch();
  };
  const visits = (b.visits.edges ?? []).map((e) => e.node);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card title={<Space wrap><span>{b.name}</span><Tag>{label(CARE_OCCASION, b.occasion)}</Tag></Space>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="负责单位">{b.org.name}</Descriptions.Item>
          <Descriptions.Item label="走访日期">{b.startsOn} 至 {b.endsOn}</Descriptions.Item>
          <Descriptions.Item label="经费来源">{b.programme?.name ?? '本批次预算'}</Descriptions.Item>
        </Descriptions>
        <BudgetBar spent={b.spentCents} budget={b.budgetCents} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card size="small" title="登记一次走访">
            <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ visitedOn: dayjs(today < b.endsOn ? today : b.endsOn) }}>
              <Form.Item name="memberId" label="走访了谁（本辖区会员）" rules={[{ required: true, message: '请选择会员' }]}>
                <MemberPicker />
              </Form.Item>
              <Form.Item name="orgId" label="哪个单位去走访（不选即本单位）">
                <OrgPicker under={root.id} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="items" label="送了什么" rules={[{ required: true, whitespace: true, message: '请写明送了什么' }, { max: 300, message: '最多 300 个字' }]}>
                <Input placeholder="例如：米一袋、油一桶、慰问金 200 元" maxLength={300} />
              </Form.Item>
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item name="costYuan" label="花费" rules={[{ required: true, message: '请填写花费' }]}>
                    <InputNumber min={0} precision={2} style={{ width: '100%' }} addonAfter="元" aria-label="花费" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="visitedOn" label="走访日期" rules={[{ required: true, message: '请选择日期' }]}>
                    <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') < b.startsOn || d.format('YYYY-MM-DD') > b.endsOn || d.format('YYYY-MM-DD') > today} />
                  </Form.Item>
                </Col>
              </Row>
              {refusal && <Alert type="error" showIcon message={refusal} style={{ marginBottom: 12 }} data-testid="visit-refusal" />}
              <Button type="primary" htmlType="submit" loading={saving} data-testid="record-visit">登记走访</Button>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title="各下级单位的走访和支出">
            <Table
              rowKey={(r) => r.org.id}
              size="small"
              pagination={false}
              dataSource={b.spendingByOrg}
              locale={{ emptyText: '还没有走访记录' }}
              data-testid="spending-by-org"
              columns={[
                { title: '单位', ellipsis: true, render: (_: unknown, r) => `${r.org.name ?? '—'}${r.org.id === b.org.id ? '（本级）' : ''}` },
                { title: '人次', dataIndex: 'visits', width: 70 },
                { title: '支出', dataIndex: 'spentCents', width: 130, render: formatYuan },
                { title: '占批次预算', width: 200, render: (_: unknown, r) => <Progress percent={share(r.spentCents, b.budgetCents)} size="small" strokeColor="#c8161d" /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title="走访记录（本辖区，最新在前）">
        <ListTable
          size="small"
          scroll={{ x: 800 }}
          rows={visits}
          empty="还没有走访记录"
          data-testid="visits"
          columns={[
            { title: '日期', dataIndex: 'visitedOn', width: 110 },
            { title: '会员', dataIndex: ['member', 'name'], width: 110 },
            { title: '走访单位', dataIndex: ['org', 'name'], ellipsis: true },
            { title: '送了什么', dataIndex: 'items', ellipsis: true },
            { title: '花费', dataIndex: 'costCents', width: 130, render: formatYuan },
          ]}
        />
        <Pager pager={pager} pageInfo={b.visits.pageInfo} />
      </Card>
    </Space>
  );
}
