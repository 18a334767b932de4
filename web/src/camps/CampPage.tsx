import { useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Descriptions, Flex, Space, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useCan } from '../auth/AuthContext';
import { QueryState } from '../ui/QueryState';
import { campApi, campKeys } from './api';
import { CheckinsTab } from './CheckinsTab';
import { DashboardTab } from './DashboardTab';
import { EnrolButton } from './EnrolButton';
import { FlagsTab } from './FlagsTab';
import { LeaderboardTab } from './LeaderboardTab';
import './locales';
import { MembersTab } from './MembersTab';
import { RoleModelsTab } from './RoleModelsTab';

/**
 * One camp: its settings at a glance, enrolment, and tabs for the dashboard, the day's check-ins,
 * flagged check-ins, the leaderboard, role models and members. The day and tab live in the URL.
 */
export default function CampPage() {
  const { t } = useTranslation('camps');
  const { slug = '' } = useParams();
  const campId = Number(useParams().campId);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const canOperate = useCan(slug, 'operator');
  // Flagged check-ins quote members' texts side by side: the server shows them to assistants and up.
  const canSeeFlags = useCan(slug, 'assistant');
  const camp = useQuery({
    queryKey: [...campKeys.camp(slug, campId), 'settings'],
    queryFn: () => campApi.get(slug, campId),
  });
  // Without ?date every tab asks the server for the camp's today (the day whose window is open).
  const date = params.get('date') ?? undefined;
  const tab = params.get('tab') ?? 'dashboard';
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  if (!camp.data) return <QueryState error={camp.error} refetch={camp.refetch} />;
  const c = camp.data;
  const props = { slug, campId, date, lengthDays: c.lengthDays, timezone: c.window.timezone, canOperate };
  return (
    <Flex vertical gap={16}>
      <Space wrap align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="camp-title">
          {c.name}
        </Typography.Title>
        <Space wrap>
          <DatePicker
            value={date ? dayjs(date) : null}
            placeholder={t('dashboard.date')}
            minDate={dayjs(c.startDate)}
            maxDate={dayjs(c.endDate)}
            onChange={(value) => setParam('date', value?.format('YYYY-MM-DD'))}
            data-testid="camp-date"
          />
          {canOperate && <EnrolButton slug={slug} campId={campId} />}
          {canOperate && (
            <Button onClick={() => navigate(`/c/${slug}/camps/${campId}/edit`)} data-testid="camp-edit">
              {t('edit')}
            </Button>
          )}
        </Space>
      </Space>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} data-testid="camp-summary">
        <Descriptions.Item
          label={t('columns.dates')}
        >{`${c.startDate} – ${c.endDate} · ${t('days', { count: c.lengthDays })}`}</Descriptions.Item>
        <Descriptions.Item label={t('columns.window')}>{t('window', c.window)}</Descriptions.Item>
        <Descriptions.Item label={t('columns.enrolled')}>
          <span data-testid="camp-enrolled">{c.enrolled}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('columns.template')}>
          {t(`templates.${c.template}.name`, { defaultValue: c.template })}
        </Descriptions.Item>
      </Descriptions>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParam('tab', key === 'dashboard' ? undefined : key)}
        destroyOnHidden
        items={[
          { key: 'dashboard', label: t('tabs.dashboard'), children: <DashboardTab {...props} /> },
          {
            key: 'checkins',
            label: <span data-testid="tab-checkins">{t('tabs.checkins')}</span>,
            children: <CheckinsTab {...props} />,
          },
          ...(canSeeFlags
            ? [
                {
                  key: 'flags',
                  label: <span data-testid="tab-flags">{t('tabs.flags')}</span>,
                  children: <FlagsTab {...props} />,
                },
              ]
            : []),
          {
            key: 'leaderboard',
            label: <span data-testid="tab-leaderboard">{t('tabs.leaderboard')}</span>,
            children: <LeaderboardTab {...props} />,
          },
          {
            key: 'role-models',
            label: <span data-testid="tab-role-models">{t('tabs.roleModels')}</span>,
            children: <RoleModelsTab {...props} />,
          },
          {
            key: 'members',
            label: <span data-testid="tab-members">{t('tabs.members')}</span>,
            children: <MembersTab {...props} />,
          },
        ]}
      />
    </Flex>
  );
}
