import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router-dom';
import { AuthProvider, useAuth } from '../auth/AuthContext';
import { LoginPage } from '../auth/LoginPage';
import { featureRoutes } from './features';
import { Shell } from './Shell';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 30_000 } } });

const router = createBrowserRouter([
  { path: '/', element: <Navigate to="/c/_/overview" replace /> },
  {
    path: '/c/:slug',
    element: <Shell />,
    children: [{ index: true, element: <Navigate to="overview" replace /> }, ...featureRoutes.map(({ path, page: Page }) => ({ path, element: <Page /> }))],
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

function Gate() {
  const { me, loading } = useAuth();
  if (loading) return <Spin fullscreen />;
  return me ? <RouterProvider router={router} /> : <LoginPage />;
}

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <Gate />
          </AuthProvider>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
