import type { ReactNode } from 'react';

/** The few building blocks the light pages share; styles in light.css. */

export function Card({ title, children, extra, testId }: { title?: ReactNode; children: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <section className="lx-card" data-testid={testId}>
      {(title || extra) && (
        <div className="lx-row" style={{ marginBottom: 8 }}>
          <h2 className="lx-grow" style={{ margin: 0 }}>
            {title}
          </h2>
          {extra}
        </div>
      )}
      {children}
    </section>
  );
}

export function Notice({ kind, children, testId }: { kind: 'error' | 'ok' | 'info' | 'warn'; children: ReactNode; testId?: string }) {
  return (
    <div className={`lx-notice lx-notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid={testId}>
      {children}
    </div>
  );
}

export function Spinner({ text = '加载中…' }: { text?: string }) {
  return <div className="lx-spin">{text}</div>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="lx-empty">{children}</div>;
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="lx-field">
      <span>{label}</span>
      {children}
    </label>
  );
}

export function Tag({ tone, children, testId }: { tone?: 'ok' | 'bad' | 'warn' | 'blue'; children: ReactNode; testId?: string }) {
  return (
    <span className={tone ? `lx-tag lx-tag-${tone}` : 'lx-tag'} data-testid={testId}>
      {children}
    </span>
  );
}
