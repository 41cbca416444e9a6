import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { request, useQuery } from '../light/graph';
import { lightMessage } from '../light/errors';
import { Card, Empty, Field, Notice, Spinner, Tag } from '../light/ui';
import { CASE_KIND, label } from '../ui/labels';
import { useTransport } from './context';
import { MyCase, RateCase } from './operations';
import { CASE_STATUS, CASE_STEP, cnDate, cnDateTime, RATINGS } from './words';

const ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** One of my cases: what I asked, where it stands, every step in plain words, and the rating when asked. */
export default function CasePage() {
  const { id = '' } = useParams();
  const transport = useTransport();
  // Not an id at all reads as "not found" too, without asking.
  const q = useQuery(transport, MyCase, { id }, !ID.test(id));
  const c = q.data?.case;
  // Kept here: once rated, the case reloads without RATE and the form goes away, the thanks stays.
  const [rated, setRated] = useState<string | null>(null);

  if (!ID.test(id) || (q.data && !c) || q.error?.code === 'NOT_FOUND') return <NotFound />;
  if (q.error) return <Notice kind="error">{lightMessage(q.error)}</Notice>;
  if (!c) return <Spinner />;
  return (
    <>
      <Link to="/cases" className="lx-btn-link" style={{ display: 'inline-block', marginBottom: 8 }}>
        ‹ 返回我的诉求
      </Link>
      <Card title={label(CASE_KIND, c.kind)} extra={<Tag tone="blue" testId="case-status">{CASE_STATUS[c.state] ?? c.state}</Tag>} testId="case">
        <p style={{ marginTop: 0, whiteSpace: 'pre-wrap' }}>{c.description}</p>
        <div className="lx-muted">
          编号 {c.number} · {cnDate(c.raisedAt)} 提交 · 办理单位 {c.handlingOrg.name ?? '—'}
        </div>
        {c.supervised && (
          <div style={{ marginTop: 8 }}>
            <Tag tone="warn">上级工会督办中</Tag>
          </div>
        )}
        {c.resolution && (
          <div style={{ marginTop: 12 }}>
            <strong>办理结果：</strong>
            {c.resolution}
          </div>
        )}
      </Card>
      {rated && <Notice kind="ok" testId="rated">{rated}</Notice>}
      {c.allowedActions.includes('RATE') && !rated && <RateForm id={c.id} version={c.version} onRated={(message) => { setRated(message); void q.refetch(); }} />}
      <Card title="办理经过">
        <ol className="lx-steps" data-testid="timeline">
          {c.events.map((e) => (
            <li key={e.seq} data-testid="timeline-step">
              <div>
                <strong>{CASE_STEP[e.action] ?? e.action}</strong>
              </div>
              <div className="lx-muted">
                {cnDateTime(e.at)}
                {e.actorOrg?.name ? ` · ${e.actorOrg.name}` : ''}
              </div>
              {e.note && <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
            </li>
          ))}
        </ol>
      </Card>
    </>
  );
}

function NotFound() {
  return (
    <Card testId="not-found">
      <Empty>
        <div className="lx-big" style={{ color: 'var(--ink)' }}>
          未找到
        </div>
        <p>没有这件诉求，或者它不是您提的。</p>
        <Link to="/cases">返回我的诉求</Link>
      </Empty>
    </Card>
  );
}

function RateForm({ id, version, onRated }: { id: string; version: number; onRated: (message: string) => void }) {
  const transport = useTransport();
  const [rating, setRating] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    if (!rating) return;
    setBusy(true);
    setError(null);
    try {
      await request(transport, RateCase, { id, version, rating: rating as 'SATISFIED', comment: comment.trim() || null });
      onRated(rating === 'UNSATISFIED' ? '已收到。这件诉求会重新办理，并由上级工会督办。' : '谢谢您的评价！');
    } catch (err) {
      setError(lightMessage(err));
      setBusy(false);
    }
  };

  return (
    <Card title="请您评价办理结果" testId="rate">
      {error && <Notice kind="error">{error}</Notice>}
      <div className="lx-row" role="radiogroup" style={{ marginBottom: 12 }}>
        {RATINGS.map(([value, text]) => (
          <button key={value} type="button" role="radio" aria-checked={rating === value} className={`lx-btn lx-grow${rating === value ? ' lx-btn-primary' : ''}`} onClick={() => setRating(value)} data-testid={`rating-${value}`}>
            {text}
          </button>
        ))}
      </div>
      {rating === 'UNSATISFIED' && (
        <Notice kind="warn" testId="reopen-warning">
          选“不满意”后，这件诉求会重新办理，并由上级工会督办。
        </Notice>
      )}
      <Field label="想说的话（可不填）">
        <textarea className="lx-textarea" value={comment} maxLength={500} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <button type="button" className="lx-btn lx-btn-primary lx-btn-block" disabled={!rating || busy} onClick={() => void submit()} data-testid="rate-submit">
        {busy ? '正在提交…' : '提交评价'}
      </button>
    </Card>
  );
}
