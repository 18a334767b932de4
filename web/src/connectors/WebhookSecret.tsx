import { Alert, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CreatedConnector } from './api';
import './locales';

/**
 * A new connector's webhook path and secret, shown this once (only the secret's digest is
 * stored), with the command that registers the webhook where the platform has one. The token is
 * never filled in: the command holds a placeholder for it.
 */
export function WebhookSecret({ created }: { created: CreatedConnector }) {
  const { t } = useTranslation('connectors');
  if (created.webhookUrl === null) return null;
  if (created.settings.inbound !== 'webhook')
    return <Alert type="info" showIcon title={t('webhook.polling')} data-testid="connector-polling" />;
  const token = t('webhook.tokenPlaceholder');
  const publicUrl = t('webhook.publicUrlPlaceholder');
  const command =
    created.platform === 'telegram'
      ? `curl https://api.telegram.org/bot${token}/setWebhook -d url=${publicUrl}${created.webhookUrl} -d secret_token=${created.secret}`
      : null;
  return (
    <Flex vertical gap={8} data-testid="connector-webhook">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('webhook.title')}
      </Typography.Title>
      <Alert type="warning" showIcon title={t('webhook.once')} data-testid="connector-secret-once" />
      <Typography.Text strong>{t('webhook.url')}</Typography.Text>
      <Typography.Text type="secondary">{t('webhook.urlHint')}</Typography.Text>
      <Typography.Paragraph code copyable data-testid="connector-webhook-url" style={{ margin: 0 }}>
        {created.webhookUrl}
      </Typography.Paragraph>
      <Typography.Text strong>{t('webhook.secret')}</Typography.Text>
      <Typography.Paragraph code copyable data-testid="connector-secret" style={{ margin: 0 }}>
        {created.secret}
      </Typography.Paragraph>
      {command && (
        <>
          <Typography.Text strong>{t('webhook.command')}</Typography.Text>
          <Typography.Text type="secondary">{t('webhook.commandHint', { token, publicUrl })}</Typography.Text>
          <Typography.Paragraph
            code
            copyable
            data-testid="connector-command"
            style={{ margin: 0, wordBreak: 'break-all' }}
          >
            {command}
          </Typography.Paragraph>
        </>
      )}
    </Flex>
  );
}
