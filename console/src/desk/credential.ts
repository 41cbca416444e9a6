import { loadSession, signOut } from '../auth/session';
import type { Transport } from '../light/graph';

/**
 * Who the desk is. A tablet at the cashier signs in once with the venue's API key, which
 * stays in this tablet's localStorage and goes out as X-Api-Key; or someone signs in on
 * /signin as a partner (a partner JWT, kept for the tab like the staff console's).
 */
const KEY = 'lianxin.desk.key';
const NOTICE = 'lianxin.desk.notice';

export type Credential = { kind: 'key'; key: string } | { kind: 'token'; token: string };

export const API_KEY_PATTERN = /^lx_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/;

export function currentCredential(): Credential | null {
  const key = localStorage.getItem(KEY);
  if (key) return { kind: 'key', key };
  const session = loadSession();
  if (session?.claims.role === 'partner') return { kind: 'token', token: session.token };
  return null;
}

export function saveKey(key: string): void {
  localStorage.setItem(KEY, key);
}

/** Forgets the key (and a partner session); `notice` is shown once on the sign-in screen. */
export function forget(notice?: string): void {
  localStorage.removeItem(KEY);
  if (loadSession()?.claims.role === 'partner') signOut();
  if (notice) sessionStorage.setItem(NOTICE, notice);
}

export function takeNotice(): string | null {
  const n = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  return n;
}

export function transportFor(cred: Credential, onSignedOut: () => void): Transport {
  return {
    headers: (): Record<string, string> => (cred.kind === 'key' ? { 'x-api-key': cred.key } : { authorization: `Bearer ${cred.token}` }),
    unauthenticated: () => {
      forget(cred.kind === 'key' ? '这个密钥已失效（可能已被停用），请向工会要一个新的。' : '登录已过期，请重新登录。');
      onSignedOut();
    },
  };
}
