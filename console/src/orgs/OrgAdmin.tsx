import { useState } from 'react';
import { useMutation } from '@apollo/client';
import { App, Button, Card, Checkbox, Descriptions, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { OrgKind, OrgLevel, Ownership, PostService } from '../gql/graphql';
import { OrgPicker } from '../ui/OrgPicker';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { ORG_HISTORY_ACTION, ORG_KIND, OWNERSHIP, POST_SERVICE, label } from '../ui/labels';
import { formatDateTime } from '../ui/time';
import { CloseOrg, FoundOrg, MergeOrg, MoveOrg, RenameOrg, SetOrgPlace } from './operations';

/** The level below each level, and the kinds a union there may be (as the API's KINDS_BY_LEVEL). */
const CHILD: Partial<Record<OrgLevel, { level: OrgLevel; kinds: OrgKind[] }>> = {
  CITY: { level: 'DISTRICT', kinds: ['DISTRICT', 'COUNTY', 'INDUSTRY_FEDERATION'] },
  DISTRICT: { level: 'STREET', kinds: ['STREET', 'TOWN', 'DEVELOPMENT_ZONE'] },
  STREET: { level: 'ENTERPRISE', kinds: ['ENTERPRISE', 'UNION_POST'] },
};

export interface AdminOrg {
  id: string;
  name?: string | null;
  level: OrgLevel;
  kind: OrgKind;
  closedAt?: string | null;
  parent?: { id: string; level: OrgLevel } | null;
  place?: { address?: string | null; headcount?: number | null; ownership?: Ownership | null; openingHours?: string | null; services: PostService[]; updatedAt: string } | null;
  history?: { edges: { node: { id: string; action: string; actorSub: string; at: string; changes: { field: string; before?: string | null; after?: string | null }[] } }[] } | null;
}

type Step = 'FOUND' | 'RENAME' | 'MOVE' | 'MERGE' | 'CLOSE' | 'PLACE';
const TITLE: Record<Step, string> = { FOUND: '新建下级工会（建会）', RENAME: '更名', MOVE: '调整隶属关系', MERGE: '合并到另一个工会', CLOSE: '撤销', PLACE: '阵地信息' };
const DONE: Record<Step, string> = {
  FOUND: '已建会，可以在下级单位里找到它',
  RENAME: '已更名',
  MOVE: '已调整隶属关系；诉求和普惠数据随后跟过去（通常几秒钟）',
  MERGE: '已合并：会员、在办诉求和普惠份额都转给了合并后的工会',
  CLOSE: '已撤销',
  PLACE: '阵地信息已保存',
};

/** What a history entry changed, in words: the fields a cadre knows (ids and paths are left out). */
const FIELD: Record<string, { name: string; map?: Record<string, string> }> = {
  name: { name: '名称' }, code: { name: '代码' }, kind: { name: '类型', map: ORG_KIND }, members: { name: '转走会员' }, absorbedName: { name: '并入的工会' },
  address: { name: '地址' }, headcount: { name: '职工人数' }, ownership: { name: '单位性质', map: OWNERSHIP }, openingHours: { name: '开放时间' }, services: { name: '服务项目' },
};
const listOf = (x: string): string[] => {
  try {
    const v: unknown = JSON.parse(x);
    return Array.isArray(v) ? v.map(String) : [x];
  } catch {
    // Stored as a comma-separated list.
    return x.split(',').map((s) => s.trim()).filter(Boolean);
  }
};
function describe(action: string, changes: { field: string; before?: string | null; after?: string | null }[]): string {
  const shown = changes.filter((c) => FIELD[c.field]).map((c) => {
    const f = FIELD[c.field];
    const v = (x?: string | null) => (x == null ? '—' : f.map ? label(f.map, x) : c.field === 'services' ? listOf(x).map((s) => label(POST_SERVICE, s)).join('、') || '无' : x);
    return c.before == null ? `${f.name}：${v(c.after)}` : `${f.name}：${v(c.before)} → ${v(c.after)}`;
  });
  if (shown.length) return shown.join('；');
  return action === 'MOVE' ? '调整到新的上级工会' : action === 'CLOSE' ? '撤销' : '—';
}

const options = (map: Record<string, string>, keys?: string[]) => (keys ?? Object.keys(map)).map((value) => ({ value, label: map[value] ?? value }));

/**
 * 建会 and the rest of running the tree, for the org on screen: found a union under it;
 * rename, move, merge or close it (only what lies below the caller's own union: the level
 * above changes a union); record its place (阵地). Every step says what it does to members
 * and open work before it is confirmed.
 */
export function OrgAdmin({ org, root, isOwn, onChanged }: { org: AdminOrg; root: string; isOwn: boolean; onChanged: (gone?: boolean) => void }) {
  const { message } = App.useApp();
  const [step, setStep] = useState<Step | null>(null);
  // Taken once when the dialog opens: a refetch of the page meanwhile must not reset what is being typed.
  const [placeStart, setPlaceStart] = useState<Record<string, unknown> | undefined>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const [found] = useMutation(FoundOrg);
  const [rename] = useMutation(RenameOrg);
  const [move] = useMutation(MoveOrg);
  const [merge] = useMutation(MergeOrg);
  const [close] = useMutation(CloseOrg);
  const [place] = useMutation(SetOrgPlace);
  const child = CHILD[org.level];
  const open = !org.closedAt;

  const submit = async () => {
    if (!step) return;
    const v = await form.validateFields();
    setBusy(true);
    try {
      if (step === 'FOUND') await found({ variables: { input: { parentId: org.id, name: v.name.trim(), kind: v.kind } } });
      if (step === 'RENAME') await rename({ variables: { id: org.id, name: v.name.trim() } });
      if (step === 'MOVE') await move({ variables: { id: org.id, parentId: v.parentId } });
      if (step === 'MERGE') await merge({ variables: { id: org.id, intoId: v.intoId } });
      if (step === 'CLOSE') await close({ variables: { id: org.id, successorId: v.successorId ?? null } });
      if (step === 'PLACE') {
        await place({
          variables: {
            orgId: org.id,
            place: { address: v.address?.trim() || null, headcount: v.headcount ?? null, ownership: v.ownership ?? null, openingHours: v.openingHours?.trim() || null, services: v.services ?? [] },
          },
        });
      }
      message.success(DONE[step]);
      const gone = step === 'MERGE' || step === 'CLOSE' || step === 'MOVE';
      setStep(null);
      onChanged(gone);
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    } finally {
      setBusy(false);
    }
  };

  const p = org.place;
  const history = (org.history?.edges ?? []).map((e) => e.node);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%', marginTop: 16 }}>
      <Space wrap data-testid="org-admin">
        {open && child && <Button type="primary" onClick={() => setStep('FOUND')} data-testid="org-FOUND">新建下级工会</Button>}
        {open && !isOwn && <Button onClick={() => setStep('RENAME')} data-testid="org-RENAME">更名</Button>}
        {open && !isOwn && org.parent && <Button onClick={() => setStep('MOVE')} data-testid="org-MOVE">调整隶属</Button>}
        {open && !isOwn && org.parent && <Button onClick={() => setStep('MERGE')} data-testid="org-MERGE">合并</Button>}
        {open && !isOwn && <Button danger onClick={() => setStep('CLOSE')} data-testid="org-CLOSE">撤销</Button>}
        {isOwn && <Typography.Text type="secondary">本单位的更名、调整、合并和撤销由上级工会办理。</Typography.Text>}
        {!open && <Tag color="default">已撤销或合并（{formatDateTime(org.closedAt)}）</Tag>}
      </Space>

      <Card size="small" title="阵地信息" extra={open ? <Button size="small" onClick={() => { setPlaceStart({ ...org.place, services: [...(org.place?.services ?? [])] }); setStep('PLACE'); }} data-testid="org-PLACE">编辑</Button> : null}>
        {p ? (
          <Descriptions size="small" column={2} data-testid="org-place">
            <Descriptions.Item label="地址">{p.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="职工人数">{p.headcount ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="单位性质">{label(OWNERSHIP, p.ownership)}</Descriptions.Item>
            {org.kind === 'UNION_POST' && <Descriptions.Item label="开放时间">{p.openingHours ?? '—'}</Descriptions.Item>}
            {org.kind === 'UNION_POST' && <Descriptions.Item label="服务项目" span={2}>{p.services.length ? p.services.map((s) => <Tag key={s}>{label(POST_SERVICE, s)}</Tag>) : '—'}</Descriptions.Item>}
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">还没有登记地址、职工人数等信息。工会驿站请登记开放时间和服务项目，方便职工查找。</Typography.Text>
        )}
      </Card>

      <Card size="small" title="变更记录">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={history}
          locale={{ emptyText: '没有变更记录' }}
          columns={[
            { title: '时间', dataIndex: 'at', render: formatDateTime, width: 160 },
            { title: '事项', dataIndex: 'action', render: (a: string) => label(ORG_HISTORY_ACTION, a), width: 120 },
            { title: '内容', render: (_: unknown, h) => describe(h.action, h.changes) },
            { title: '经办', dataIndex: 'actorSub', width: 160 },
          ]}
        />
      </Card>

      <Modal title={step ? TITLE[step] : ''} open={!!step} onCancel={() => setStep(null)} onOk={() => void submit()} okText="确定" cancelText="取消" confirmLoading={busy} destroyOnClose>
        {/* The form is made afresh each time the dialog opens (destroyOnClose), so what is recorded now is its starting point. */}
        <Form form={form} layout="vertical" preserve={false} initialValues={step === 'PLACE' ? placeStart : undefined}>
          {step === 'FOUND' && child && (
            <>
              <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]} initialValue={child.kinds[0]}>
                <Select options={options(ORG_KIND, child.kinds)} data-testid="org-kind" />
              </Form.Item>
              <Form.Item name="name" label="全称（工会以“工会”结尾，驿站以“驿站”结尾）" rules={[{ required: true, whitespace: true, message: '请填写全称' }]}>
                <Input maxLength={100} placeholder="例如：临江夜色经济工会、滨江路户外劳动者工会驿站" data-testid="org-name" />
              </Form.Item>
              <Typography.Text type="secondary">建会后自动生成单位代码和入会二维码。</Typography.Text>
            </>
          )}
          {step === 'RENAME' && (
            <Form.Item name="name" label={org.kind === 'UNION_POST' ? '新名称（以“驿站”结尾）' : '新名称（以“工会”结尾）'} initialValue={org.name} rules={[{ required: true, whitespace: true, message: '请填写新名称' }]}>
              <Input maxLength={100} data-testid="org-name" />
            </Form.Item>
          )}
          {step === 'MOVE' && org.parent && (
            <>
              <Form.Item name="parentId" label="调整到哪个上级工会之下" rules={[{ required: true, message: '请选择新的上级工会' }]}>
                <OrgPicker under={root} level={org.parent.level} exclude={org.parent.id} />
              </Form.Item>
              <Typography.Text type="secondary">本单位连同下级单位、会员一起调整；诉求、普惠份额和统计数据随后跟过去。</Typography.Text>
            </>
          )}
          {step === 'MERGE' && (
            <>
              <Form.Item name="intoId" label="合并到（同一层级的工会）" rules={[{ required: true, message: '请选择合并后的工会' }]}>
                <OrgPicker under={root} level={org.level} exclude={org.id} />
              </Form.Item>
              <Typography.Text type="secondary">会员、待审的入会申请和接转、在办诉求、普惠份额都转给合并后的工会；本单位随即撤销，历史记录保留。</Typography.Text>
            </>
          )}
          {step === 'CLOSE' && (
            <>
              <Form.Item name="successorId" label="由哪个工会接手（没有会员和在办诉求时可不选）">
                <OrgPicker under={root} level={org.level} exclude={org.id} />
              </Form.Item>
              <Typography.Text type="secondary">下级工会须先调整或撤销。选了接手单位，就等于合并到它。</Typography.Text>
            </>
          )}
          {step === 'PLACE' && (
            <>
              <Form.Item name="address" label="地址">
                <Input maxLength={200} placeholder="例如：滨江路 88 号一楼" />
              </Form.Item>
              <Form.Item name="headcount" label="职工人数">
                <InputNumber min={0} max={10_000_000} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="ownership" label="单位性质">
                <Select allowClear options={options(OWNERSHIP)} placeholder="请选择" />
              </Form.Item>
              {org.kind === 'UNION_POST' && (
                <>
                  <Form.Item name="openingHours" label="开放时间">
                    <Input maxLength={100} placeholder="例如：每天 8:00-22:00" />
                  </Form.Item>
                  <Form.Item name="services" label="服务项目">
                    <Checkbox.Group options={options(POST_SERVICE)} />
                  </Form.Item>
                </>
              )}
            </>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
