import { lazy, Suspense, useMemo } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { loadSession, isStaff, lightHome } from './auth/session';
import { SessionContext } from './auth/SessionContext';
import { Loading } from './ui/States';
import { StaffLayout } from './pages/StaffLayout';
import { SignInPage } from './pages/SignInPage';

// Everything behind sign-in loads on demand: the sign-in page stays small, charts load with the dashboard.
const loadDashboard = () => import('./pages/DashboardPage');
const loadCases = () => import('./pages/CasesPage');
// The page the tab opens on starts downloading now, while the main bundle is still being
// evaluated, instead of after the first render asks for it (about 90 ms on the case board).
const opening = typeof location === 'undefined' ? '' : location.pathname;
if (opening === '/') void loadDashboard();
else if (opening.startsWith('/cases') && opening !== '/cases/new') void loadCases();
const DashboardPage = lazy(loadDashboard);
const CasesPage = lazy(loadCases);
const RegisterCasePage = lazy(() => import('./pages/RegisterCasePage'));
const MembersPage = lazy(() => import('./pages/MembersPage'));
const MemberPage = lazy(() => import('./pages/MemberPage'));
const ApplicationsPage = lazy(() => import('./pages/ApplicationsPage'));
const TransfersPage = lazy(() => import('./pages/TransfersPage'));
const EnrolPage = lazy(() => import('./pages/EnrolPage'));
const RosterImportPage = lazy(() => import('./pages/RosterImportPage'));
const OrgsPage = lazy(() => import('./pages/OrgsPage'));
const HardshipReviewsPage = lazy(() => import('./pages/HardshipReviewsPage'));
const PiiLogPage = lazy(() => import('./pages/PiiLogPage'));
const StaffPage = lazy(() => import('./pages/StaffPage'));
// 普惠与帮扶: programmes, care batches, education aid and partners, each page on demand.
const ProgrammesPage = lazy(() => import('./pages/ProgrammesPage'));
const ProgrammeNewPage = lazy(() => import('./pages/ProgrammeNewPage'));
const ProgrammePage = lazy(() => import('./pages/ProgrammePage'));
const CareBatchesPage = lazy(() => import('./pages/CareBatchesPage'));
const CareBatchPage = lazy(() => import('./pages/CareBatchPage'));
const AidPage = lazy(() => import('./pages/AidPage'));
const PartnersPage = lazy(() => import('./pages/PartnersPage'));
const PartnerPage = lazy(() => import('./pages/PartnerPage'));
const VisitsPage = lazy(() => import('./pages/VisitsPage'));
const PostsPage = lazy(() => import('./pages/PostsPage'));
const DrivesPage = lazy(() => import('./pages/DrivesPage'));
const MenusPage = lazy(() => import('./pages/MenusPage'));
const CampaignsPage = lazy(() => import('./pages/CampaignsPage'));
const NotificationFailuresPage = lazy(() => import('./pages/NotificationFailuresPage'));
const CallbackPage = lazy(() => import('./pages/CallbackPage'));
const NotStaffPage = lazy(() => import('./pages/NotStaffPage'));

export function App() {
  const location = useLocation();
  const session = useMemo(() => loadSession(), [location.key]);
  if (location.pathname === '/signin') return <SignInPage />;
  if (location.pathname === '/auth/callback')
    return (
      <Suspense fallback={<Loading />}>
        <CallbackPage />
      </Suspense>
    );
  if (!session) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  if (!isStaff(session.claims)) {
    // Members and partner desks have pages of their own (separate entries: a full navigation).
    const home = lightHome(session.claims);
    if (home) {
      window.location.replace(home);
      return <Loading />;
    }
    return (
      <SessionContext.Provider value={session}>
        <Suspense fallback={<Loading />}>
          <NotStaffPage />
        </Suspense>
      </SessionContext.Provider>
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <StaffLayout>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<DashboardPage />} />
            <Route path="/cases" element={<CasesPage />} />
            <Route path="/cases/new" element={<RegisterCasePage />} />
            <Route path="/cases/:id" element={<CasesPage />} />
            <Route path="/visits" element={<VisitsPage />} />
            <Route path="/posts" element={<PostsPage />} />
            <Route path="/drives" element={<DrivesPage />} />
            <Route path="/menus" element={<MenusPage />} />
            <Route path="/campaigns" element={<CampaignsPage />} />
            <Route path="/campaigns/:id" element={<CampaignsPage />} />
            <Route path="/notifications" element={<NotificationFailuresPage />} />
            <Route path="/members" element={<MembersPage />} />
            <Route path="/members/applications" element={<ApplicationsPage />} />
            <Route path="/members/transfers" element={<TransfersPage />} />
            <Route path="/members/enrol" element={<EnrolPage />} />
            <Route path="/members/import" element={<RosterImportPage />} />
            <Route path="/members/hardship" element={<HardshipReviewsPage />} />
            <Route path="/audit" element={<PiiLogPage />} />
            <Route path="/members/:id" element={<MemberPage />} />
            <Route path="/orgs" element={<OrgsPage />} />
            <Route path="/staff" element={<StaffPage />} />
            <Route path="/programmes" element={<ProgrammesPage />} />
            <Route path="/programmes/new" element={<ProgrammeNewPage />} />
            <Route path="/programmes/:id" element={<ProgrammePage />} />
            <Route path="/care" element={<CareBatchesPage />} />
            <Route path="/care/:id" element={<CareBatchPage />} />
            <Route path="/aid" element={<AidPage />} />
            <Route path="/partners" element={<PartnersPage />} />
            <Route path="/partners/:id" element={<PartnerPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Suspense>
      </StaffLayout>
    </SessionContext.Provider>
  );
}
