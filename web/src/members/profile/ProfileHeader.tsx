import { Button, Card, Col, Popconfirm, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useCan } from '../../auth/AuthContext';
import { TierTag } from '../TierTag';
import { membersApi, type MemberProfile } from '../api';
import { useProfileMutation } from './shared';

/** Name, tier and the member's headline figures; operators mark a member as a bot or unmark one. */
export function ProfileHeader({ member }: { member: MemberProfile }) {
  const { t } = useTranslation('members');
  const { slug = '' } = useParams();
  const canMark = useCan(slug, 'operator');
  const mark = useProfileMutation(slug, member.id, (isBot: boolean) => membersApi.markBot(slug, member.id, isBot));
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
        {canMark && (
          <Popconfirm
            title={t(member.isBot ? 'profile.unmarkBotConfirm' : 'profile.markBotConfirm', { name: member.name })}
            onConfirm={() => mark.mutate(!member.isBot)}
          >
            <Button size="small" loading={mark.isPending} data-testid="profile-mark-bot">
              {t(member.isBot ? 'profile.unmarkBot' : 'profile.markBot')}
            </Button>
          </Popconfirm>
        )}
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
