import { Alert, Button, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { SilenceAlert } from './api';

/** Groups that are fading or have gone silent, most serious first, each linking to its page. */
export function SilenceAlerts({ slug, alerts }: { slug: string; alerts: SilenceAlert[] }) {
  const { t } = useTranslation('overview');
  const navigate = useNavigate();
  const sorted = [...alerts].sort((a, b) =>
    a.kind === b.kind ? a.since.localeCompare(b.since) : a.kind === 'silent' ? -1 : 1,
  );
  return (
    <Flex vertical gap={8} data-testid="overview-alerts">
      {sorted.length === 0 && <Typography.Text type="secondary">{t('alerts.none')}</Typography.Text>}
      {sorted.map((a) => (
        <Alert
          key={`${a.groupId}-${a.kind}`}
          type={a.kind === 'silent' ? 'error' : 'warning'}
          showIcon
          data-testid="overview-alert"
          title={t(`alerts.${a.kind}`, { group: a.groupName, since: a.since })}
          action={
            <Button
              size="small"
              onClick={() => navigate(`/c/${slug}/groups/${a.groupId}`)}
              data-testid="overview-alert-open"
            >
              {t('alerts.open')}
            </Button>
          }
        />
      ))}
    </Flex>
  );
}
