import { useQuery } from '@apollo/client';
import { Card, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { PiiAccessLog } from '../members/hardship';
import { ListTable } from '../ui/ListTable';
import { Pager, usePager } from '../ui/Pager';
import { ACTOR_ROLE, label } from '../ui/labels';
import { formatDateTime } from '../ui/time';

const FIELD: Record<string, string> = { idNumber: '完整身份证号', phone: '完整手机号' };

/**
 * 个人信息查阅记录: every full read of a member's ID number or phone about members in the
 * caller's part of the tree, newest first, with who read it and for which union.
 */
export default function PiiLogPage() {
  const pager = usePager();
  const query = useQuery(PiiAccessLog, { variables: { after: pager.after }, fetchPolicy: 'network-only' });
  const rows = (query.data?.piiAccessLog?.edges ?? []).map((e) => e.node);
  return (
    <Card title="个人信息查阅记录">
      <Typography.Paragraph type="secondary">
        每次查看会员的完整身份证号或手机号都会记在这里，包括上级单位的查看。发现没有正当理由的查看，请向本单位负责人报告。
      </Typography.Paragraph>
      <ListTable
        query={query}
        rows={rows}
        empty="本辖区会员的个人信息还没有人查看过"
        columns={[
          { title: '时间', dataIndex: 'at', render: formatDateTime, width: 170 },
          { title: '会员', render: (_: unknown, r) => (r.member ? <Link to={`/members/${r.member.id}`}>{r.member.name}</Link> : '已转出本辖区') },
          { title: '查看内容', dataIndex: 'field', render: (f: string) => FIELD[f] ?? f, width: 130 },
          { title: '查看人', dataIndex: 'actorSub' },
          { title: '身份', dataIndex: 'actorRole', render: (r: string) => label(ACTOR_ROLE, r), width: 120 },
          { title: '所在单位', render: (_: unknown, r) => r.actorOrg?.name ?? (r.actorRole === 'admin' ? '系统管理员' : '上级单位') },
        ]}
      />
      <Pager pager={pager} pageInfo={query.data?.piiAccessLog?.pageInfo} />
    </Card>
  );
}
