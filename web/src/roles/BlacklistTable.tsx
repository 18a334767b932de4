import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm, Switch, Table, Tag, Typography, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useCan } from '../auth/AuthContext';
import { QueryState } from '../ui/QueryState';
import { rolesApi, type BlacklistEntry } from './api';
import { useCommunityTime } from '../ui/time';

/** Mutes and removals with their reasons; operators lift them here (adding happens on a profile). */
export function BlacklistTable({ slug }: { slug: string }) {
  const { t } = useTranslation('roles');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canLift = useCan(slug, 'operator');
  const clock = useCommunityTime(slug);
  const [showLifted, setShowLifted] = useState(true);
  const entries = useQuery({
    queryKey: ['blacklist', slug],
    queryFn: () => rolesApi.blacklist(slug),
  });
  const lift = useMutation({
    mutationFn: (id: number) => rolesApi.lift(slug, id),
    onSuccess: async () => {
      void message.success(t('blacklist.lifted_ok'));
      await queryClient.invalidateQueries({ queryKey: ['blacklist', slug] });
      await queryClient.invalidateQueries({ queryKey: ['member', slug] });
    },
    onError: (error: Error) => void message.error(t('blacklist.liftFailed', { message: error.message })),
  });
  if (!entries.data) return <QueryState error={entries.error} refetch={entries.refetch} />;
  const actions = t('blacklist.actions', { returnObjects: true }) as Record<string, string>;
  const actionName = (a: string) => (Object.hasOwn(actions, a) ? actions[a] : a);
  const rows = showLifted ? entries.data : entries.data.filter((e) => !e.liftedAt);
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center">
        <Switch size="small" checked={showLifted} onChange={setShowLifted} data-testid="blacklist-show-lifted" />
        <Typography.Text>{t('blacklist.showLifted')}</Typography.Text>
      </Flex>
      <Table<BlacklistEntry>
        data-testid="blacklist-table"
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20 } : false}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('blacklist.empty') }}
        columns={[
          {
            title: t('blacklist.member'),
            key: 'member',
            render: (_, e) => <Link to={`/c/${slug}/members/${e.memberId}`}>{e.memberName}</Link>,
          },
          {
            title: t('blacklist.action'),
            dataIndex: 'action',
            render: (_, e) => <Tag color={e.action === 'remove' ? 'red' : 'orange'}>{actionName(e.action)}</Tag>,
          },
          {
            title: t('blacklist.reason'),
            dataIndex: 'reason',
            render: (_, e) => <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{e.reason}</Typography.Text>,
          },
          {
            title: clock.column(t('blacklist.when')),
            dataIndex: 'createdAt',
            render: (_, e) => clock.time(e.createdAt),
          },
          { title: t('blacklist.by'), dataIndex: 'author', render: (_, e) => e.author ?? '' },
          {
            title: clock.column(t('blacklist.lifted')),
            dataIndex: 'liftedAt',
            render: (_, e) =>
              e.liftedAt ? (
                clock.time(e.liftedAt)
              ) : canLift ? (
                <Popconfirm
                  title={t('blacklist.liftConfirm', { name: e.memberName, action: actionName(e.action) })}
                  onConfirm={() => lift.mutate(e.id)}
                  okText={t('yes')}
                  cancelText={t('no')}
                >
                  <Button
                    size="small"
                    danger
                    loading={lift.isPending && lift.variables === e.id}
                    data-testid="blacklist-lift"
                  >
                    {t('blacklist.lift')}
                  </Button>
                </Popconfirm>
              ) : (
                <Tag color="volcano">{t('blacklist.notLifted')}</Tag>
              ),
          },
        ]}
      />
    </Flex>
  );
}
