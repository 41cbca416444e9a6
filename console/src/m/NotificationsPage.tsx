import { useState } from 'react';
import { request, useQuery } from '../light/graph';
import { lightMessage } from '../light/errors';
import { Card, Empty, Notice, Spinner } from '../light/ui';
import { useTransport } from './context';
import { MarkNotificationsRead, MyNotifications } from './operations';
import { cnDateTime } from './words';

/** 消息: what the union told me about my requests, vouchers, aid and membership, newest first; tapping one marks it read. */
export default function NotificationsPage({ onChange }: { onChange: () => void }) {
  const transport = useTransport();
  const q = useQuery(transport, MyNotifications);
  const [error, setError] = useState<string | null>(null);
  const items = q.data?.me?.notifications?.edges.map((e) => e.node) ?? [];
  const unread = q.data?.me?.unreadNotifications ?? 0;

  const mark = async (ids: string[] | null) => {
    setError(null);
    try {
      await request(transport, MarkNotificationsRead, { ids });
      await q.refetch();
      onChange();
    } catch (err) {
      setError(lightMessage(err));
    }
  };

  return (
    <>
      {(q.error || error) && <Notice kind="error">{error ?? lightMessage(q.error)}</Notice>}
      <Card
        title={unread ? `消息（${unread} 条未读）` : '消息'}
        extra={
          unread > 0 && (
            <button type="button" className="lx-btn lx-btn-link" onClick={() => void mark(null)} data-testid="read-all">
              全部标为已读
            </button>
          )
        }
      >
        {q.loading && !q.data ? (
          <Spinner />
        ) : !items.length ? (
          <Empty>还没有消息。您的诉求、福利券和会员关系有了变化，会在这里告诉您。</Empty>
        ) : (
          <ul className="lx-list">
            {items.map((n) => (
              <li
                key={n.id}
                className={n.readAt ? 'lx-note' : 'lx-note lx-note-unread'}
                data-testid="notification"
                data-read={n.readAt ? 'yes' : 'no'}
                onClick={() => !n.readAt && void mark([n.id])}
              >
                <div className="lx-row">
                  {!n.readAt && <span className="lx-dot" aria-label="未读" />}
                  <strong className="lx-grow">{n.title}</strong>
                  <span className="lx-muted">{cnDateTime(n.createdAt)}</span>
                </div>
                <div>{n.body.slice(0, n.body.length - n.next.length)}</div>
                <div className="lx-next">{n.next}</div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
