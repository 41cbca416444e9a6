import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { Card, Segmented, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { HardshipReviewsDue } from '../members/hardship';
import { ListTable } from '../ui/ListTable';
import { Pager, usePager } from '../ui/Pager';
import { HARDSHIP_KIND, HARDSHIP_TIER, label } from '../ui/labels';
import { dayOf, formatDate } from '../ui/time';

const WINDOWS = [
  { value: 0, label: '已到期' },
  { value: 30, label: '30 天内到期' },
  { value: 90, label: '90 天内到期' },
  // Reviews are yearly: a year ahead is every file in the register.
  { value: 366, label: '全部在档' },
];

/**
 * 困难职工年度复核: the open files of the caller's part of the tree whose yearly review is due,
 * the soonest first. Each row opens the member's page, where the review is recorded.
 */
export default function HardshipReviewsPage() {
  const [within, setWithin] = useState(30);
  const pager = usePager();
  const today = dayOf();
  const query = useQuery(HardshipReviewsDue, { variables: { dueBy: dayOf(new Date(), within), after: pager.after } });
  const rows = (query.data?.hardshipReviewsDue?.edges ?? []).map((e) => e.node);
  return (
    <Card
      title="困难职工年度复核"
      extra={<Segmented value={within} onChange={(v) => { setWithin(v as number); pager.reset(); }} options={WINDOWS} data-testid="hardship-window" />}
    >
      <Typography.Paragraph type="secondary">
        困难职工档案每年复核一次。点会员姓名进入会员页面，在“困难职工档案”里记录复核情况；情况好转的办理解困，档案和历史都会保留。
      </Typography.Paragraph>
      <ListTable
        query={query}
        rows={rows}
        empty={within === 0 ? '没有逾期未复核的档案' : '这段时间内没有要复核的档案'}
        columns={[
          { title: '会员', render: (_: unknown, f) => (f.member ? <Link to={`/members/${f.member.id}`}>{f.member.name}</Link> : '已转出本辖区') },
          { title: '所在工会', render: (_: unknown, f) => f.member?.org?.name ?? '—' },
          { title: '困难类别', dataIndex: 'tier', render: (t: string) => label(HARDSHIP_TIER, t), width: 110 },
          { title: '档案类型', dataIndex: 'kind', render: (k: string) => label(HARDSHIP_KIND, k), width: 110 },
          { title: '上次复核', dataIndex: 'reviewedOn', render: formatDate, width: 120 },
          {
            title: '应复核日期',
            dataIndex: 'nextReviewOn',
            width: 150,
            render: (d: string) => (
              <>
                {formatDate(d)} {d < today && <Tag color="red">已逾期</Tag>}
              </>
            ),
          },
        ]}
      />
      <Pager pager={pager} pageInfo={query.data?.hardshipReviewsDue?.pageInfo} />
    </Card>
  );
}
