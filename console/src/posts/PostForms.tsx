import { useMutation, useQuery } from '@apollo/client';
import { App, Button, Form, Input, Modal, Radio, Select, Space, Switch } from 'antd';
import { useState } from 'react';
import { useActionKeys } from '../light/idempotency';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { ChooseIntoNewProject, ChooseIntoProject, CreatePost, OpenProjects, RecordSuggestion, RecordWish } from './operations';

/** 新建驿站: a post of the caller's own union, with its wish wall and suggestion book. */
export function NewPostForm({ orgId, open, onClose, onSaved }: { orgId: string; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ name: string; address: string; openingHours?: string; wishWall: boolean; suggestionBook: boolean }>();
  const { message } = App.useApp();
  const keys = useActionKeys();
  const [create, { loading }] = useMutation(CreatePost);
  const submit = async (v: { name: string; address: string; openingHours?: string; wishWall: boolean; suggestionBook: boolean }) => {
    const input = { orgId, name: v.name, address: v.address, openingHours: v.openingHours || null, wishWall: v.wishWall, suggestionBook: v.suggestionBook };
    try {
      const r = await create({ variables: { input, key: keys.for(input) }, errorPolicy: 'none' });
      keys.settle();
      message.success(`已建立驿站：${r.data?.createUnionPost?.name}`);
      form.resetFields();
      onSaved();
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  return (
    <Modal title="新建工会驿站" open={open} onCancel={onClose} footer={null} destroyOnClose>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ wishWall: true, suggestionBook: true }}>
        <Form.Item name="name" label="驿站名称" rules={[{ required: true, whitespace: true, message: '请填写驿站名称，例如 劳动者大本营' }]}>
          <Input maxLength={100} placeholder="例如 劳动者大本营" />
        </Form.Item>
        <Form.Item name="address" label="地址" rules={[{ required: true, whitespace: true, message: '请填写地址' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="openingHours" label="开放时间">
          <Input maxLength={100} placeholder="例如 每天 8:00-20:00" />
        </Form.Item>
        <Space size={32}>
          <Form.Item name="wishWall" label="设心愿墙" valuePropName="checked"><Switch /></Form.Item>
          <Form.Item name="suggestionBook" label="设意见簿" valuePropName="checked"><Switch /></Form.Item>
        </Space>
        <Space>
          <Button type="primary" htmlType="submit" loading={loading}>保存</Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}

const WORDS = {
  WISH_WALL: { title: '登记心愿', field: '职工写下的心愿', hint: '照职工写在心愿卡上的原话录入，至少 5 个字', done: '心愿已上墙' },
  SUGGESTION_BOOK: { title: '登记意见', field: '职工留下的意见建议', hint: '照意见簿上的原话录入，至少 5 个字', done: '意见已登记' },
} as const;

/** 登记心愿 / 登记意见: a card from the wall or a page of the book, registered as a case at the post's union for a worker not named. */
export function EntryForm({ postId, channel, open, onClose, onSaved }: { postId: string; channel: keyof typeof WORDS; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ text: string }>();
  const { message } = App.useApp();
  const keys = useActionKeys();
  const [wish, w] = useMutation(RecordWish);
  const [suggest, s] = useMutation(RecordSuggestion);
  const words = WORDS[channel];
  const submit = async ({ text }: { text: string }) => {
    const input = { postId, text };
    try {
      const variables = { input, key: keys.for({ channel, ...input }) };
      const r = channel === 'WISH_WALL' ? (await wish({ variables, errorPolicy: 'none' })).data?.recordWish : (await suggest({ variables, errorPolicy: 'none' })).data?.recordSuggestion;
      keys.settle();
      message.success(`${words.done}，诉求编号 ${r?.number}`);
      form.resetFields();
      onSaved();
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  return (
    <Modal title={words.title} open={open} onCancel={onClose} footer={null} destroyOnClose>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="text" label={words.field} extra={words.hint} rules={[{ required: true, whitespace: true, min: 5, message: '请用至少 5 个字写下职工的原话' }]}>
          <Input.TextArea rows={4} maxLength={2000} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={w.loading || s.loading}>登记</Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}

/**
 * 选入项目: the chosen wishes join a service project (统一帮办), a new one or one already
 * running, run by the caller's own union; the project takes them over and grants them together.
 */
export function ChooseForm({ orgId, caseIds, open, onClose, onSaved }: { orgId: string; caseIds: string[]; open: boolean; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ mode: 'new' | 'existing'; title?: string; purpose?: string; projectId?: string }>();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const { message } = App.useApp();
  const projects = useQuery(OpenProjects, { variables: { orgId }, skip: !open, fetchPolicy: 'network-only' });
  const [create, c] = useMutation(ChooseIntoNewProject);
  const [add, a] = useMutation(ChooseIntoProject);
  const list = (projects.data?.projects?.edges ?? []).map((e) => e.node);
  const submit = async (v: { title?: string; purpose?: string; projectId?: string }) => {
    try {
      let title: string | undefined;
      if (mode === 'new') {
        title = (await create({ variables: { input: { orgId, title: v.title!, purpose: v.purpose!, caseIds } }, errorPolicy: 'none' })).data?.createProject?.title;
      } else {
        const p = list.find((x) => x.id === v.projectId)!;
        title = (await add({ variables: { projectId: p.id, caseIds, version: p.version }, errorPolicy: 'none' })).data?.addCasesToProject?.title;
      }
      message.success(`已将 ${caseIds.length} 个心愿选入项目：${title}`);
      form.resetFields();
      onSaved();
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };
  return (
    <Modal title={`把选中的 ${caseIds.length} 个心愿选入服务项目`} open={open} onCancel={onClose} footer={null} destroyOnClose>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ mode: 'new' }}>
        <Form.Item name="mode">
          <Radio.Group onChange={(e) => setMode(e.target.value as 'new' | 'existing')} optionType="button"
            options={[{ value: 'new', label: '新建项目' }, { value: 'existing', label: '加入已有项目', disabled: !list.length }]} />
        </Form.Item>
        {mode === 'new' ? (
          <>
            <Form.Item name="title" label="项目名称" rules={[{ required: true, whitespace: true, message: '请填写项目名称，例如 职工子女暑期托管' }]}>
              <Input maxLength={100} placeholder="例如 职工子女暑期托管" />
            </Form.Item>
            <Form.Item name="purpose" label="项目内容" rules={[{ required: true, whitespace: true, message: '请写明项目为职工做什么' }]}>
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </>
        ) : (
          <Form.Item name="projectId" label="进行中的项目" rules={[{ required: true, message: '请选择项目' }]}>
            <Select options={list.map((p) => ({ value: p.id, label: `${p.title}（已有 ${p.caseCount} 件）` }))} placeholder="请选择" />
          </Form.Item>
        )}
        <Space>
          <Button type="primary" htmlType="submit" loading={c.loading || a.loading}>选入项目</Button>
          <Button onClick={onClose}>取消</Button>
        </Space>
      </Form>
    </Modal>
  );
}
