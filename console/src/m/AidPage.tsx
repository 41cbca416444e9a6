import { useState } from 'react';
import { request, useQuery } from '../light/graph';
import { lightMessage } from '../light/errors';
import { Card, Empty, Field, Notice, Spinner, Tag } from '../light/ui';
import { useTransport } from './context';
import { ApplyForAid, MyAid } from './operations';
import { AID_STATE, AID_STEPS, cnDate, notYet } from './words';
import { useActionKeys } from '../light/idempotency';

/** Education aid: apply for a child, and follow each application through its steps. */
export default function AidPage() {
  const transport = useTransport();
  const q = useQuery(transport, MyAid);
  const children = q.data?.me?.children ?? [];
  const programmes = q.data?.programmes?.edges.map((e) => e.node) ?? [];
  const applications = q.data?.aidApplications?.edges.map((e) => e.node) ?? [];
  const childName = (id: string) => children.find((c) => c.id === id)?.name ?? '孩子';

  return (
    <>
      {q.error && <Notice kind="error">{lightMessage(q.error)}</Notice>}
      <Card title="我的助学申请">
        {q.loading && !q.data ? (
          <Spinner />
        ) : !applications.length ? (
          <Empty>还没有申请。</Empty>
        ) : (
          <ul className="lx-list">
            {applications.map((a) => (
              <li key={a.id} data-testid="aid-application" data-state={a.state}>
                <div className="lx-row">
                  <strong className="lx-grow">
                    {a.childId ? childName(a.childId) : '本人'} · {a.programme?.name ?? '助学'}
                  </strong>
                  <Tag tone={a.state === 'REJECTED' ? 'bad' : a.state === 'DELIVERED' ? 'ok' : 'blue'} testId="aid-state">
                    {AID_STATE[a.state]}
                  </Tag>
                </div>
                <AidSteps state={a.state} history={a.history} />
                {a.rejectReason && <Notice kind="warn">未通过的原因：{a.rejectReason}</Notice>}
                {a.amountCents != null && <div className="lx-muted">批准金额 {(a.amountCents / 100).toFixed(0)} 元</div>}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {q.data && <ApplyCard programmes={programmes} children={children} applied={applications} onApplied={q.refetch} />}
    </>
  );
}

function AidSteps({ state, history }: { state: string; history: { id: string; toState: string; at: string; note?: string | null }[] }) {
  const when = (s: string) => history.find((h) => h.toState === s);
  const rejected = history.find((h) => h.toState === 'REJECTED');
  const reached = new Set(history.map((h) => h.toState));
  return (
    <ol className="lx-steps" style={{ marginTop: 8 }} data-testid="aid-steps">
      {AID_STEPS.map(([s, text]) => {
        const h = when(s);
        if (!h && rejected && !reached.has(s)) return null;
        return (
          <li key={s} className={h ? '' : 'lx-step-todo'}>
            <div>{text}</div>
            <div className="lx-muted">{h ? cnDate(h.at) : state === 'REJECTED' ? '' : '等待中'}</div>
          </li>
        );
      })}
      {rejected && (
        <li>
          <div>未通过</div>
          <div className="lx-muted">{cnDate(rejected.at)}</div>
        </li>
      )}
    </ol>
  );
}

/** A child with an application to a programme that was not turned down cannot apply to it again this year. */
function ApplyCard({ programmes, children: all, applied, onApplied }: { programmes: { id: string; name: string; endsOn: string }[]; children: { id: string; name: string }[]; applied: { childId?: string | null; state: string; year: number; programme?: { id: string } | null }[]; onApplied: () => Promise<void> }) {
  const transport = useTransport();
  const [programmeId, setProgrammeId] = useState('');
  const [childId, setChildId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const keys = useActionKeys();
  const pid = programmeId || (programmes.length === 1 ? programmes[0].id : '');
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  const children = all.filter((c) => !applied.some((a) => a.childId === c.id && a.programme?.id === pid && a.year === year && a.state !== 'REJECTED'));
  const cid = childId || (children.length === 1 ? children[0].id : '');

  if (!programmes.length) return <Card title="申请助学"><Empty>现在没有可以申请的助学活动。</Empty></Card>;
  if (!all.length) return <Card title="申请助学"><Notice kind="info">{notYet('NO_CHILD_RECORDED')}。</Notice></Card>;
  if (pid && !children.length) {
    return <Card title="申请助学">{done ? <Notice kind="ok">已提交。所在工会审核后，区县工会审批，每一步都会显示在上面。</Notice> : <Empty>今年已经为每个孩子申请过了。</Empty>}</Card>;
  }

  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      const input = { programmeId: pid, childId: cid };
      await request(transport, ApplyForAid, { input, idempotencyKey: keys.for(input) });
      keys.settle();
      setDone(true);
      await onApplied();
    } catch (err) {
      const reasons = (err as { errors?: { extensions?: { reasons?: string[] } }[] }).errors?.[0]?.extensions?.reasons;
      setError(reasons?.length ? `暂时不能申请：${reasons.map(notYet).join('；')}。` : lightMessage(err, { DUPLICATE: '这个孩子今年已经申请过了。' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="申请助学" testId="aid-apply">
      {done && <Notice kind="ok">已提交。所在工会审核后，区县工会审批，每一步都会显示在上面。</Notice>}
      {error && <Notice kind="error" testId="aid-error">{error}</Notice>}
      {programmes.length > 1 && (
        <Field label="助学活动">
          <select className="lx-select" value={pid} onChange={(e) => setProgrammeId(e.target.value)}>
            <option value="">请选择</option>
            {programmes.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field label="为哪个孩子申请">
        <select className="lx-select" value={cid} onChange={(e) => setChildId(e.target.value)} data-testid="aid-child">
          {children.length > 1 && <option value="">请选择</option>}
          {children.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </Field>
      <button type="button" className="lx-btn lx-btn-primary lx-btn-block" disabled={busy || !pid || !cid} onClick={() => void apply()} data-testid="aid-submit">
        {busy ? '正在提交…' : '提交申请'}
      </button>
    </Card>
  );
}
