import { Alert, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { absoluteLink } from './api';

/** A link shown once after it is made (invitation, password reset), ready to copy. */
export function LinkNotice({ message, path, onClose }: { message: string; path: string; onClose(): void }) {
  const { t } = useTranslation('team');
  const link = absoluteLink(path);
  return (
    <Alert
      type="success"
      showIcon
      closable
      onClose={onClose}
      style={{ marginBottom: 16 }}
      message={message}
      description={
        <Typography.Paragraph copyable={{ text: link, tooltips: [t('copy'), t('copied')] }} style={{ marginBottom: 0 }}>
          <Input readOnly value={link} data-testid="created-link" style={{ maxWidth: 560 }} />
        </Typography.Paragraph>
      }
    />
  );
}
