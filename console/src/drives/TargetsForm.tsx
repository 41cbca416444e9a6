import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { App, Button, InputNumber, Modal, Space, Table, Typography } from 'antd';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { DriveSubOrgs, SetDriveTargets } from './operations';

interface Target {
  orgId: string;
  perDay: number;
  perWeek: number;
  perMonth: number;
}

/**
 * 目标设置: day, week and month targets for each direct sub-org of the drive's org, saved on
 * the version read. A blank row sets no target for that sub-org.
 */
export function TargetsForm({ driveId, ownerId, version, current, open, onClose, onSaved }: {
  driveId: string; ownerId: string; version: number; current: readonly Target[]; open: boolean; onClose: () => void; onSaved: () => void;
}) {
  const { message } = App.useApp();
  const subOrgs = useQuery(DriveSubOrgs, { variables: { id: ownerId }, skip: !open });
  const [save, { loading }] = useMutation(SetDriveTargets);
  const [rows, setRows] = useState<Record<string, Partial<Target>>>({});
  useEffect(() => {
    if (open) setRows(Object.fromEntries(current.map((t) => [t.orgId, t])));
  }, [open, current]);
  const orgs = useMemo(() => subOrgs.data?.org?.children ?? [], [subOrgs.data]);
  const set = (orgId: string, key: keyof Omit<Target, 'orgId'>, value: number | null) =>
    setRows((r) => ({ ...r, [orgId]: { ...r[orgId], orgId, [key]: value ?? undefined } }));

  const submit = async () => {
    const targets = Object.values(rows)
      .filter((t): t is Target => !!t.orgId && [t.perDay, t.perWeek, t.perMonth].some((n) => n !== undefined && n !== null))
      .map((t) => ({ orgId: t.orgId, perDay: t.perDay ?? 0, perWeek: t.perWeek ?? 0, perMonth: t.perMonth ?? 0 }));
    try {
      const r = await save({ variables: { driveId, version, targets }, errorPolicy: 'none' });
      if (!r.data?.setJoinDriveTargets) throw r;
      message.success(`已保存 ${targets.length} 个单位的目标`);
      onSaved();
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };

  const cell = (key: keyof Omit<Target, 'orgId'>, label: string) => ({
    title: label,
    width: 120,
    render: (_: unknown, o: { id: string; name?: string | null }) => (
      <InputNumber aria-label={`${o.name} ${label}`} min={0} precision={0} value={rows[o.id]?.[key] ?? null} onChange={(v) => set(o.id, key, v)} style={{ width: 100 }} />
    ),
  });

  return (
    <Modal title="设置各单位入会目标" open={open} onCancel={onClose} width={720} destroyOnClose
      footer={<Space><Button onClick={onClose}>取消</Button><Button type="primary" loading={loading} onClick={() => void submit()}>保存目标</Button></Space>}>
      <Typography.Paragraph type="secondary">按“日过百、周过千、月达万”分解到下一级工会。不填的单位不设目标，目标不能小于 0。</Typography.Paragraph>
      <Table size="small" rowKey="id" loading={subOrgs.loading} pagination={false} dataSource={orgs} scroll={{ y: 420 }}
        columns={[{ title: '单位', dataIndex: 'name' }, cell('perDay', '每日'), cell('perWeek', '每周'), cell('perMonth', '每月')]} />
    </Modal>
  );
}
