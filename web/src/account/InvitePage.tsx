import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Divider, Form, Input, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, setCsrfToken } from '../api/client';
import { authApi } from '../auth/api';
import { accountApi, errorText, linkToken } from './api';
import { enterConsole, LinkPage } from './LinkPage';
import { PasswordFields } from './PasswordFields';
import './locales';
import '../team/locales';

/**
 * An invitation link's page: a newcomer sets a name and password; someone with an account signs
 * in and accepts. Either way they land in the community with the role.
 */
export default function InvitePage() {
  const { t } = useTranslation('account');
  const token = linkToken();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const invite = useQuery({ queryKey: ['invite', token], queryFn: () => accountApi.lookupInvite(token), retry: false });
  const me = useQuery({ queryKey: ['me'], queryFn: () => authApi.me(), retry: false });

  if (invite.error)
    return <LinkPage title={t('title')}>{<Alert type="warning" showIcon message={t('invite.gone')} />}</LinkPage>;
  if (!invite.data || !me.data) return <LinkPage title={t('title')}>{<Skeleton active />}</LinkPage>;
  const { email, role, community } = invite.data;
  const run = async (work: () => Promise<string>) => {
    setBusy(true);
    setError(null);
    try {
      enterConsole(await work());
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('invite.exists') : errorText(t, e));
      setBusy(false);
    }
  };
  const accept = async () => (await accountApi.acceptInvite(token)).slug;
  const signedIn = me.data.account;

  return (
    <LinkPage title={t('invite.title', { community: community.name })}>
      <Typography.Paragraph data-testid="invite-offer">
        {t('invite.offer', { email, community: community.name, role: t(`team:roles.${role}`) })}
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="invite-error" />}
      {signedIn ? (
        signedIn.email === email ? (
          <>
            <Typography.Paragraph>{t('invite.signedInAs', { email })}</Typography.Paragraph>
            <Button type="primary" loading={busy} onClick={() => void run(accept)} data-testid="invite-accept">
              {t('invite.accept')}
            </Button>
          </>
        ) : (
          <Alert type="warning" showIcon message={t('invite.otherAccount', { email, me: signedIn.email })} />
        )
      ) : (
        <>
          <Typography.Paragraph strong>{t('invite.newAccount')}</Typography.Paragraph>
          <Form
            layout="vertical"
            requiredMark={false}
            onFinish={(v: { name?: string; newPassword: string }) =>
              void run(async () => {
                const answer = await accountApi.register(token, v.name, v.newPassword);
                return answer.slug;
              })
            }
          >
            <Form.Item name="name" label={t('name')}>
              <Input autoComplete="name" data-testid="invite-name" />
            </Form.Item>
            <PasswordFields />
            <Button type="primary" htmlType="submit" loading={busy} data-testid="invite-join">
              {t('invite.join')}
            </Button>
          </Form>
          <Divider />
          <Typography.Paragraph type="secondary">{t('invite.haveAccount')}</Typography.Paragraph>
          <Form
            layout="vertical"
            requiredMark={false}
            onFinish={(v: { password: string }) =>
              void run(async () => {
                const signed = await authApi.login(email, v.password);
                setCsrfToken(signed.csrfToken);
                return accept();
              })
            }
          >
            <Form.Item name="password" label={email} rules={[{ required: true }]}>
              <Input.Password autoComplete="current-password" data-testid="invite-signin-password" />
            </Form.Item>
            <Button htmlType="submit" loading={busy} data-testid="invite-signin">
              {t('invite.signInAccept')}
            </Button>
          </Form>
        </>
      )}
    </LinkPage>
  );
}
