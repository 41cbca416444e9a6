import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { request } from '../light/graph';
import { lightMessage } from '../light/errors';
import { Card, Field, Notice } from '../light/ui';
import { useTransport } from './context';
import { RaiseCase } from './operations';
import { RAISABLE_KINDS } from './words';
import { useActionKeys } from '../light/idempotency';

/** Raise a case from the phone: what kind, and what happened in my own words. It comes in through the website channel. */
export default function NewCasePage() {
  const transport = useTransport();
  const navigate = useNavigate();
  const [kind, setKind] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const text = description.trim();
  const keys = useActionKeys();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!kind) return setError('请先选一下是哪类事情。');
    if (text.length < 5) return setError('请多写几个字（至少 5 个字），把事情说清楚。');
    setBusy(true);
    setError(null);
    try {
      const input = { kind: kind as 'OTHER', channel: 'WEBSITE' as const, description: text };
      // Tapping again after a lost answer sends the same key: one case, not two.
      const data = await request(transport, RaiseCase, { input, idempotencyKey: keys.for(input) });
      keys.settle();
      navigate(`/cases/${data.raiseCase!.id}`, { replace: true });
    } catch (err) {
      setError(lightMessage(err));
      setBusy(false);
    }
  };

  return (
    <Card title="我要提诉求">
      {error && <Notice kind="error" testId="raise-error">{error}</Notice>}
      <form onSubmit={(e) => void submit(e)}>
        <Field label="是哪类事情">
          <select className="lx-select" value={kind} onChange={(e) => setKind(e.target.value)} data-testid="case-kind">
            <option value="">请选择</option>
            {RAISABLE_KINDS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </Field>
        <Field label="具体情况（发生了什么，希望工会帮什么）">
          <textarea className="lx-textarea" value={description} maxLength={2000} onChange={(e) => setDescription(e.target.value)} data-testid="case-description" />
        </Field>
        <p className="lx-muted">提交后，所在工会会尽快受理，办理的每一步都能在这里看到。</p>
        <button className="lx-btn lx-btn-primary lx-btn-block" type="submit" disabled={busy} data-testid="case-submit">
          {busy ? '正在提交…' : '提交'}
        </button>
      </form>
    </Card>
  );
}
