import { useMutation } from '@apollo/client';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useRef } from 'react';
import { errorMessage } from '../ui/errors';
import { EMPLOYMENT_TYPE } from '../ui/labels';
import { options, ProblemsField, type ProblemValue } from '../ui/ProblemsField';
import { dayOf } from '../ui/time';
import { RecordInterview } from './operations';
import { AUDIENCE, audienceOf, POINT_KIND } from './progress';

interface Point { id: string; name: string; kind: string; org: { name?: string | null } }
interface Questionnaire { id: string; audience: string; version: number; title: string; questions: string[] }

interface Values {
  pointId: string;
  heldOn: Dayjs;
  age: number;
  employmentType: string;
  answers?: string[];
  problems?: ProblemValue[];
}

/**
 * 登记访谈: a face-to-face interview at one of the caller's points. The questionnaire is the
 * latest version for the worker's audience (riders, drivers, couriers and streamers get the
 * new-employment-form one); each problem is registered as a case with the interview, all or nothing.
 */
export function InterviewForm({ campaign, points, questionnaires, open, onClose, onSaved }: {
  campaign: { startsOn: string; endsOn: string; maxAge: number };
  points: Point[];
  questionnaires: Questionnaire[];
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [record, { loading }] = useMutation(RecordInterview);
  // One key per form opening: a retry after a lost answer gets the first interview back, not a second one.
  const key = useRef(crypto.randomUUID());
  const today = dayOf();
  const lastDay = today < campaign.endsOn ? today : campaign.endsOn;
  const employmentType = Form.useWatch('employmentType', form) ?? 'REGULAR';
  const latest = useMemo(() => {
    const mine = questionnaires.filter((q) => q.audience === audienceOf(employmentType));
    return mine.sort((a, b) => b.version - a.version)[0] ?? null;
  }, [questionnaires, employmentType]);

  const submit = async (v: Values) => {
    if (!latest) return;
    try {
      const r = await record({
        variables: {
          key: key.current,
          input: {
            pointId: v.pointId, questionnaireId: latest.id, heldOn: v.heldOn.format('YYYY-MM-DD'), age: v.age, employmentType: v.employmentType,
            answers: latest.questions.map((_, i) => v.answers?.[i] ?? ''),
            problems: (v.problems ?? []).map((p) => ({ kind: p.kind as never, urgency: p.urgency as never, description: p.description })),
          },
        },
        errorPolicy: 'none',
      });
      const saved = r.data?.recordInterview;
      if (!saved) throw r;
      message.success(saved.cases.length ? `访谈已登记，${saved.cases.length} 个问题已列入题目清单（${saved.cases.map((c) => c.number).join('、')}）` : '访谈已登记');
      key.current = crypto.randomUUID();
      form.resetFields();
      onSaved();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  return (
    <Modal title="登记访谈" open={open} onCancel={onClose} footer={null} width={760} destroyOnClose>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ heldOn: dayjs(lastDay), employmentType: 'REGULAR', age: 28, problems: [] }}>
        <Form.Item name="pointId" label="访谈点" rules={[{ required: true, message: '请选择访谈点' }]}>
          <Select showSearch optionFilterProp="label" placeholder="选择本单位的访谈点"
            options={points.map((p) => ({ value: p.id, label: `${p.name} · ${POINT_KIND[p.kind] ?? p.kind} · ${p.org.name ?? ''}` }))} />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item name="heldOn" label="访谈日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') < campaign.startsOn || d.format('YYYY-MM-DD') > lastDay} />
          </Form.Item>
          <Form.Item name="age" label="年龄" rules={[{ required: true, message: '请填年龄' }]} extra={`本次访谈对象为 ${campaign.maxAge} 岁以下青年职工`}>
            <InputNumber min={16} max={campaign.maxAge} precision={0} style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="employmentType" label="就业形态">
            <Select options={options(EMPLOYMENT_TYPE)} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        {latest ? (
          <div data-testid="questionnaire">
            <Typography.Paragraph type="secondary">问卷：{latest.title}（{AUDIENCE[latest.audience]}·第 {latest.version} 版）</Typography.Paragraph>
            {latest.questions.map((q, i) => (
              <Form.Item key={`${latest.id}-${i}`} name={['answers', i]} label={`${i + 1}. ${q}`}>
                <Input maxLength={500} />
              </Form.Item>
            ))}
          </div>
        ) : (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={`这次访谈还没有发布${AUDIENCE[audienceOf(employmentType)]}问卷，请联系主办单位。`} />
        )}
        <ProblemsField addText="添加职工反映的问题（列入题目清单，登记为诉求）" />
        <Space>
          <Button type="primary" htmlType="submit" loading={loading} disabled={!latest}>保存访谈</Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}
