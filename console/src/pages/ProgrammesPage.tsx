import { useState } from 'react';
import { useQuery } from '@apollo/client';
import { Button, Card, Select, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { ProgrammeList } from '../benefits/programmes/operations';
import type { ProgrammeKind, ProgrammeState } from '../gql/graphql';
import { formatYuan } from '../ui/money';
import { ListTable } from '../ui/ListTable';
import { PROGRAMME_KIND, PROGRAMME_STATE, PROGRAMME_STATE_COLOR, label } from '../ui/labels';
import { Pager, usePager } from '../ui/Pager';

const opts = (m: Record<string, string>) => Object.entries(m).map(([value, l]) => ({ value, label: l }));

/** 普惠项目: the programmes run in the subtree and those handed down from above. */
export default function ProgrammesPage() {
  const navigate = useNavigate();
  const [kind, setKind] = useState<ProgrammeKind>();
  const [state, setState] = useState<ProgrammeState>();
  const pager = usePager();
  const query = useQuery(ProgrammeList, { variables: { kind, state, after: pager.after } });
  const data = query.data;
  return (
    <Card title="普惠与帮扶项目" extra={<Link to="/programmes/new"><Button type="primary">新建项目</Button></Link>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select allowClear placeholder="类别" style={{ width: 180 }} options={opts(PROGRAMME_KIND)} value={kind} onChange={(v) => { setKind(v); pager.reset(); }} />
        <Select allowClear placeholder="状态" style={{ width: 120 }} options={opts(PROGRAMME_STATE)} value={state} onChange={(v) => { setState(v); pager.reset(); }} />
      </Space>
      <ListTable
        query={query}
        rows={(data?.programmes?.edges ?? []).map((e) => e.node)}
        empty="还没有项目"
        scroll={{ x: 960 }}
        onRow={(p) => ({ onClick: () => navigate(`/programmes/${p.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: '项目名称', dataIndex: 'name', render: (n: string, p) => <><Typography.Link>{n}</Typography.Link>{p.sensitive && <Tag color="orange" style={{ marginLeft: 8 }}>敏感</Tag>}</> },
          { title: '类别', dataIndex: 'kind', width: 150, render: (k: string) => label(PROGRAMME_KIND, k) },
          { title: '主办单位', dataIndex: ['org', 'name'], ellipsis: true },
          { title: '期间', width: 200, render: (_: unknown, p) => `${p.startsOn} 至 ${p.endsOn}` },
          { title: '状态', dataIndex: 'state', width: 90, render: (s: string) => <Tag color={PROGRAMME_STATE_COLOR[s]}>{label(PROGRAMME_STATE, s)}</Tag> },
          { title: '总名额', dataIndex: 'quota', width: 90, render: (q: number | null) => (q === null ? '不限' : q) },
          { title: '总预算', dataIndex: 'budgetCents', width: 140, render: (b: number | null) => (b === null ? '—' : formatYuan(b)) },
        ]}
      />
      <Pager pager={pager} pageInfo={data?.programmes?.pageInfo} />
    </Card>
  );
}
