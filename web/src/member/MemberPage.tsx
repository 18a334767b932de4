import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Flex, Result, Skeleton, Switch, Typography } from 'antd';
import { type ReactNode, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { memberApi } from './api';
import { campCalendar } from './calendar';
import { CampCalendar } from './CampCalendar';
import { LinkAccountCard } from './LinkAccountCard';
import './locales';
import { MemberLeaderboard } from './MemberLeaderboard';
import { MemberRoleModels } from './MemberRoleModels';
import { ProgressCard } from './ProgressCard';
import { TodayCard } from './TodayCard';

/**
 * A member's camp page, opened from their personal link on a phone: today's check-in, streak,
 * progress, calendar, leaderboard and role models. No sign-in: the token in the URL is the key.
 */
export default function MemberPage() {
  const { t } = useTranslation('member');
  const { token = '' } = useParams();
  const state = useQuery({
    queryKey: ['member', token],
    queryFn: () => memberApi.state(token),
    // An unknown link stays unknown; retrying only delays the answer.
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
  const campName = state.data?.camp.name;
  // The tab (and a saved home-screen link) shows the camp rather than the console's name.
  useEffect(() => {
    if (campName) document.title = campName;
  }, [campName]);
  const days = useMemo(
    () => (state.data ? campCalendar(state.data.camp, state.data.today.date, state.data.calendar) : []),
    [state.data],
  );

  let body: ReactNode;
  if (state.error instanceof ApiError && state.error.status === 404) {
    body = (
      <div data-testid="member-invalid">
        <Result status="warning" title={t('invalidLink')} subTitle={t('invalidLinkHint')} />
      </div>
    );
  } else if (!state.data) {
    body = state.error ? (
      <Result
        status="warning"
        title={t('loadFailed', { message: state.error.message })}
        extra={<Button onClick={() => void state.refetch()}>{t('retry')}</Button>}
      />
    ) : (
      <Skeleton active paragraph={{ rows: 10 }} />
    );
  } else {
    const s = state.data;
    body = (
      <>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="member-camp-name">
            {s.camp.name}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="member-hello">
            {t('hello', { name: s.member.displayName })}
          </Typography.Text>
        </div>
        <TodayCard token={token} state={s} days={days} />
        <ProgressCard state={s} />
        <CampCalendar days={days} />
        <MemberLeaderboard token={token} />
        <MemberRoleModels token={token} />
        <Reminders token={token} optedOut={s.member.optedOutOfReminders} />
        <LinkAccountCard token={token} />
      </>
    );
  }

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Flex vertical gap={12} style={{ maxWidth: 480, margin: '0 auto', padding: 12 }} data-testid="member-page">
        <Flex justify="space-between" align="center">
          <Link to={`/m/${token}/rooms`} data-testid="member-to-rooms">
            <Button size="small">{t('rooms')}</Button>
          </Link>
          <LanguageSwitch />
        </Flex>
        {body}
      </Flex>
    </div>
  );
}

function Reminders({ token, optedOut }: { token: string; optedOut: boolean }) {
  const { t } = useTranslation('member');
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: (off: boolean) => memberApi.setReminders(token, off),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['member', token] }),
  });
  const on = toggle.isPending ? !toggle.variables : !optedOut;
  return (
    <Card size="small">
      <Flex justify="space-between" align="center" gap={8}>
        <div>
          <Typography.Text strong>{t('reminders')}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{on ? t('remindersOn') : t('remindersOff')}</Typography.Text>
        </div>
        <Switch
          checked={on}
          loading={toggle.isPending}
          onChange={(checked) => toggle.mutate(!checked)}
          data-testid="member-reminders"
        />
      </Flex>
    </Card>
  );
}
