import { Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { MemberProfile } from '../api';

/** Platform identities and the groups the member is in. */
export function ProfileIdentities({ slug, member }: { slug: string; member: MemberProfile }) {
  const { t } = useTranslation('members');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('profile.identities')}>
        <List
          size="small"
          dataSource={member.identities}
          renderItem={(identity) => (
            <List.Item>
              <Space wrap>
                <Tag>{t(`platforms.${identity.platform}`, { defaultValue: identity.platform })}</Tag>
                <Typography.Text>{identity.displayName}</Typography.Text>
                <Typography.Text type="secondary" copyable>
                  {identity.externalId}
                </Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </Card>
      <Card size="small" title={t('profile.groups')}>
        <List
          size="small"
          dataSource={member.groups}
          renderItem={(group) => (
            <List.Item>
              <Link to={`/c/${slug}/groups/${group.id}`}>{group.name}</Link>
              {group.firstDay && (
                <Typography.Text type="secondary">{t('profile.since', { day: group.firstDay })}</Typography.Text>
              )}
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
