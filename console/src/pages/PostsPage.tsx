import { useMemo, useState } from 'react';
import { useQuery } from '@apollo/client';
import { Button, Card, Checkbox, Col, Descriptions, Drawer, Empty, Row, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useSession } from '../auth/SessionContext';
import { useRootOrg } from '../orgs/useRootOrg';
import { CASE_STATE, CASE_STATE_COLOR, label } from '../ui/labels';
import { ErrorState, Loading, Nothing } from '../ui/States';
import { dayOf, formatDate, percent } from '../ui/time';
import { PostEntries, PostList } from '../posts/operations';
import { ChooseForm, EntryForm, NewPostForm } from '../posts/PostForms';
import { answered, choosable, projectOf, WISH_STATUS, wishStatus } from '../posts/wall';

type Counts = { wishes: number; chosen: number; granted: number; suggestions: number; answered: number };
const ZERO: Counts = { wishes: 0, chosen: 0, granted: 0, suggestions: 0, answered: 0 };

/**
 * 工会驿站: the posts in the caller's subtree with what their wish walls (心愿墙) and suggestion
 * books (意见簿) collected this year; a post's wall as cards (待选 / 已选中 / 已实现), its book,
 * and for the post's own union the forms to record a wish or a suggestion. Staff choose wishes
 * into a service project here, which grants them together.
 */
export default function PostsPage() {
  const root = useRootOrg();
  const { claims } = useSession();
  const today = dayOf();
  const from = `${today.slice(0, 4)}-01-01`;
  const { data, loading, error, refetch } = useQuery(PostList, { variables: { orgId: root.id, from, to: today }, skip: !root.id, fetchPolicy: 'cache-and-network' });
  const [openPost, setOpenPost] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const posts = useMemo(() => (data?.unionPosts?.edges ?? []).map((e) => e.node), [data]);
  const fig = data?.unionPostFigures;
  const counts = useMemo(() => new Map((fig?.byPost ?? []).map((c) => [c.postId, c as Counts])), [fig]);

  if (!root.id || (loading && !data)) return <Loading />;
  if (error && !data) return <ErrorState error={error} retry={() => void refetch()} />;

  const post = posts.find((p) => p.id === openPost) ?? null;
  const cards: [string, string | number, string][] = fig
    ? [
        ['驿站（个）', fig.posts, 'posts'],
        ['收集心愿（个）', fig.wishes, 'wishes'],
        ['已选中（个）', fig.chosen, 'chosen'],
        ['已实现（个）', fig.granted, 'granted'],
        ['实现率', percent(fig.grantedRate), 'grantedRate'],
        ['收集意见（条）', fig.suggestions, 'suggestions'],
        ['已答复（条）', fig.answered, 'answered'],
      ]
    : [];
  const n = (id: string, k: keyof Counts) => (counts.get(id) ?? ZERO)[k];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>工会驿站 · 心愿墙与意见簿</Typography.Title>
        <Space>
          <Typography.Text type="secondary">{from.slice(0, 4)} 年以来（截至 {today}）</Typography.Text>
          {claims.role === 'staff' && claims.org && <Button type="primary" onClick={() => setCreating(true)}>新建驿站</Button>}
        </Space>
      </Space>

      {fig && (
        <Row gutter={[16, 16]}>
          {cards.map(([title, value, key]) => (
            <Col key={key} flex="1 1 130px">
              <Card size="small"><Statistic title={title} value={value} /><span hidden data-testid={`post-fig-${key}`}>{value}</span></Card>
            </Col>
          ))}
        </Row>
      )}

      <Card size="small" title="驿站列表" extra={<Typography.Text type="secondary">点一个驿站看它的心愿墙和意见簿</Typography.Text>}>
        {posts.length ? (
          <Table size="small" rowKey="id" dataSource={posts} data-testid="posts" pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
            onRow={(p) => ({ onClick: () => setOpenPost(p.id), style: { cursor: 'pointer' } })}
            columns={[
              { title: '驿站', dataIndex: 'name', render: (name: string) => <Typography.Link>{name}</Typography.Link> },
              { title: '所属工会', render: (_, p) => p.org.name ?? '—' },
              { title: '开放时间', dataIndex: 'openingHours', render: (h: string | null) => h ?? '—' },
              { title: '设施', render: (_, p) => <Space size={4}>{p.wishWall && <Tag color="volcano">心愿墙</Tag>}{p.suggestionBook && <Tag color="cyan">意见簿</Tag>}</Space> },
              { title: '心愿', align: 'right', render: (_, p) => n(p.id, 'wishes') },
              { title: '已选中', align: 'right', render: (_, p) => n(p.id, 'chosen') },
              { title: '已实现', align: 'right', render: (_, p) => n(p.id, 'granted') },
              { title: '意见', align: 'right', render: (_, p) => n(p.id, 'suggestions') },
              { title: '已答复', align: 'right', render: (_, p) => n(p.id, 'answered') },
            ]}
          />
        ) : (
          <Nothing text="辖区内还没有登记工会驿站" />
        )}
      </Card>

      <Drawer open={!!post} width={960} onClose={() => setOpenPost(null)} title={post?.name} data-testid="post-drawer" destroyOnClose>
        {post && (
          <PostDetail post={post} keeper={claims.role === 'admin' || claims.org === post.org.id} chooser={claims.role === 'staff' ? root.id ?? null : null} onChanged={() => void refetch()} />
        )}
      </Drawer>
      {claims.org && <NewPostForm orgId={claims.org} open={creating} onClose={() => setCreating(false)} onSaved={() => { setCreating(false); void refetch(); }} />}
    </Space>
  );
}

interface PostProps {
  post: { id: string; name: string; address: string; openingHours?: string | null; wishWall: boolean; suggestionBook: boolean; org: { id: string; name?: string | null } };
  /** The post's own union (or an admin): records wishes and suggestions at it. */
  keeper: boolean;
  /** The org a chosen wish's project is run by (the caller's own); null for who may not choose. */
  chooser: string | null;
  onChanged: () => void;
}

function PostDetail({ post, keeper, chooser, onChanged }: PostProps) {
  const wall = useQuery(PostEntries, { variables: { postId: post.id, channel: 'WISH_WALL' }, fetchPolicy: 'cache-and-network' });
  const book = useQuery(PostEntries, { variables: { postId: post.id, channel: 'SUGGESTION_BOOK' }, fetchPolicy: 'cache-and-network' });
  const [picked, setPicked] = useState<string[]>([]);
  const [recording, setRecording] = useState<'WISH_WALL' | 'SUGGESTION_BOOK' | null>(null);
  const [choosing, setChoosing] = useState(false);
  const wishes = (wall.data?.postCases?.edges ?? []).map((e) => e.node);
  const suggestions = (book.data?.postCases?.edges ?? []).map((e) => e.node);
  const refresh = () => {
    void wall.refetch();
    void book.refetch();
    onChanged();
  };
  const toggle = (id: string, on: boolean) => setPicked((p) => (on ? [...p, id] : p.filter((x) => x !== id)));

  const wallTab = (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        {keeper && post.wishWall && <Button type="primary" onClick={() => setRecording('WISH_WALL')}>登记心愿</Button>}
        {chooser && <Button disabled={!picked.length} onClick={() => setChoosing(true)}>选入项目{picked.length ? `（${picked.length}）` : ''}</Button>}
        <Typography.Text type="secondary">{chooser ? '勾选待选的心愿，选入服务项目统一帮办；项目办结即为已实现' : '心愿卡按时间倒序'}</Typography.Text>
      </Space>
      {wishes.length ? (
        <Row gutter={[12, 12]} data-testid="wall">
          {wishes.map((c) => {
            const status = wishStatus(c);
            const project = projectOf(c.responsible);
            return (
              <Col key={c.id} xs={24} sm={12} lg={8}>
                <Card size="small" data-testid="wish-card" style={{ height: '100%', background: status === 'granted' ? '#f6ffed' : status === 'chosen' ? '#e6f4ff' : '#fffbe6' }}
                  title={<Space size={6}><Tag color={WISH_STATUS[status].color}>{WISH_STATUS[status].word}</Tag><Typography.Text type="secondary" style={{ fontSize: 12 }}>{formatDate(c.raisedAt)}</Typography.Text></Space>}
                  extra={chooser && choosable(c) ? <Checkbox aria-label={`选中 ${c.number}`} checked={picked.includes(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} /> : null}>
                  <Typography.Paragraph style={{ marginBottom: 8 }}>{c.description}</Typography.Paragraph>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {c.member?.name ?? '职工'} · <Link to={`/cases/${c.id}`}>{c.number}</Link>{project ? ` · 项目：${project}` : ''}
                  </Typography.Text>
                </Card>
              </Col>
            );
          })}
        </Row>
      ) : (
        <Empty description={post.wishWall ? '心愿墙上还没有心愿' : '这个驿站没有设心愿墙'} />
      )}
    </Space>
  );

  const bookTab = (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      {keeper && post.suggestionBook && <Button type="primary" onClick={() => setRecording('SUGGESTION_BOOK')}>登记意见</Button>}
      <Table size="small" rowKey="id" dataSource={suggestions} data-testid="book" pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: post.suggestionBook ? '意见簿上还没有意见' : '这个驿站没有设意见簿' }}
        columns={[
          { title: '日期', width: 100, render: (_, c) => formatDate(c.raisedAt) },
          { title: '意见建议', dataIndex: 'description' },
          { title: '状态', width: 90, render: (_, c) => (answered(c.state) ? <Tag color="green">已答复</Tag> : <Tag color={CASE_STATE_COLOR[c.state]}>{label(CASE_STATE, c.state)}</Tag>) },
          { title: '答复', dataIndex: 'resolution', ellipsis: true, render: (r: string | null) => r ?? '—' },
          { title: '', width: 70, render: (_, c) => <Link to={`/cases/${c.id}`}>去办理</Link> },
        ]}
      />
    </Space>
  );

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="所属工会">{post.org.name}</Descriptions.Item>
        <Descriptions.Item label="开放时间">{post.openingHours ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="地址" span={2}>{post.address}</Descriptions.Item>
      </Descriptions>
      {wall.loading && !wall.data ? <Loading /> : (
        <Tabs items={[
          { key: 'wall', label: `心愿墙（${wishes.length}）`, children: wallTab },
          { key: 'book', label: `意见簿（${suggestions.length}）`, children: bookTab },
        ]} />
      )}
      {recording && <EntryForm postId={post.id} channel={recording} open onClose={() => setRecording(null)} onSaved={() => { setRecording(null); refresh(); }} />}
      {chooser && <ChooseForm orgId={chooser} caseIds={picked} open={choosing} onClose={() => setChoosing(false)} onSaved={() => { setChoosing(false); setPicked([]); refresh(); }} />}
    </Space>
  );
}
