import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryState } from '../ui/QueryState';
import { rolesApi } from './api';

function Duties({ text }: { text: string }) {
  return <Typography.Paragraph style={{ margin: '4px 0 12px' }}>{text}</Typography.Paragraph>;
}

/** The duty roles (PLAYBOOK glossary), each with its duties and the members holding it. */
export function DutyRoles({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation('roles');
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  const roles = useQuery({
    queryKey: ['roles', slug],
    queryFn: () => rolesApi.dutyRoles(slug),
  });
  if (!roles.data) return <QueryState error={roles.error} refetch={roles.refetch} />;
  if (roles.data.length === 0) return <Empty description={t('common:empty')} />;
  return (
    <Row gutter={[12, 12]} data-testid="duty-roles">
      {roles.data.map((r) => (
        <Col key={r.role} xs={24} md={12} xl={8}>
          <Card
            size="small"
            title={r.name[lang]}
            extra={r.isStaff ? <Tag color="blue">{t('staff')}</Tag> : null}
            data-testid={`role-${r.role}`}
            style={{ height: '100%' }}
          >
            <Typography.Text strong>{t('duties')}</Typography.Text>
            <Duties text={r.duties[lang]} />
            <Typography.Text strong>{t('holders')}</Typography.Text>
            <Flex wrap gap={4} style={{ marginTop: 4 }}>
              {r.holders.length === 0 && <Typography.Text type="secondary">{t('noHolders')}</Typography.Text>}
              {r.holders.map((h) => (
                <Tag key={`${h.memberId}-${h.groupId ?? ''}`}>
                  <Link to={`/c/${slug}/members/${h.memberId}`} data-testid="role-holder" style={{ color: '#1677ff' }}>
                    {h.name}
                  </Link>
                  <Typography.Text type="secondary"> · {h.groupName ?? t('everywhere')}</Typography.Text>
                </Tag>
              ))}
            </Flex>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
