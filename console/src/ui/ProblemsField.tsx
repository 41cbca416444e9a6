import { Button, Form, Input, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { CASE_KIND, URGENCY } from './labels';

export const options = (m: Record<string, string>) => Object.entries(m).map(([value, label]) => ({ value, label }));

/** What ProblemsField collects, one entry per problem a worker raised. */
export interface ProblemValue {
  kind: string;
  urgency: string;
  description: string;
}

/**
 * The problems a worker raised, in a form field named `problems`: each registered as a case
 * (挂号) by the form's own save. Shared by the 民意日记 and the interview form.
 */
export function ProblemsField({ addText }: { addText: string }) {
  return (
    <Form.List name="problems">
      {(fields, { add, remove }) => (
        <>
          {fields.map((f, i) => (
            <div key={f.key} data-testid={`problem-${i}`} style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: '12px 12px 0', marginBottom: 12 }}>
              <Space align="start" wrap>
                <Form.Item name={[f.name, 'kind']} label={`问题 ${i + 1} 类别`} rules={[{ required: true, message: '请选择类别' }]}>
                  <Select options={options(CASE_KIND)} placeholder="请选择" style={{ width: 160 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'urgency']} label="紧急程度" initialValue="NORMAL">
                  <Select options={options(URGENCY)} style={{ width: 100 }} />
                </Form.Item>
                <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} style={{ marginTop: 30 }}>去掉</Button>
              </Space>
              <Form.Item name={[f.name, 'description']} label="职工反映的问题" rules={[{ required: true, whitespace: true, min: 5, message: '请用至少 5 个字写下职工的原话' }]}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ urgency: 'NORMAL' })} block style={{ marginBottom: 16 }}>
            {addText}
          </Button>
        </>
      )}
    </Form.List>
  );
}
