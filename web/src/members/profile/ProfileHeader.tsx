import { Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { TierTag } from '../TierTag';
import type { MemberProfile } from '../api';

/** Name, tier and the member's headline figures. */
export function ProfileHeader({ member }: { member: MemberProfile }) {
  const { t } = useTranslation('members');
  const blacklisted = member.blacklist.some((b) => !b.liftedAt);
  return (
    <Card>
      <Space wrap align="center" style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="profile-name">
          {member.name}
        </Typography.Title>
        <TierTag tier={member.tier} />
        {member.isBot && <Tag>{t('bot')}</Tag>}
        {blacklisted && <Tag color="red">{t('blacklisted')}</Tag>}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('profile.firstDay')} value={member.firstDay ?? '—'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('profile.lastActive')} value={member.lastActiveDay ?? '—'} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('profile.messages')} value={member.messages} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('profile.checkins')} value={member.checkins} />
        </Col>
      </Row>
    </Card>
  );
}
