import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { memberApi } from './api';

/** "Link another account": a one-time bind code to send from the member's other platform account. */
export function LinkAccountCard({ token }: { token: string }) {
  const { t, i18n } = useTranslation('member');
  const issue = useMutation({ mutationFn: () => memberApi.bindCode(token) });
  const code = issue.data;
  const until = code
    ? new Date(code.expiresAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' })
    : '';
  return (
    <Card size="small" title={t('linkAccount.title')} data-testid="member-link-account">
      <Flex vertical gap={8}>
        <Typography.Text type="secondary">{t('linkAccount.hint')}</Typography.Text>
        {code && (
          <>
            <Typography.Title level={3} copyable style={{ margin: 0, letterSpacing: 4 }} data-testid="member-bind-code">
              {code.code}
            </Typography.Title>
            <Typography.Text>{t('linkAccount.instructions', { time: until })}</Typography.Text>
          </>
        )}
        {issue.error && <Alert type="error" title={t('linkAccount.failed', { message: issue.error.message })} />}
        <Button loading={issue.isPending} onClick={() => issue.mutate()} data-testid="member-bind-code-button">
          {code ? t('linkAccount.again') : t('linkAccount.button')}
        </Button>
      </Flex>
    </Card>
  );
}
