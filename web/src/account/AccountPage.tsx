import { Alert, Button, Card, Form, Input, Popconfirm, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { accountApi, errorText } from './api';
import { PasswordFields } from './PasswordFields';
import './locales';

/** The signed-in operator's own account: change the password, sign out everywhere. */
export default function AccountPage() {
  const { t } = useTranslation('account');
  const { me } = useAuth();
  const [form] = Form.useForm();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!me) return null;

  const change = async (values: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setResult(null);
    try {
      await accountApi.changePassword(values.currentPassword, values.newPassword);
      form.resetFields();
      setResult({ ok: true, text: t('changed') });
    } catch (error) {
      setResult({ ok: false, text: errorText(t, error) });
    } finally {
      setBusy(false);
    }
  };
  const everywhere = async () => {
    await accountApi.logoutEverywhere();
    window.location.assign('/');
  };

  return (
    <Space direction="vertical" size="large" style={{ width: '100%', maxWidth: 560 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Text>{t('profile', { name: me.account.name, email: me.account.email })}</Typography.Text>
      <Card title={t('changePassword')}>
        {result && (
          <Alert
            type={result.ok ? 'success' : 'error'}
            showIcon
            message={result.text}
            style={{ marginBottom: 16 }}
            data-testid="password-result"
          />
        )}
        <Form form={form} layout="vertical" onFinish={change} requiredMark={false}>
          <Form.Item name="currentPassword" label={t('currentPassword')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" data-testid="current-password" />
          </Form.Item>
          <PasswordFields />
          <Button type="primary" htmlType="submit" loading={busy} data-testid="change-password">
            {t('save')}
          </Button>
        </Form>
      </Card>
      <Card title={t('everywhere')}>
        <Typography.Paragraph type="secondary">{t('everywhereHint')}</Typography.Paragraph>
        <Popconfirm title={t('everywhereConfirm')} onConfirm={() => void everywhere()}>
          <Button danger data-testid="logout-everywhere">
            {t('everywhere')}
          </Button>
        </Popconfirm>
      </Card>
    </Space>
  );
}
