import { Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

/** A staff entry of the group page; tolerant of the server's exact field names. */
export interface StaffEntry {
  memberId?: number | string;
  id?: number | string;
  name?: string;
  memberName?: string;
  role?: string;
  roles?: string[];
}

export function StaffList({ slug, staff }: { slug: string; staff: StaffEntry[] }) {
  const { t } = useTranslation('groups');
  const { t: tr } = useTranslation('roles');
  if (staff.length === 0) return <Typography.Text type="secondary">{t('noStaff')}</Typography.Text>;
  return (
    <Table<StaffEntry>
      size="small"
      data-testid="group-staff"
      pagination={false}
      rowKey={(s, i) => `${s.memberId ?? s.id}-${s.role ?? i}`}
      dataSource={staff}
      columns={[
        {
          title: t('member'),
          key: 'member',
          render: (_, s) => <Link to={`/c/${slug}/members/${s.memberId ?? s.id}`}>{s.name ?? s.memberName}</Link>,
        },
        {
          title: t('role'),
          key: 'role',
          render: (_, s) =>
            (s.roles ?? (s.role ? [s.role] : [])).map((r) => (
              <Tag key={r}>{tr(`names.${r}`, { defaultValue: r })}</Tag>
            )),
        },
      ]}
    />
  );
}
