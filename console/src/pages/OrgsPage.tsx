import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { Breadcrumb, Button, Card, Descriptions, Table, Tag } from 'antd';
import { OrgNode } from '../orgs/operations';
import { JoinQr } from '../orgs/JoinQr';
import { OrgAdmin } from '../orgs/OrgAdmin';
import { Departments } from '../orgs/Departments';
import { useRootOrg } from '../orgs/useRootOrg';
import { useSession } from '../auth/SessionContext';
import { ErrorState, Loading, NotFound } from '../ui/States';
import { ORG_LEVEL, label } from '../ui/labels';
import { monthOf, monthsEnding, percent } from '../ui/time';

/** 组织: walk down the subtree, with members and this year's case figures per union. */
export default function OrgsPage() {
  const root = useRootOrg();
  const isAdmin = useSession().claims.role === 'admin';
  const [path, setPath] = useState<{ id: string; name: string }[]>([]);
  const [qr, setQr] = useState(false);
  const to = monthOf(new Date());
  const from = monthsEnding(to, 12)[0];
  const id = path.length ? path[path.length - 1].id : root.id;
  const { data, loading, error, refetch } = useQuery(OrgNode, { variables: { id: id!, from, to }, skip: !id, fetchPolicy: 'cache-and-network' });
  if (!id || (loading && !data)) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  const org = data?.org;
  if (!org) return <NotFound what="单位" />;
  return (
    <Card title="组织" extra={org.joinQrPayload ? <Button onClick={() => setQr(true)}>入会二维码</Button> : null}>
      <Breadcrumb style={{ marginBottom: 16 }} items={[{ title: path.length ? <a onClick={() => setPath([])}>本辖区</a> : '本辖区' }, ...path.map((p, i) => ({ title: i === path.length - 1 ? (org.name ?? p.name) : <a onClick={() => setPath(path.slice(0, i + 1))}>{p.name}</a> }))]} />
      <Descriptions bordered size="small" column={3} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="单位">{org.name}（{org.code}）</Descriptions.Item>
        <Descriptions.Item label="会员数">{org.memberCount}</Descriptions.Item>
        <Descriptions.Item label="近 12 个月诉求">{org.caseStats?.total ?? '—'} 件，超期 {org.caseStats?.overdue ?? '—'}，办结率 {percent(org.caseStats?.resolutionRate)}</Descriptions.Item>
      </Descriptions>
      <Departments orgId={org.id} />
      {org.level !== 'ENTERPRISE' && <Table rowKey="id" size="small" pagination={{ pageSize: 20, hideOnSinglePage: true }} dataSource={org.children} locale={{ emptyText: '没有下级单位' }}
        columns={[
          { title: '下级单位', dataIndex: 'name', render: (n: string, c) => <><a onClick={() => setPath([...path, { id: c.id, name: n }])}>{n}</a>{c.closedAt && <Tag style={{ marginLeft: 8 }}>已撤销</Tag>}</> },
          { title: '代码', dataIndex: 'code', width: 150 },
          { title: '层级', dataIndex: 'level', width: 130, render: (l: string) => label(ORG_LEVEL, l) },
          { title: '会员数', dataIndex: 'memberCount', width: 90 },
          { title: '诉求', width: 80, render: (_: unknown, c) => c.caseStats?.total ?? '—' },
          { title: '超期', width: 80, render: (_: unknown, c) => c.caseStats?.overdue ?? '—' },
          { title: '办结率', width: 90, render: (_: unknown, c) => percent(c.caseStats?.resolutionRate) },
        ]} />}
      <OrgAdmin
        org={org}
        root={root.id!}
        isOwn={path.length === 0 && !!root.id && org.id === root.id && !isAdmin}
        onChanged={(gone) => {
          // A union merged, closed or moved away is no longer where the breadcrumb says: go back up to its parent.
          if (gone && path.length) setPath(path.slice(0, -1));
          void refetch();
        }}
      />
      {org.joinQrPayload && <JoinQr open={qr} onClose={() => setQr(false)} payload={org.joinQrPayload} name={org.name ?? ''} />}
    </Card>
  );
}
