import { Button, Grid, Layout, Menu, Select, Space, Spin, Typography } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, Outlet, useLocation, useNavigate, useParams } from 'react-router-dom';
import { atLeast, useAuth } from '../auth/AuthContext';
import { featureRoutes } from './features';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { NewCommunityButton } from '../create/NewCommunityButton';

/** The console frame: community picker, navigation, language and sign-out around the current page. */
export function Shell() {
  const { t } = useTranslation();
  const { me, logout, reload } = useAuth();
  const { slug } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const wide = Grid.useBreakpoint().md ?? true;
  if (!me) return null;
  const newCommunity = me.account.isInstanceOwner && (
    <NewCommunityButton
      onCreated={async (created) => {
        await reload();
        navigate(`/c/${created}/overview`);
      }}
    />
  );
  if (!me.communities.some((c) => c.slug === slug)) {
    const first = me.communities[0];
    return first ? (
      <Navigate to={`/c/${first.slug}/overview`} replace />
    ) : (
      <Space orientation="vertical" style={{ padding: 24 }}>
        <Typography.Paragraph>{t('noCommunity')}</Typography.Paragraph>
        {newCommunity}
      </Space>
    );
  }
  const section = location.pathname.split('/')[3] ?? 'overview';
  const role = me.communities.find((c) => c.slug === slug)?.role;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light">
        <Typography.Title level={4} style={{ padding: '16px 24px', margin: 0 }}>
          {t('appName')}
        </Typography.Title>
        <Menu
          mode="inline"
          selectedKeys={[section]}
          items={featureRoutes
            .filter((r) => r.nav && (!r.minRole || atLeast(role, r.minRole)))
            .map((r) => ({
              key: r.path,
              label: (
                <Link to={`/c/${slug}/${r.path}`} data-testid={`nav-${r.nav}`}>
                  {t(`nav.${r.nav}`)}
                </Link>
              ),
            }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            display: 'flex',
            flexWrap: 'wrap',
            gap: 8,
            justifyContent: 'space-between',
            alignItems: 'center',
            paddingInline: wide ? 24 : 48,
            paddingBlock: 8,
            height: 'auto',
            lineHeight: 'normal',
          }}
        >
          <Space>
            {wide && <Typography.Text type="secondary">{t('community')}</Typography.Text>}
            <Select
              value={slug}
              style={{ minWidth: wide ? 200 : 140 }}
              data-testid="community-select"
              options={me.communities.map((c) => ({ value: c.slug, label: c.name }))}
              onChange={(next) => navigate(`/c/${next}/${section}`)}
            />
            {newCommunity}
          </Space>
          <Space>
            <LanguageSwitch />
            <Link to={`/c/${slug}/account`} data-testid="nav-account">
              {wide ? me.account.email : t('nav.account')}
            </Link>
            <Button size="small" onClick={() => void logout()} data-testid="logout">
              {t('logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: wide ? 24 : '24px 12px 12px', minWidth: 0 }}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
