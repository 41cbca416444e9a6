/**
 * The signed-in session: the token lives in sessionStorage (gone when the tab closes),
 * never in localStorage. Its claims say who is signed in; the gateway still checks them.
 */
export interface Claims {
  sub: string;
  role: 'admin' | 'staff' | 'member' | 'partner';
  org?: string;
  mid?: string;
  pid?: string;
  perms?: string[];
  exp?: number;
  /** The person's name, when the identity provider puts one in the token. */
  name?: string;
}

export interface Session {
  token: string;
  claims: Claims;
  /** What to call the caller in the header, e.g. "江北区总工会 工作人员". */
  label: string;
}

const KEY = 'lianxin.session';
const NOTICE = 'lianxin.notice';

/** The token's claims, unverified: for what to show; the gateway verifies every request. */
export function decode(token: string): Claims {
  const body = token.split('.')[1] ?? '';
  const json = decodeURIComponent(
    atob(body.replace(/-/g, '+').replace(/_/g, '/'))
      .split('')
      .map((c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'))
      .join(''),
  );
  const claims = JSON.parse(json) as Omit<Claims, 'role'> & { role?: Claims['role'] };
  // The identity provider's token names only the person: the gateway signs it in as their staff
  // account in the directory (org and rights come from there, not from the token), or refuses it.
  return { ...claims, role: claims.role ?? 'staff' };
}

export function saveSession(token: string, label: string): Session {
  const session = { token, claims: decode(token), label };
  sessionStorage.setItem(KEY, JSON.stringify({ token, label }));
  return session;
}

export function loadSession(now = Date.now()): Session | null {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const { token, label } = JSON.parse(raw) as { token: string; label: string };
    const claims = decode(token);
    if (claims.exp && claims.exp * 1000 <= now) {
      signOut('登录已过期，请重新登录。');
      return null;
    }
    return { token, claims, label };
  } catch {
    sessionStorage.removeItem(KEY);
    return null;
  }
}

/** Clears the token; `notice` is shown once on the sign-in page. */
export function signOut(notice?: string): void {
  sessionStorage.removeItem(KEY);
  if (notice) sessionStorage.setItem(NOTICE, notice);
}

export function takeNotice(): string | null {
  const n = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  return n;
}

export const isStaff = (c: Claims | undefined): boolean => c?.role === 'staff' || c?.role === 'admin';
export const mayReveal = (c: Claims | undefined): boolean => c?.role === 'admin' || (c?.role === 'staff' && !!c.perms?.includes('pii:read'));

/** Where a caller who is not staff works: members on the phone view, partners at the desk; null for anyone else. */
export const lightHome = (c: Claims | undefined): '/m' | '/desk' | null => (c?.role === 'member' ? '/m' : c?.role === 'partner' ? '/desk' : null);
