import { useState } from 'react';
import { Link } from 'react-router-dom';
import { request, useQuery } from '../light/graph';
import { lightMessage } from '../light/errors';
import { useActionKeys } from '../light/idempotency';
import { Card, Empty, Notice, Spinner, Tag } from '../light/ui';
import { useTransport } from './context';
import { MyMenus, OrderMenuItem } from './operations';
import { cnDate } from './words';

interface Item {
  id: string;
  title: string;
  description: string;
  quantity?: number | null;
  ordered: number;
  myOrder?: { caseId: string } | null;
}

/** 职工点单: the services my union (and the unions above it) offer on their menus; an order becomes my request. */
export default function MenuPage() {
  const transport = useTransport();
  const q = useQuery(transport, MyMenus);
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const menus = (q.data?.serviceMenus?.edges.map((e) => e.node) ?? []).filter((m) => m.startsOn <= today && today <= m.endsOn);
  if (q.loading && !q.data) return <Spinner />;
  return (
    <>
      {q.error && <Notice kind="error">{lightMessage(q.error)}</Notice>}
      {!menus.length && <Card title="服务菜单"><Empty>现在没有可以点单的服务菜单。</Empty></Card>}
      {menus.map((m) => (
        <Card key={m.id} title={m.title} testId="menu">
          <div className="lx-muted">{m.org.name ?? '工会'} · {cnDate(m.endsOn)} 前可以点单</div>
          <ul className="lx-list">
            {m.items.map((i) => <ItemRow key={i.id} item={i} onOrdered={q.refetch} />)}
          </ul>
        </Card>
      ))}
    </>
  );
}

function ItemRow({ item, onOrdered }: { item: Item; onOrdered: () => Promise<void> }) {
  const transport = useTransport();
  const keys = useActionKeys();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const full = item.quantity !== null && item.quantity !== undefined && item.ordered >= item.quantity;
  const order = async () => {
    setBusy(true);
    setError(null);
    try {
      await request(transport, OrderMenuItem, { itemId: item.id, idempotencyKey: keys.for(item.id) });
      keys.settle();
      await onOrdered();
    } catch (err) {
      setError(lightMessage(err, { QUOTA_EXHAUSTED: '这项服务已经被点满了。', DUPLICATE: '您已经点过这项服务了。', INVALID_STATE: '这份菜单现在不接受点单。' }));
      await onOrdered();
    } finally {
      setBusy(false);
    }
  };
  return (
    <li data-testid="menu-item">
      <div className="lx-row">
        <strong className="lx-grow">{item.title}</strong>
        {item.myOrder ? (
          <Link to={`/cases/${item.myOrder.caseId}`} data-testid="my-order"><Tag tone="ok">已点单 · 看进度</Tag></Link>
        ) : full ? (
          <Tag>已点满</Tag>
        ) : (
          <button type="button" className="lx-btn lx-btn-primary" disabled={busy} onClick={() => void order()} data-testid="order">
            {busy ? '正在点单…' : '点单'}
          </button>
        )}
      </div>
      <div className="lx-muted">{item.description}</div>
      {item.quantity !== null && item.quantity !== undefined && !full && <div className="lx-muted">还剩 {item.quantity - item.ordered} 个名额</div>}
      {error && <Notice kind="error">{error}</Notice>}
    </li>
  );
}
