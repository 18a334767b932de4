import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { MIN_PASSWORD_LENGTH } from './api';

/** A new password twice, with the length rule said in the reader's language. */
export function PasswordFields() {
  const { t } = useTranslation('account');
  return (
    <>
      <Form.Item
        name="newPassword"
        label={t('newPassword')}
        rules={[
          { required: true, min: MIN_PASSWORD_LENGTH, message: t('passwordTooShort', { min: MIN_PASSWORD_LENGTH }) },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        name="repeatPassword"
        label={t('repeatPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('mismatch') },
          ({ getFieldValue }) => ({
            validator: (_, value) =>
              value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="repeat-password" />
      </Form.Item>
    </>
  );
}
