import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Col, Row, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { useCan } from '../auth/AuthContext';
import { ProfileBlacklist } from './profile/ProfileBlacklist';
import { ProfileCamps } from './profile/ProfileCamps';
import { ProfileData } from './profile/ProfileData';
import { ProfileHeader } from './profile/ProfileHeader';
import { ProfileIdentities } from './profile/ProfileIdentities';
import { MergedIntoNotice, ProfileMerges } from './profile/ProfileMerges';
import { ProfileNotes } from './profile/ProfileNotes';
import { ProfileRoles } from './profile/ProfileRoles';
import { ProfileTags } from './profile/ProfileTags';
import { ProfileTimeline } from './profile/ProfileTimeline';
import { profileKey } from './profile/shared';
import { TierHistory } from './profile/TierHistory';
import { membersApi } from './api';

export default function MemberProfilePage() {
  const { t } = useTranslation('members');
  const { t: tc } = useTranslation();
  const { slug } = useParams() as { slug: string };
  const memberId = Number(useParams().memberId);
  const isOperator = useCan(slug, 'operator');
  const isAssistant = useCan(slug, 'assistant');
  const isAdmin = useCan(slug, 'admin');
  const profile = useQuery({
    queryKey: profileKey(slug, memberId),
    queryFn: () => membersApi.profile(slug, memberId),
  });

  const crumbs = (
    <Breadcrumb
      items={[
        { title: <Link to={`/c/${slug}/members`}>{t('profile.back')}</Link> },
        { title: profile.data?.name ?? '…' },
      ]}
    />
  );
  if (profile.isPending) return <Spin />;
  if (profile.error) {
    const notFound = profile.error instanceof ApiError && profile.error.status === 404;
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {crumbs}
        <Alert
          type={notFound ? 'warning' : 'error'}
          title={notFound ? t('profile.notFound') : tc('error', { message: profile.error.message })}
        />
      </Space>
    );
  }
  const member = profile.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {crumbs}
      <MergedIntoNotice slug={slug} member={member} />
      <ProfileHeader member={member} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <ProfileIdentities slug={slug} member={member} />
            <ProfileMerges slug={slug} member={member} canEdit={isOperator} />
            <ProfileTags slug={slug} member={member} canEdit={isOperator} />
            <ProfileRoles slug={slug} member={member} canEdit={isOperator} />
            <ProfileBlacklist slug={slug} member={member} canEdit={isOperator} />
            {isAdmin && <ProfileData slug={slug} member={member} />}
          </Space>
        </Col>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <TierHistory history={member.tierHistory} />
            <ProfileCamps slug={slug} memberId={memberId} />
            <ProfileNotes slug={slug} member={member} canWrite={isAssistant} />
            <ProfileTimeline slug={slug} memberId={memberId} />
          </Space>
        </Col>
      </Row>
    </Space>
  );
}
