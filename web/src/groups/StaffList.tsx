import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { GroupStaff } from './api';

/** The group's staff: each member with the duty roles they hold in it. */
export function StaffList({ slug, staff }: { slug: string; staff: GroupStaff[] }) {
  const { t } = useTranslation('groups');
  const { t: tr } = useTranslation('roles');
  if (staff.length === 0) return <Typography.Text type="secondary">{t('noStaff')}</Typography.Text>;
  return (
    <Table<GroupStaff>
      size="small"
      data-testid="group-staff"
      pagination={false}
      rowKey="memberId"
      dataSource={staff}
      columns={[
        {
          title: t('member'),
          key: 'member',
          render: (_, s) => <Link to={`/c/${slug}/members/${s.memberId}`}>{s.name}</Link>,
        },
        {
          title: t('role'),
          key: 'role',
          render: (_, s) => s.roles.map((r) => <Tag key={r}>{tr(`names.${r}`, { defaultValue: r })}</Tag>),
        },
      ]}
    />
  );
}
