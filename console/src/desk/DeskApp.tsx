import { lazy, Suspense, useCallback, useMemo, useRef, useState, type FormEvent } from 'react';
import { GraphError, request, useQuery, type Transport } from '../light/graph';
import { lightMessage } from '../light/errors';
import { Card, Empty, Field, Notice, Spinner, Tag } from '../light/ui';
import { API_KEY_PATTERN, currentCredential, forget, saveKey, takeNotice, transportFor, type Credential } from './credential';
import { CheckEligibility, CheckVoucher, DeskProgrammes, RedeemVoucher, TodaysRedemptions } from './operations';
import { chinaDay, chinaTime, newIdempotencyKey, reasonOf, scanKind } from './words';
import type { DeskCheckEligibilityQuery, DeskCheckVoucherQuery, DeskRedeemMutation } from '../light/gql/graphql';

// The camera scanner (and its QR decoder) loads only when the cashier opens the camera.
const Scanner = lazy(() => import('./Scanner'));
const hasCamera = typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

export function DeskApp() {
  const [cred, setCred] = useState<Credential | null>(currentCredential);
  const signedOut = useCallback(() => setCred(null), []);
  if (!cred) return <SignIn onSignedIn={setCred} />;
  return <Desk cred={cred} onSignedOut={signedOut} />;
}

/* ---------- signing in ---------- */

function SignIn({ onSignedIn }: { onSignedIn: (c: Credential) => void }) {
  const [notice] = useState(takeNotice);
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const k = key.trim();
    if (!API_KEY_PATTERN.test(k)) {
      setError('密钥的样子不对：应以 lx_ 开头，请对照工会给的密钥重新输入。');
      return;
    }
    setBusy(true);
    setError(null);
    const cred: Credential = { kind: 'key', key: k };
    try {
      // One read proves the key works before the tablet keeps it.
      await request(transportFor(cred, () => undefined), DeskProgrammes);
      saveKey(k);
      onSignedIn(cred);
    } catch (err) {
      setError(lightMessage(err, { UNAUTHENTICATED: '密钥不对，或已被停用。请核对后重新输入，或向工会要一个新的。', FORBIDDEN: '这个账号不是合作商户，不能使用核销台。' }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <header className="lx-bar">
        <h1>连心桥 · 商户核销台</h1>
      </header>
      <main className="lx-main" style={{ maxWidth: 560 }}>
        <Card title="登录核销台">
          {notice && <Notice kind="warn">{notice}</Notice>}
          {error && <Notice kind="error" testId="signin-error">{error}</Notice>}
          <form onSubmit={(e) => void submit(e)}>
            <Field label="本店的核销密钥（工会发给商户的，以 lx_ 开头）">
              <input className="lx-input" data-testid="desk-key" value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" spellCheck={false} placeholder="lx_…" />
            </Field>
            <button className="lx-btn lx-btn-primary lx-btn-block" type="submit" disabled={busy || !key.trim()} data-testid="desk-signin">
              {busy ? '正在核对…' : '登录'}
            </button>
          </form>
          <p className="lx-muted">这台平板只需登录一次，之后打开就能用。换店或停用时点右上角“退出”。</p>
          <p className="lx-muted">
            有工作账号？<a href="/signin">用工作账号登录</a>
          </p>
        </Card>
      </main>
    </>
  );
}

/* ---------- the desk ---------- */

type Redeem =
  | { state: 'idle' }
  | { state: 'sending' }
  | { state: 'done'; result: DeskRedeemMutation['redeemVoucher'] }
  | { state: 'refused'; code: string }
  | { state: 'failed'; message: string };

interface Scan {
  text: string;
  kind: 'voucher' | 'member';
  /** One key per scan: a double tap or a retry after a network error redeems once. */
  key: string;
  at: number;
}

function Desk({ cred, onSignedOut }: { cred: Credential; onSignedOut: () => void }) {
  const transport = useMemo(() => transportFor(cred, onSignedOut), [cred, onSignedOut]);
  const programmes = useQuery(transport, DeskProgrammes);
  const today = useToday(transport);
  const [typed, setTyped] = useState('');
  const [scan, setScan] = useState<Scan | null>(null);
  const [camera, setCamera] = useState(false);

  const onScan = useCallback((text: string) => {
    const t = text.trim();
    if (!t) return;
    setScan({ text: t, kind: scanKind(t), key: newIdempotencyKey(), at: Date.now() });
    setCamera(false);
    setTyped('');
  }, []);

  const signOut = () => {
    if (!window.confirm('退出后，这台平板需要重新输入密钥才能核销。确定退出吗？')) return;
    forget();
    onSignedOut();
  };

  return (
    <>
      <header className="lx-bar">
        <h1>连心桥 · 商户核销台</h1>
        <button type="button" onClick={signOut} data-testid="desk-signout">
          退出
        </button>
      </header>
      <main className="lx-main">
        <Card title="扫码或输入券码">
          {hasCamera && !camera && (
            <button type="button" className="lx-btn lx-btn-primary lx-btn-block" style={{ marginBottom: 12, minHeight: 64, fontSize: 20 }} onClick={() => setCamera(true)} data-testid="open-camera">
              打开摄像头扫码
            </button>
          )}
          {camera && (
            <Suspense fallback={<Spinner text="正在打开摄像头…" />}>
              <Scanner onScan={onScan} onClose={() => setCamera(false)} />
            </Suspense>
          )}
          <form
            className="lx-row"
            onSubmit={(e) => {
              e.preventDefault();
              onScan(typed);
            }}
          >
            <input
              className="lx-input lx-grow"
              style={{ fontSize: 20, letterSpacing: 1 }}
              data-testid="desk-code"
              aria-label="券码"
              placeholder="没有摄像头时，在这里输入券码"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            <button className="lx-btn lx-btn-primary" type="submit" disabled={!typed.trim()} data-testid="desk-lookup" style={{ minWidth: 96, fontSize: 18 }}>
              查询
            </button>
          </form>
        </Card>

        {scan?.kind === 'voucher' && <VoucherScan key={scan.key} scan={scan} transport={transport} onRedeemed={today.refetch} />}
        {scan?.kind === 'member' && <MemberScan key={scan.key} scan={scan} transport={transport} programmes={programmes.data?.deskProgrammes ?? null} />}

        <Card title={`今日已核销 ${today.list.length} 张`} testId="today">
          {today.error && <Notice kind="error">{lightMessage(today.error)}</Notice>}
          {today.loading && !today.list.length ? (
            <Spinner />
          ) : !today.list.length ? (
            <Empty>今天还没有核销。</Empty>
          ) : (
            <ul className="lx-list">
              {today.list.map((r) => (
                <li key={r.id} className="lx-row" data-testid="today-row">
                  <span style={{ fontVariantNumeric: 'tabular-nums', minWidth: 52 }}>{chinaTime(r.redeemedAt)}</span>
                  <span className="lx-grow">{r.programmeName}</span>
                  <span>{r.memberName}</span>
                  <span className="lx-muted">尾号 {r.code.slice(-4)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>

        <Card title="本店可核销的活动" testId="desk-programmes">
          {programmes.error && <Notice kind="error">{lightMessage(programmes.error)}</Notice>}
          {!programmes.data ? (
            !programmes.error && <Spinner />
          ) : !programmes.data.deskProgrammes?.length ? (
            <Empty>本店还没有可核销的活动。请联系工会开通。</Empty>
          ) : (
            <ul className="lx-list">
              {programmes.data.deskProgrammes.map((p) => (
                <li key={p.id} className="lx-row">
                  <span className="lx-grow">{p.name}</span>
                  <span className="lx-muted">
                    {p.startsOn} 至 {p.endsOn}
                  </span>
                  {p.open ? <Tag tone="ok">进行中</Tag> : <Tag>未开放</Tag>}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </main>
    </>
  );
}

/** Today's redemptions at this venue, newest first: pages of the API's list until yesterday shows. */
function useToday(transport: Transport) {
  const first = useQuery(transport, TodaysRedemptions, { first: 100 });
  const day = chinaDay(new Date());
  const list = (first.data?.myRedemptions?.edges ?? []).map((e) => e.node).filter((r) => chinaDay(r.redeemedAt) === day);
  return { list, loading: first.loading, error: first.error, refetch: first.refetch };
}

/* ---------- a voucher ---------- */

function VoucherScan({ scan, transport, onRedeemed }: { scan: Scan; transport: Transport; onRedeemed: () => Promise<void> }) {
  const check = useQuery(transport, CheckVoucher, { code: scan.text });
  const [redeem, setRedeem] = useState<Redeem>({ state: 'idle' });
  const inFlight = useRef(false);

  const doRedeem = async () => {
    // A double tap sends nothing more; a retry after a failure sends the same key again.
    if (inFlight.current) return;
    inFlight.current = true;
    setRedeem({ state: 'sending' });
    try {
      const data = await request(transport, RedeemVoucher, { code: scan.text, idempotencyKey: scan.key });
      setRedeem({ state: 'done', result: data.redeemVoucher });
      void onRedeemed();
    } catch (err) {
      const code = err instanceof GraphError ? err.code : 'NETWORK';
      if (code in REFUSALS) setRedeem({ state: 'refused', code });
      else setRedeem({ state: 'failed', message: lightMessage(err) });
    } finally {
      inFlight.current = false;
    }
  };

  if (check.loading && !check.data) return <Card><Spinner text="正在查询这张券…" /></Card>;
  if (check.error) return <Card><Notice kind="error" testId="verdict-error">{lightMessage(check.error)}</Notice></Card>;
  const v = check.data?.checkVoucher as DeskCheckVoucherQuery['checkVoucher'];
  if (!v) return null;

  if (redeem.state === 'done' && redeem.result) {
    return (
      <Card testId="verdict">
        <div className="lx-verdict lx-verdict-ok" data-testid="verdict-ok">
          <div className="lx-big">✓ 核销成功</div>
          <div>{chinaTime(redeem.result.redeemedAt)} 已核销，请为顾客办理。</div>
        </div>
        <Facts programme={redeem.result.programmeName} member={redeem.result.memberName} />
      </Card>
    );
  }
  const refusedCode = redeem.state === 'refused' ? redeem.code : !v.valid ? v.reasons[0] : null;
  if (refusedCode) {
    const r = reasonOf(refusedCode);
    return (
      <Card testId="verdict">
        <div className="lx-verdict lx-verdict-bad" data-testid="verdict-bad" data-reason={refusedCode}>
          <div className="lx-big">✗ {r.title}</div>
          <div>{r.detail}</div>
        </div>
        <Facts programme={v.programmeName} member={v.memberName} expiresAt={v.expiresAt} />
      </Card>
    );
  }
  return (
    <Card testId="verdict">
      <div className="lx-verdict lx-verdict-ok" data-testid="verdict-valid">
        <div className="lx-big">✓ 可以使用</div>
        <div>核对无误后，点下面的“核销”。</div>
      </div>
      <Facts programme={v.programmeName} member={v.memberName} expiresAt={v.expiresAt} />
      {redeem.state === 'failed' && (
        <Notice kind="warn" testId="redeem-failed">
          {redeem.message} 没有收到答复时，请再点一次“核销”：同一次扫码只会核销一次。
        </Notice>
      )}
      <button type="button" className="lx-btn lx-btn-primary lx-btn-block lx-btn-huge" style={{ marginTop: 16 }} disabled={redeem.state === 'sending'} onClick={() => void doRedeem()} data-testid="redeem">
        {redeem.state === 'sending' ? '正在核销…' : '核销'}
      </button>
    </Card>
  );
}

/** Redeem errors that are an answer about the voucher, not a failure to ask. */
const REFUSALS: Record<string, true> = { UNKNOWN_CODE: true, ALREADY_REDEEMED: true, EXPIRED: true, CANCELLED: true, IDEMPOTENCY_KEY_REUSED: true };

function Facts({ programme, member, expiresAt }: { programme?: string | null; member?: string | null; expiresAt?: string | null }) {
  if (!programme && !member) return null;
  return (
    <dl className="lx-kv" data-testid="facts">
      {programme && (
        <>
          <dt>活动</dt>
          <dd data-testid="fact-programme">{programme}</dd>
        </>
      )}
      {member && (
        <>
          <dt>会员</dt>
          <dd data-testid="fact-member">{member}</dd>
        </>
      )}
      {expiresAt && (
        <>
          <dt>有效期至</dt>
          <dd>{chinaDay(expiresAt)}</dd>
        </>
      )}
    </dl>
  );
}

/* ---------- a member's own QR ---------- */

type DeskProgramme = { id: string; name: string; open: boolean };

function MemberScan({ scan, transport, programmes }: { scan: Scan; transport: Transport; programmes: DeskProgramme[] | null }) {
  const open = (programmes ?? []).filter((p) => p.open);
  const [chosen, setChosen] = useState<string | null>(null);
  const programmeId = chosen ?? (open.length === 1 ? open[0].id : null);
  const check = useQuery(transport, CheckEligibility, { programmeId: programmeId ?? '', memberQr: scan.text }, !programmeId);
  const answer = check.data?.checkEligibility as DeskCheckEligibilityQuery['checkEligibility'];
  const name = open.find((p) => p.id === programmeId)?.name;

  return (
    <Card title="会员资格查询" testId="verdict">
      {!programmes && <Spinner />}
      {programmes && !open.length && <Empty>本店现在没有进行中的活动，无法查询。</Empty>}
      {open.length > 1 && (
        <div className="lx-row" style={{ marginBottom: 12 }}>
          <span className="lx-muted">查哪个活动：</span>
          {open.map((p) => (
            <button key={p.id} type="button" className={`lx-btn${p.id === programmeId ? ' lx-btn-primary' : ''}`} onClick={() => setChosen(p.id)}>
              {p.name}
            </button>
          ))}
        </div>
      )}
      {programmeId && check.loading && !answer && <Spinner text="正在查询…" />}
      {check.error && <Notice kind="error" testId="verdict-error">{lightMessage(check.error)}</Notice>}
      {answer && !check.loading && (
        answer.eligible ? (
          <div className="lx-verdict lx-verdict-ok" data-testid="eligible-yes">
            <div className="lx-big">✓ 符合条件</div>
            <div>可以参加“{name}”。</div>
          </div>
        ) : (
          <div className="lx-verdict lx-verdict-bad" data-testid="eligible-no">
            <div className="lx-big">✗ 不符合</div>
            {answer.reasons.map((r) => (
              <div key={r}>
                {reasonOf(r).title}：{reasonOf(r).detail}
              </div>
            ))}
          </div>
        )
      )}
      {answer?.memberName && <Facts programme={name} member={answer.memberName} />}
    </Card>
  );
}
