import { lazy, Suspense, useMemo } from 'react';
import { Link, Navigate, NavLink, Route, Routes } from 'react-router-dom';
import { useQuery } from '../light/graph';
import { loadSession, signOut } from '../auth/session';
import { Spinner } from '../light/ui';
import { memberTransport, TransportContext } from './context';
import { MyUnread } from './operations';

const CasesPage = lazy(() => import('./CasesPage'));
const CasePage = lazy(() => import('./CasePage'));
const NewCasePage = lazy(() => import('./NewCasePage'));
const VouchersPage = lazy(() => import('./VouchersPage'));
const AidPage = lazy(() => import('./AidPage'));
const MePage = lazy(() => import('./MePage'));
const MenuPage = lazy(() => import('./MenuPage'));
const NotificationsPage = lazy(() => import('./NotificationsPage'));

const TABS: [string, string][] = [
  ['/cases', '我的诉求'],
  ['/menu', '点单'],
  ['/vouchers', '福利券'],
  ['/aid', '助学'],
  ['/me', '我的'],
];

/** The worker's phone view (/m): their cases, vouchers, education aid and membership. Members only. */
export function MApp() {
  const session = useMemo(() => loadSession(), []);
  const transport = useMemo(() => memberTransport(), []);
  const unread = useQuery(transport, MyUnread, undefined, !session || session.claims.role !== 'member');
  if (!session || session.claims.role !== 'member') {
    // Staff and partners have their own pages; anyone else signs in first.
    const home = session?.claims.role === 'partner' ? '/desk' : session ? '/' : '/signin';
    location.replace(home);
    return <Spinner text="正在转到登录…" />;
  }
  return (
    <TransportContext.Provider value={transport}>
      <header className="lx-bar">
        <h1>连心桥 · 职工之家</h1>
        <Bell count={unread.data?.me?.unreadNotifications ?? 0} />
        <button
          type="button"
          onClick={() => {
            signOut();
            location.assign('/signin');
          }}
        >
          退出
        </button>
      </header>
      <main className="lx-main lx-with-tabs">
        <Suspense fallback={<Spinner />}>
          <Routes>
            <Route path="/" element={<Navigate to="/cases" replace />} />
            <Route path="/cases" element={<CasesPage />} />
            <Route path="/cases/new" element={<NewCasePage />} />
            <Route path="/cases/:id" element={<CasePage />} />
            <Route path="/vouchers" element={<VouchersPage />} />
            <Route path="/aid" element={<AidPage />} />
            <Route path="/me" element={<MePage />} />
            <Route path="/menu" element={<MenuPage />} />
            <Route path="/notifications" element={<NotificationsPage onChange={() => void unread.refetch()} />} />
            <Route path="*" element={<Navigate to="/cases" replace />} />
          </Routes>
        </Suspense>
      </main>
      <nav className="lx-tabs" aria-label="栏目">
        {TABS.map(([to, text]) => (
          <NavLink key={to} to={to} className={({ isActive }) => (isActive ? 'lx-on' : '')} data-testid={`tab${to.replace('/', '-')}`}>
            {text}
          </NavLink>
        ))}
      </nav>
    </TransportContext.Provider>
  );
}

/** 消息 with the unread count, in the top bar on every page. */
function Bell({ count }: { count: number }) {
  return (
    <Link to="/notifications" className="lx-bell" aria-label={count ? `消息，${count} 条未读` : '消息'} data-testid="bell">
      消息
      {count > 0 && (
        <span className="lx-badge" data-testid="bell-count">
          {count > 99 ? '99+' : count}
        </span>
      )}
    </Link>
  );
}
