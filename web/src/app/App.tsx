import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router-dom';
import { AuthProvider, useAuth } from '../auth/AuthContext';
import { LoginPage } from '../auth/LoginPage';
import { featureRoutes } from './features';
import { Shell } from './Shell';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 30_000 } },
});

// A member's own page: the token in its URL is the credential, so it sits outside the operator
// sign-in, and it is its own chunk so that phones never download the console's pages.
const MemberPage = lazy(() => import('../member/MemberPage'));
const MemberRoomsPage = lazy(() => import('../rooms/MemberRoomsPage'));
const MemberRoomPage = lazy(() => import('../rooms/MemberRoomPage'));
// The pages invitation and reset links open: their token is the credential, like a member's page.
const InvitePage = lazy(() => import('../account/InvitePage'));
const ResetPasswordPage = lazy(() => import('../account/ResetPasswordPage'));
const member = (page: React.ReactNode) => <Suspense fallback={<Spin fullscreen />}>{page}</Suspense>;

const router = createBrowserRouter([
  { path: '/m/:token', element: member(<MemberPage />) },
  { path: '/m/:token/rooms', element: member(<MemberRoomsPage />) },
  { path: '/m/:token/rooms/:groupId', element: member(<MemberRoomPage />) },
  { path: '/invite', element: member(<InvitePage />) },
  { path: '/reset-password', element: member(<ResetPasswordPage />) },
  {
    element: <Gate />,
    children: [
      { path: '/', element: <Navigate to="/c/_/overview" replace /> },
      {
        path: '/c/:slug',
        element: <Shell />,
        children: [
          { index: true, element: <Navigate to="overview" replace /> },
          ...featureRoutes.map(({ path, page: Page }) => ({ path, element: <Page /> })),
        ],
      },
      { path: '*', element: <Navigate to="/" replace /> },
    ],
  },
]);

/** The operator console's routes: the session is checked only here, so member pages never ask for one. */
function Gate() {
  return (
    <AuthProvider>
      <SignedIn />
    </AuthProvider>
  );
}

function SignedIn() {
  const { me, loading } = useAuth();
  if (loading) return <Spin fullscreen />;
  return me ? <Outlet /> : <LoginPage />;
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
