import { useQuery } from '../light/graph';
import { lightMessage } from '../light/errors';
import { Card, Notice, Spinner, Tag } from '../light/ui';
import { useTransport } from './context';
import { Me } from './operations';
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
      <TransferCard transfers={me.transfers} />
    </>
  );
}

function TransferCard({ transfers }: { transfers: { id: string; status: string; reason: string; requestedAt: string; decidedAt?: string | null; returnReason?: string | null; toOrg?: { name?: string | null } | null }[] }) {
  return (
    <Card title="转会" testId="transfers">
      {transfers.length > 0 && (
        <ul className="lx-list">
          {[...transfers].reverse().map((t) => (
            <li key={t.id}>
              <div className="lx-row">
                <span className="lx-grow">转到 {t.toOrg?.name ?? '新单位的工会'}</span>
                <Tag tone={t.status === 'RETURNED' ? 'warn' : t.status === 'ACCEPTED' ? 'ok' : 'blue'}>{TRANSFER[t.status] ?? t.status}</Tag>
              </div>
              <div className="lx-muted">
                {cnDate(t.requestedAt)} 申请 · {t.reason}
              </div>
              {t.returnReason && <div className="lx-muted">退回原因：{t.returnReason}</div>}
            </li>
          ))}
        </ul>
      )}
      <p className="lx-muted">换了工作单位？请联系现在所在的工会办理转会，新单位的工会接收后，会籍随您转过去。</p>
    </Card>
  );
}
