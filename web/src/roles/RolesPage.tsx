import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Panel } from '../ui/Panel';
import { BlacklistTable } from './BlacklistTable';
import { DutyRoles } from './DutyRoles';

/** The duty roles and who holds them; the blacklist with a way to lift an entry. */
export default function RolesPage() {
  const { t } = useTranslation('roles');
  const { slug = '' } = useParams();
  return (
    <Flex vertical gap={16} data-testid="roles-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Panel title={t('rolesTitle')} extra={<Typography.Text type="secondary">{t('rolesHint')}</Typography.Text>}>
        <DutyRoles slug={slug} />
      </Panel>
      <Panel
        title={t('blacklist.title')}
        extra={<Typography.Text type="secondary">{t('blacklist.hint')}</Typography.Text>}
      >
        <BlacklistTable slug={slug} />
      </Panel>
    </Flex>
  );
}
