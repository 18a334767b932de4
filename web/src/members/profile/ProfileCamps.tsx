import { useQuery } from '@tanstack/react-query';
import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { membersApi } from '../api';

/** The member's camps, each with check-ins, points, badges and milestones. */
export function ProfileCamps({ slug, memberId }: { slug: string; memberId: number }) {
  const { t, i18n } = useTranslation('members');
  const camps = useQuery({
    queryKey: ['member-camps', slug, memberId],
    queryFn: () => membersApi.camps(slug, memberId),
  });
  const lang = i18n.language.startsWith('zh') ? 'zh-CN' : 'en';
  return (
    <Card
      size="small"
      title={t('camps.title')}
      extra={camps.data && <Typography.Text>{t('camps.total', { points: camps.data.pointsTotal })}</Typography.Text>}
      data-testid="profile-camps"
    >
      <List
        size="small"
        loading={camps.isPending}
        locale={{ emptyText: t('camps.none') }}
        dataSource={camps.data?.camps ?? []}
        renderItem={(c) => (
          <List.Item>
            <Space orientation="vertical" size={2}>
              <Space wrap>
                <Link to={`/c/${slug}/camps/${c.campId}`}>{c.name}</Link>
                {!c.enrolled && <Tag>{t('camps.notEnrolled')}</Tag>}
              </Space>
              <Typography.Text type="secondary">
                {t('camps.summary', { start: c.startDate, days: c.lengthDays, checkins: c.checkins, points: c.points })}
              </Typography.Text>
              {c.badges.length > 0 && (
                <Space wrap size={4}>
                  {c.badges.map((b) => (
                    <Tag color="gold" key={b.code}>
                      {b.name[lang]}
                    </Tag>
                  ))}
                </Space>
              )}
              {c.milestones.map((m) => (
                <Typography.Text key={m.milestoneDay} type="secondary">
                  {t('camps.milestone', { day: m.milestoneDay, date: m.date, points: m.points })}
                </Typography.Text>
              ))}
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
