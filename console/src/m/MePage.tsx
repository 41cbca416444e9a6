import { useState } from 'react';
import { request, useQuery } from '../light/graph';
import { lightMessage } from '../light/errors';
import { Card, Field, Notice, Spinner, Tag } from '../light/ui';
import { useTransport } from './context';
import { JoinTarget, Me, RequestMyTransfer } from './operations';
import { Qr } from './Qr';
import { cnDate, MEMBERSHIP, TRANSFER } from './words';

/** My membership: status, my union, my member QR code (shown at a partner desk), and my transfers. */
export default function MePage() {
  const q = useQuery(useTransport(), Me);
  const me = q.data?.me;
  if (q.error) return <Notice kind="error">{lightMessage(q.error)}</Notice>;
  if (!me) return <Spinner />;
  return (
    <>
      <Card title="我的会籍" testId="membership">
        <dl className="lx-kv" style={{ fontSize: 16 }}>
          <dt>姓名</dt>
          <dd>{me.name}</dd>
          <dt>会籍状态</dt>
          <dd>
            <Tag tone={me.status === 'ACTIVE' ? 'ok' : 'warn'} testId="membership-status">
              {MEMBERSHIP[me.status] ?? me.status}
            </Tag>
          </dd>
          <dt>所在工会</dt>
          <dd data-testid="membership-org">{me.org?.name ?? '—'}</dd>
          <dt>入会日期</dt>
          <dd>{cnDate(me.joinedOn)}</dd>
        </dl>
      </Card>
      <Card title="我的会员码" testId="member-qr-card">
        {me.qrPayload ? <Qr payload={me.qrPayload} label="我的会员码" testId="member-qr" /> : <Notice kind="info">会员码暂时无法显示，请稍后再试。</Notice>}
        <p className="lx-muted" style={{ textAlign: 'center' }}>
          在合作商户出示此码，商户可以查到您能不能参加活动。商户看不到您的证件号和电话。
        </p>
      </Card>
      <TransferCard transfers={me.transfers} canRequest={me.status === 'ACTIVE' || me.status === 'RETAINED'} onRequested={q.refetch} />
    </>
  );
}

type TransferView = { id: string; status: string; reason: string; requestedAt: string; decidedAt?: string | null; returnReason?: string | null; toOrg?: { name?: string | null } | null };

function TransferCard({ transfers, canRequest, onRequested }: { transfers: TransferView[]; canRequest: boolean; onRequested: () => Promise<void> }) {
  return (
    <Card title="转会" testId="transfers">
      {transfers.length > 0 && (
        <ul className="lx-list">
          {[...transfers].reverse().map((t) => (
            <li key={t.id} data-testid="transfer">
              <div className="lx-row">
                <span className="lx-grow">转到 {t.toOrg?.name ?? '新单位的工会'}</span>
                <Tag tone={t.status === 'RETURNED' ? 'warn' : t.status === 'ACCEPTED' ? 'ok' : 'blue'} testId="transfer-status">
                  {TRANSFER[t.status] ?? t.status}
                </Tag>
              </div>
              <div className="lx-muted">
                {cnDate(t.requestedAt)} 申请 · {t.reason}
              </div>
              {t.returnReason && <div className="lx-muted">退回原因：{t.returnReason}</div>}
            </li>
          ))}
        </ul>
      )}
      {canRequest ? <TransferForm onRequested={onRequested} /> : <p className="lx-muted">转会正在办理中，新单位的工会接收后，会籍随您转过去。</p>}
    </Card>
  );
}

/** Moving to a new employer: the new union's join code (on its QR poster), its name shown back, a reason, and the request. */
function TransferForm({ onRequested }: { onRequested: () => Promise<void> }) {
  const transport = useTransport();
  const [code, setCode] = useState('');
  const [reason, setReason] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const lookUp = async () => {
    setBusy(true);
    setError(null);
    try {
      const data = await request(transport, JoinTarget, { joinCode: code.trim() });
      if (data.joinTarget?.level === 'ENTERPRISE') setTarget(data.joinTarget.orgName);
      else setError(data.joinTarget ? '这个码不是基层工会的入会码，请找新单位工会的入会二维码。' : '没有找到这个入会码，请核对后重新输入。');
    } catch (err) {
      setError(lightMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await request(transport, RequestMyTransfer, { joinCode: code.trim(), reason: reason.trim() });
      await onRequested();
    } catch (err) {
      setError(lightMessage(err, { DUPLICATE: '您已经有一个转会申请在办理中。', NOT_FOUND: '没有找到这个入会码，请核对后重新输入。' }));
      setBusy(false);
    }
  };

  return (
    <div data-testid="transfer-form">
      <p className="lx-muted">换了工作单位？输入新单位工会的入会码（在它的入会二维码海报下方），新单位的工会接收后，会籍随您转过去。</p>
      {error && <Notice kind="error" testId="transfer-error">{error}</Notice>}
      {!target ? (
        <div className="lx-row">
          <input className="lx-input lx-grow" value={code} onChange={(e) => setCode(e.target.value)} placeholder="新单位工会的入会码" aria-label="新单位工会的入会码" autoComplete="off" data-testid="transfer-code" />
          <button type="button" className="lx-btn" disabled={busy || !code.trim()} onClick={() => void lookUp()} data-testid="transfer-lookup">
            查找
          </button>
        </div>
      ) : (
        <>
          <Notice kind="info" testId="transfer-target">
            转到：{target}
          </Notice>
          <Field label="转会原因">
            <input className="lx-input" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} placeholder="例如：换了新单位" data-testid="transfer-reason" />
          </Field>
          <div className="lx-row">
            <button type="button" className="lx-btn" onClick={() => setTarget(null)} disabled={busy}>
              重新输入
            </button>
            <button type="button" className="lx-btn lx-btn-primary lx-grow" disabled={busy || !reason.trim()} onClick={() => void submit()} data-testid="transfer-submit">
              {busy ? '正在提交…' : '申请转会'}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
