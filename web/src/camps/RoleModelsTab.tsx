import { useQuery } from '@tanstack/react-query';
import { Card, Empty, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../ui/QueryState';
import { MemberLink } from './MemberLink';
import { campApi, campKeys } from './api';
import { localized, type CampTabProps } from './types';

/** The day's role models (榜样): who, why, and the check-in to point others to. */
export function RoleModelsTab({ slug, campId, date }: CampTabProps) {
  const { t, i18n } = useTranslation('camps');
  const models = useQuery({
    queryKey: [...campKeys.camp(slug, campId), 'role-models', date ?? 'today'],
    queryFn: () => campApi.roleModels(slug, campId, date),
  });
  if (!models.data) return <QueryState error={models.error} refetch={models.refetch} />;
  if (models.data.roleModels.length === 0) return <Empty description={t('roleModels.none')} />;
  return (
    <List
      grid={{ gutter: 12, xs: 1, md: 2, xl: 3 }}
      dataSource={models.data.roleModels}
      data-testid="camp-role-models"
      renderItem={(m, i) => (
        <List.Item key={i}>
          <Card
            size="small"
            title={<MemberLink slug={slug} memberId={m.memberId} name={m.displayName} />}
            data-testid="camp-role-model"
          >
            <Typography.Paragraph>{localized(m.text, i18n.language)}</Typography.Paragraph>
            {m.checkinText && (
              <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {t('roleModels.checkin')}: {m.checkinText}
              </Typography.Paragraph>
            )}
          </Card>
        </List.Item>
      )}
    />
  );
}
