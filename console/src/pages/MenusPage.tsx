import { useMemo, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client';
import { App, Alert, Button, Card, Col, Descriptions, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../auth/SessionContext';
import { useRootOrg } from '../orgs/useRootOrg';
import { Chart } from '../ui/Chart';
import { errorMessage, RECORD_MESSAGES } from '../ui/errors';
import { CASE_KIND, label } from '../ui/labels';
import { ErrorState, Loading, Nothing } from '../ui/States';
import { percent } from '../ui/time';
import { MENU_STATE, ordersOption, remaining } from '../menus/figures';
import { ItemForm } from '../menus/ItemForm';
import { MenuForm } from '../menus/MenuForm';
import { MenuFiguresQuery, PublishServiceMenu, ServiceMenus } from '../menus/operations';
import { OrgDepartments } from '../orgs/Departments';
import { OrdersBoard } from '../menus/OrdersBoard';

/**
 * 菜单式服务: a union's service menus. Its own staff put a menu together and publish it; its
 * 部室 take the workers' orders and the union signs them off on the board; unions above read the
 * figures. Lower unions see the published menus their workers order from.
 */
export default function MenusPage() {
  const root = useRootOrg();
  const { claims } = useSession();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const { data, loading, error, refetch } = useQuery(ServiceMenus, { variables: {}, fetchPolicy: 'cache-and-network' });
  const menus = useMemo(() => (data?.serviceMenus?.edges ?? []).map((e) => e.node), [data]);
  const menu = menus.find((m) => m.id === params.get('menu')) ?? menus[0] ?? null;
  const [editing, setEditing] = useState<'new' | 'menu' | null>(null);
  const [item, setItem] = useState<string | 'new' | null>(null);
  const [publish, publishing] = useMutation(PublishServiceMenu);
  const depts = useQuery(OrgDepartments, { variables: { id: menu?.org.id ?? '' }, skip: !menu });
  const departments = (depts.data?.org?.departments ?? []).map((d) => ({ id: d.id, name: d.name }));
  const figures = useQuery(MenuFiguresQuery, { variables: { orgId: root.id, menuId: menu?.id, from: menu?.startsOn ?? '', to: menu?.endsOn ?? '' }, skip: !menu || !root.id, fetchPolicy: 'cache-and-network' });

  if (loading && !data) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;
  // The union's own staff keep its menu; admins may keep any.
  const owns = !!menu && (claims.role === 'admin' || menu.org.id === claims.org);
  const fig = figures.data?.menuFigures;
  const titleOf = new Map(menu?.items.map((i) => [i.id, i.title]) ?? []);
  const cards: [string, string | number, string][] = fig
    ? [['点单（件）', fig.ordered, 'ordered'], ['部室接单（件）', fig.accepted, 'accepted'], ['县总签单（件）', fig.signedOff, 'signedOff'], ['不予受理（件）', fig.declined, 'declined'], ['签单率', percent(fig.signedOffRate), 'signedOffRate']]
    : [];

  const doPublish = async () => {
    if (!menu) return;
    try {
      const r = await publish({ variables: { id: menu.id, version: menu.version }, errorPolicy: 'none' });
      if (!r.data?.publishServiceMenu) throw r;
      message.success('菜单已发布，辖区职工可以点单了');
      void refetch();
    } catch (err) {
      message.error(errorMessage(err, RECORD_MESSAGES));
    }
  };

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>服务菜单 · 职工点单、部室接单、县总签单</Typography.Title>
        <Space wrap>
          {menus.length > 0 && (
            <Select style={{ minWidth: 280 }} value={menu?.id} onChange={(id) => setParams({ menu: id })} data-testid="menu-picker"
              options={menus.map((m) => ({ value: m.id, label: `${m.title}（${m.org.name ?? ''}·${label(MENU_STATE, m.state)}）` }))} />
          )}
          {claims.org && <Button onClick={() => setEditing('new')}>新建菜单</Button>}
        </Space>
      </Space>

      {!menu ? (
        <Card><Nothing text="还没有服务菜单。新建一份菜单，列出职工可以点的服务项目，发布后辖区职工就能点单。" /></Card>
      ) : (
        <>
          <Card size="small" title={<Space>{menu.title}<Tag color={menu.state === 'PUBLISHED' ? 'green' : 'default'} data-testid="menu-state">{label(MENU_STATE, menu.state)}</Tag></Space>}
            extra={owns && (
              <Space>
                <Button onClick={() => setEditing('menu')}>修改</Button>
                <Button onClick={() => setItem('new')}>添加服务项目</Button>
                {menu.state === 'DRAFT' && <Button type="primary" disabled={!menu.items.length} loading={publishing.loading} onClick={() => void doPublish()}>发布菜单</Button>}
              </Space>
            )}>
            <Descriptions size="small" column={3}>
              <Descriptions.Item label="发布单位">{menu.org.name}</Descriptions.Item>
              <Descriptions.Item label="点单时间">{menu.startsOn} 至 {menu.endsOn}</Descriptions.Item>
              <Descriptions.Item label="服务项目">{menu.items.length} 项</Descriptions.Item>
            </Descriptions>
            {owns && menu.state === 'DRAFT' && <Alert type="info" showIcon message="草稿只有本单位和上级能看到。添加好服务项目后点“发布菜单”，辖区职工就能在手机上点单。" />}
          </Card>

          <Tabs
            items={[
              {
                key: 'items', label: '服务项目',
                children: (
                  <Table size="small" rowKey="id" pagination={false} dataSource={menu.items} data-testid="menu-items" locale={{ emptyText: '还没有服务项目' }}
                    columns={[
                      { title: '序号', dataIndex: 'position', width: 60 },
                      { title: '服务项目', dataIndex: 'title', width: 180 },
                      { title: '服务内容', dataIndex: 'description' },
                      { title: '登记为', dataIndex: 'kind', width: 110, render: (k: string) => label(CASE_KIND, k) },
                      { title: '数量', width: 110, render: (_, i) => remaining(i.quantity, i.ordered) },
                      { title: '已点单', dataIndex: 'ordered', width: 80 },
                      ...(owns ? [{ title: '', width: 70, render: (_: unknown, i: { id: string }) => <a onClick={() => setItem(i.id)}>修改</a> }] : []),
                    ]} />
                ),
              },
              { key: 'board', label: '接单签单', children: <OrdersBoard menuId={menu.id} departments={departments} onChanged={() => { void figures.refetch(); void refetch(); }} /> },
              {
                key: 'figures', label: '统计',
                children: fig ? (
                  <Space direction="vertical" size={16} style={{ width: '100%' }}>
                    <Row gutter={[16, 16]}>
                      {cards.map(([title, value, key]) => (
                        <Col key={key} flex="1 1 140px"><Card size="small"><Statistic title={title} value={value} /><span hidden data-testid={`menu-fig-${key}`}>{value}</span></Card></Col>
                      ))}
                    </Row>
                    <Row gutter={[16, 16]}>
                      <Col xs={24} lg={14}>
                        <Card size="small" title="各服务项目点单情况">
                          <Chart testId="menu-items-chart" height={320} option={ordersOption(fig.byItem.map((r) => ({ name: titleOf.get(r.itemId) ?? '—', ordered: r.ordered, accepted: r.accepted, signedOff: r.signedOff })))} />
                        </Card>
                      </Col>
                      <Col xs={24} lg={10}>
                        <Card size="small" title="各部室接单情况">
                          <Table size="small" rowKey="departmentId" pagination={false} dataSource={fig.byDepartment} data-testid="menu-departments" locale={{ emptyText: '还没有部室接单' }}
                            columns={[
                              { title: '部室', render: (_, d) => d.department?.name ?? '上级部室' },
                              { title: '接单', dataIndex: 'accepted', width: 70 },
                              { title: '办结', dataIndex: 'resolved', width: 70 },
                              { title: '签单', dataIndex: 'signedOff', width: 70 },
                            ]} />
                        </Card>
                      </Col>
                    </Row>
                    <Typography.Text type="secondary">统计本辖区职工在菜单点单期间的点单，按诉求现在的状态计。</Typography.Text>
                  </Space>
                ) : <Loading />,
              },
            ]}
          />
        </>
      )}

      {claims.org && (
        <MenuForm orgId={claims.org} current={editing === 'menu' ? menu : null} open={!!editing} onClose={() => setEditing(null)}
          onSaved={(id) => { setEditing(null); setParams({ menu: id }); void refetch(); }} />
      )}
      {menu && (
        <ItemForm menuId={menu.id} current={item && item !== 'new' ? menu.items.find((i) => i.id === item) ?? null : null} open={!!item} onClose={() => setItem(null)}
          onSaved={() => { setItem(null); void refetch(); void figures.refetch(); }} />
      )}
    </Space>
  );
}
