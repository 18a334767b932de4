import { useQuery } from '@tanstack/react-query';
import { Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../ui/QueryState';
import { useCan } from '../auth/AuthContext';
import { MemberLinkButton } from './MemberLinkButton';
import { campApi, campKeys, type Enrolment } from './api';
import { MemberLink } from './MemberLink';
import type { CampTabProps } from './types';

/** Enrolled members with their streaks (their links are never shown again). */
export function MembersTab({ slug, campId }: CampTabProps) {
  const { t } = useTranslation('camps');
  const canReissue = useCan(slug, 'operator');
  const enrolments = useQuery({
    queryKey: [...campKeys.camp(slug, campId), 'enrolments'],
    queryFn: () => campApi.enrolments(slug, campId),
  });
  if (!enrolments.data) return <QueryState error={enrolments.error} refetch={enrolments.refetch} />;
  return (
    <Table<Enrolment>
      size="small"
      rowKey="memberId"
      data-testid="camp-members"
      dataSource={enrolments.data}
      pagination={enrolments.data.length > 50 ? { pageSize: 50 } : false}
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('members.name'),
          dataIndex: 'displayName',
          sorter: (a, b) => a.displayName.localeCompare(b.displayName),
          render: (name: string, e) => <MemberLink slug={slug} memberId={e.memberId} name={name} />,
        },
        {
          title: t('members.streak'),
          dataIndex: 'currentStreak',
          align: 'right',
          defaultSortOrder: 'descend',
          sorter: (a, b) => a.currentStreak - b.currentStreak,
        },
        {
          title: t('members.longest'),
          dataIndex: 'longestStreak',
          align: 'right',
          sorter: (a, b) => a.longestStreak - b.longestStreak,
        },
        {
          title: t('members.completed'),
          dataIndex: 'daysCompleted',
          align: 'right',
          sorter: (a, b) => a.daysCompleted - b.daysCompleted,
        },
        {
          title: t('members.today'),
          dataIndex: 'checkedInToday',
          render: (checked: boolean, e) => (
            <>
              <Tag color={checked ? 'success' : 'default'}>{checked ? t('members.checked') : t('members.notYet')}</Tag>
              {e.optedOutOfReminders && <Tag>{t('members.optedOut')}</Tag>}
            </>
          ),
        },
        ...(canReissue
          ? [
              {
                title: '',
                key: 'link',
                render: (_: unknown, e: Enrolment) => (
                  <MemberLinkButton slug={slug} campId={campId} memberId={e.memberId} />
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
