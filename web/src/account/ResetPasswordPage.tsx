import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { accountApi, errorText, linkToken } from './api';
import { enterConsole, LinkPage } from './LinkPage';
import { PasswordFields } from './PasswordFields';
import './locales';

/** A password reset link's page: set a new password, and be signed in. */
export default function ResetPasswordPage() {
  const { t } = useTranslation('account');
  const token = linkToken();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reset = useQuery({ queryKey: ['reset', token], queryFn: () => accountApi.lookupReset(token), retry: false });

  if (reset.error)
    return (
      <LinkPage title={t('reset.title')}>
        <Alert type="warning" showIcon message={t('reset.gone')} />
      </LinkPage>
    );
  if (!reset.data)
    return (
      <LinkPage title={t('reset.title')}>
        <Skeleton active />
      </LinkPage>
    );
  const submit = async (v: { newPassword: string }) => {
    setBusy(true);
    setError(null);
    try {
      await accountApi.completeReset(token, v.newPassword);
      enterConsole();
    } catch (e) {
      setError(errorText(t, e));
      setBusy(false);
    }
  };
  return (
    <LinkPage title={t('reset.title')}>
      <Typography.Paragraph>{t('reset.forEmail', { email: reset.data.email })}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
        <PasswordFields />
        <Button type="primary" htmlType="submit" loading={busy} data-testid="reset-submit">
          {t('reset.submit')}
        </Button>
      </Form>
    </LinkPage>
  );
}
