import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { localized } from '../camps/types';
import { memberApi } from './api';

/** Today's role models (榜样): why each was chosen and the check-in worth reading. */
export function MemberRoleModels({ token }: { token: string }) {
  const { t, i18n } = useTranslation('member');
  const models = useQuery({
    queryKey: ['member', token, 'role-models'],
    queryFn: () => memberApi.roleModels(token),
    retry: false,
  });
  // A server without role models yet simply leaves the card out.
  if (!models.data) return null;
  return (
    <Card size="small" title={t('roleModels')} data-testid="member-role-models">
      {models.data.roleModels.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('noRoleModels')} />
      ) : (
        <Flex vertical gap={8}>
          {models.data.roleModels.map((m, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: two role models may share a name; the list is replaced whole, never reordered
            <div key={i} data-testid="member-role-model">
              <Typography.Text strong>{m.displayName}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {localized(m.text, i18n.language)}
              </Typography.Paragraph>
              {m.checkinText && (
                <Typography.Paragraph
                  style={{
                    whiteSpace: 'pre-wrap',
                    background: '#fafafa',
                    padding: 8,
                    borderRadius: 6,
                    margin: '4px 0 0',
                  }}
                >
                  {m.checkinText}
                </Typography.Paragraph>
              )}
            </div>
          ))}
        </Flex>
      )}
    </Card>
  );
}
