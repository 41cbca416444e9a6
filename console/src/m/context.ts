import { createContext, useContext } from 'react';
import { loadSession, signOut } from '../auth/session';
import type { Transport } from '../light/graph';

/** The phone view's caller: the member's session from the shared sign-in (/signin), sent as a bearer token. */
export function memberTransport(): Transport {
  return {
    headers: (): Record<string, string> => {
      const token = loadSession()?.token;
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    unauthenticated: () => {
      signOut('登录已过期，请重新登录。');
      location.assign('/signin');
    },
  };
}

export const TransportContext = createContext<Transport | null>(null);

export function useTransport(): Transport {
  const t = useContext(TransportContext);
  if (!t) throw new Error('no transport');
  return t;
}
