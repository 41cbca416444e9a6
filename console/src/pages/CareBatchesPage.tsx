import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { CareBatchList, CreateCareBatch } from '../benefits/care/operations';
import { ProgrammeChoices } from '../benefits/programmes/operations';
import { useRootOrg } from '../orgs/useRootOrg';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { CARE_OCCASION, label } from '../ui/labels';
import { toCents } from '../ui/money';
import { OrgPicker } from '../ui/OrgPicker';
import { Pager, usePager } from '../ui/Pager';
import { ListTable } from '../ui/ListTable';
import { BudgetBar } from '../benefits/care/BudgetBar';

interface Values {
  name: string;
  occasion: string;
  orgId?: string;
  budgetYuan: number;
  period: [Dayjs, Dayjs];
  programmeId?: string;
}

/** The form for a new batch; its money may come from a care or gift programme's share. */
function NewBatch({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (id: string) => void }) {
  const [form] = Form.useForm<Values>();
  const root = useRootOrg();
  const { message } = App.useApp();
  const funds = useQuery(ProgrammeChoices, { variables: {}, skip: !open });
  const [create, { loading }] = useMutation(CreateCareBatch);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await create({
        variables: { input: { name: v.name.trim(), occasion: v.occasion as never, orgId: v.orgId ?? root.id!, budgetCents: toCents(v.budgetYuan) ?? 0, startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD'), programmeId: v.programmeId } },
        errorPolicy: 'none',
      });
      const id = r.data?.createCareBatch?.id;
      if (!id) throw r;
      message.success('慰问批次已建立');
      onDone(id);
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  const programmes = (funds.data?.programmes?.edges ?? []).map((e) => e.node).filter((p) => (p.kind === 'CARE_VISIT' || p.kind === 'GIFT_BATCH') && p.state === 'ACTIVE');
  return (
    <Modal open={open} title="新建慰问批次" okText="建立" cancelText="取消" confirmLoading={loading} onOk={() => void submit()} onCancel={onClose} destroyOnClose width={640}>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ occasion: 'SPRING_FESTIVAL' }}>
        <Form.Item name="name" label="批次名称" rules={[{ required: true, whitespace: true, message: '请填写名称' }, { max: 100, message: '最多 100 个字' }]}>
          <Input placeholder="例如：2026 年春节走访慰问" maxLength={100} />
        </Form.Item>
        <Form.Item name="occasion" label="节日或时令" rules={[{ required: true }]}>
          <Select options={Object.entries(CARE_OCCASION).map(([value, l]) => ({ value, label: l }))} />
        </Form.Item>
        <Form.Item name="orgId" label="负责单位（不选即本单位；下级单位都可以在这个批次里登记走访）">
          <OrgPicker under={root.id} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="budgetYuan" label="预算" rules={[{ required: true, message: '请填写预算' }]}>
          <InputNumber min={0} precision={2} style={{ width: '100%' }} addonAfter="元" aria-label="预算" />
        </Form.Item>
        <Form.Item name="period" label="走访日期范围" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="programmeId" label="经费来自哪个项目（可不选）" extra="选了项目，整笔预算会从本单位在该项目的份额里一次扣出。">
          <Select allowClear loading={funds.loading} placeholder="不从项目列支" options={programmes.map((p) => ({ value: p.id, label: `${p.name}（${p.org.name ?? ''}）` }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 走访慰问: the batches run in the subtree or above it; each has a budget every visit spends from. */
export default function CareBatchesPage() {
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const pager = usePager();
  const query = useQuery(CareBatchList, { variables: { after: pager.after } });
  const data = query.data;
  return (
    <Card title="走访慰问" extra={<Button type="primary" onClick={() => setCreating(true)} data-testid="new-batch">新建慰问批次</Button>}>
      <ListTable
        query={query}
        rows={(data?.careBatches?.edges ?? []).map((e) => e.node)}
        empty="还没有慰问批次"
        scroll={{ x: 960 }}
        onRow={(b) => ({ onClick: () => navigate(`/care/${b.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '批次', dataIndex: 'name', render: (n: string) => <Typography.Link>{n}</Typography.Link> },
          { title: '节日', dataIndex: 'occasion', width: 110, render: (o: string) => label(CARE_OCCASION, o) },
          { title: '负责单位', dataIndex: ['org', 'name'], ellipsis: true },
          { title: '日期', width: 200, render: (_: unknown, b) => `${b.startsOn} 至 ${b.endsOn}` },
          { title: '预算使用', width: 280, render: (_: unknown, b) => <BudgetBar spent={b.spentCents} budget={b.budgetCents} compact /> },
        ]}
      />
      <Pager pager={pager} pageInfo={data?.careBatches?.pageInfo} />
      <NewBatch open={creating} onClose={() => setCreating(false)} onDone={(id) => { setCreating(false); navigate(`/care/${id}`); }} />
    </Card>
  );
}
