import { useState } from 'react';
import { request, useQuery } from '../light/graph';
import { lightMessage } from '../light/errors';
import { Card, Empty, Notice, Spinner, Tag } from '../light/ui';
import { useTransport } from './context';
import { ClaimVoucher, MyEligibility, MyVouchers } from './operations';
import { Qr } from './Qr';
import { cnDate, notYet, VOUCHER_STATE } from './words';
import { useActionKeys } from '../light/idempotency';

/** Programmes a member holds a voucher for (the rest are applied for, or visited, not claimed). */
const VOUCHER_KINDS = new Set(['CINEMA_VOUCHER', 'SWIMMING_VOUCHER', 'GYM_VOUCHER', 'HEALTH_CHECK', 'SANATORIUM', 'FREE_CLASS', 'GIFT_BATCH']);

/** My vouchers with their QR codes, and the programmes I can claim one from (or when I can). */
export default function VouchersPage() {
  const transport = useTransport();
  const q = useQuery(transport, MyVouchers);
  const vouchers = q.data?.me?.vouchers?.edges.map((e) => e.node) ?? [];
  const programmes = (q.data?.programmes?.edges.map((e) => e.node) ?? []).filter((p) => VOUCHER_KINDS.has(p.kind));
  const usable = vouchers.filter((v) => v.state === 'ISSUED');
  const past = vouchers.filter((v) => v.state !== 'ISSUED');

  return (
    <>
      {q.error && <Notice kind="error">{lightMessage(q.error)}</Notice>}
      <Card title="我的福利券">
        {q.loading && !q.data ? (
          <Spinner />
        ) : !usable.length ? (
          <Empty>现在没有可用的券。可以在下面领取。</Empty>
        ) : (
          <ul className="lx-list">
            {usable.map((v) => (
              <li key={v.id} data-testid="voucher" data-state={v.state}>
                <div className="lx-row">
                  <strong className="lx-grow">{v.programme?.name ?? '福利券'}</strong>
                  <Tag tone="ok">{VOUCHER_STATE[v.state]}</Tag>
                </div>
                {v.qrPayload && <Qr payload={v.qrPayload} label={`${v.programme?.name ?? ''} 的券二维码`} testId="voucher-qr" />}
                <div className="lx-muted" style={{ textAlign: 'center' }}>
                  到合作商户出示此码 · {cnDate(v.expiresAt)} 前有效
                </div>
                {v.code && (
                  <div className="lx-muted" style={{ textAlign: 'center', letterSpacing: 1 }} data-testid="voucher-code">
                    券码 {v.code}
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="可以领的券">
        {q.data && !programmes.length && <Empty>现在没有可领的活动。</Empty>}
        <ul className="lx-list">
          {programmes.map((p) => (
            <ClaimRow key={p.id} programme={p} onClaimed={q.refetch} />
          ))}
        </ul>
      </Card>
      {past.length > 0 && (
        <Card title="用过的券">
          <ul className="lx-list">
            {past.map((v) => (
              <li key={v.id} className="lx-row" data-testid="voucher" data-state={v.state}>
                <span className="lx-grow">{v.programme?.name ?? '福利券'}</span>
                <span className="lx-muted">{v.state === 'REDEEMED' ? `${cnDate(v.redeemedAt)} 使用` : cnDate(v.expiresAt)}</span>
                <Tag tone={v.state === 'REDEEMED' ? 'blue' : undefined} testId="voucher-state">
                  {VOUCHER_STATE[v.state]}
                </Tag>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}

function ClaimRow({ programme, onClaimed }: { programme: { id: string; name: string; endsOn: string }; onClaimed: () => Promise<void> }) {
  const transport = useTransport();
  const q = useQuery(transport, MyEligibility, { programmeId: programme.id });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const answer = q.data?.eligibility;
  const keys = useActionKeys();

  const claim = async () => {
    setBusy(true);
    setError(null);
    try {
      await request(transport, ClaimVoucher, { programmeId: programme.id, idempotencyKey: keys.for(programme.id) });
      keys.settle();
      await Promise.all([onClaimed(), q.refetch()]);
    } catch (err) {
      setError(lightMessage(err, { NOT_ELIGIBLE: '暂时不能领取。', QUOTA_EXHAUSTED: '名额已经发完了。', LIMIT_REACHED: '这一期的次数您已经用完了。' }));
      await q.refetch();
    } finally {
      setBusy(false);
    }
  };

  return (
    <li data-testid="claim-row" data-programme={programme.id}>
      <div className="lx-row">
        <strong className="lx-grow">{programme.name}</strong>
        {answer?.status === 'ELIGIBLE' && (
          <button type="button" className="lx-btn lx-btn-primary" disabled={busy} onClick={() => void claim()} data-testid="claim">
            {busy ? '正在领取…' : '领取'}
          </button>
        )}
      </div>
      {!answer && !q.error && <div className="lx-muted">正在查看能不能领…</div>}
      {answer && answer.status !== 'ELIGIBLE' && (
        <div className="lx-muted" data-testid="not-yet">
          暂时不能领：{answer.reasons.map((r) => notYet(r.code)).join('；')}。
          {answer.nextEligibleOn && <strong> {cnDate(answer.nextEligibleOn)}起可以领取。</strong>}
        </div>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      <div className="lx-muted">活动到 {cnDate(programme.endsOn)} 结束</div>
    </li>
  );
}
