import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, type ButtonProps, Flex, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { usePlatformName } from '../connectors/SettingsFields';
import { groupKeys, groupsApi } from '../groups/api';
import { Panel } from '../ui/Panel';
import { QueryState } from '../ui/QueryState';
import { useFormatTime } from '../ui/time';
import { outboxApi, outboxKeys, stateOf, type OutboxItem, type OutboxQuery, type OutboxState } from './api';
import '../connectors/locales';
import './locales';

const STATES: OutboxState[] = ['pending', 'held', 'sending', 'sent', 'failed', 'cancelled'];
const COLOR: Record<OutboxState, string> = {
  pending: 'blue',
  held: 'orange',
  sending: 'processing',
  sent: 'green',
  failed: 'red',
  cancelled: 'default',
};

/**
 * The community's outbox for operators: what was sent, what waits and why (in the reader's
 * language, from the item's reason code), with retry for given-up items and cancel for waiting ones.
 */
export default function OutboxPage() {
  const { t } = useTranslation('outbox');
  const { slug = '' } = useParams();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const formatTime = useFormatTime(slug);
  const platformName = usePlatformName();
  const [filter, setFilter] = useState<OutboxQuery>({});
  const list = useQuery({
    queryKey: outboxKeys.list(slug, filter),
    queryFn: () => outboxApi.list(slug, { ...filter, limit: 200 }),
    refetchInterval: 30_000,
  });
  const kinds = useQuery({ queryKey: outboxKeys.kinds(slug), queryFn: () => outboxApi.kinds(slug) });
  const groups = useQuery({ queryKey: groupKeys.list(slug), queryFn: () => groupsApi.list(slug) });
  const act = useMutation({
    mutationFn: ({ item, action }: { item: OutboxItem; action: 'retry' | 'cancel' }) =>
      outboxApi[action](slug, item.id),
    onSuccess: async (_item, { action }) => {
      void message.success(t(action === 'retry' ? 'retried' : 'cancelledOk'));
      await queryClient.invalidateQueries({ queryKey: outboxKeys.all(slug) });
    },
    onError: async (error: Error) => {
      void message.error(t('actionFailed', { message: error.message }));
      await queryClient.invalidateQueries({ queryKey: outboxKeys.all(slug) });
    },
  });

  const kindName = (kind: string) => t(`kinds.${kind}`, { defaultValue: kind });
  const reason = (item: OutboxItem) =>
    item.reasonCode
      ? t(`reasons.${item.reasonCode}`, { platform: platformName(item.platform), attempts: item.attempts })
      : '';

  const filters = (
    <Flex gap={8} wrap>
      <Select
        style={{ minWidth: 140 }}
        value={filter.status ?? ''}
        data-testid="outbox-status"
        aria-label={t('status')}
        options={[
          { value: '', label: `${t('status')}: ${t('all')}` },
          ...STATES.map((s) => ({ value: s, label: t(`states.${s}`) })),
        ]}
        onChange={(status: string) =>
          setFilter((f) => ({ ...f, status: (status || undefined) as OutboxQuery['status'] }))
        }
      />
      <Select
        style={{ minWidth: 160 }}
        value={filter.kind ?? ''}
        aria-label={t('kind')}
        options={[
          { value: '', label: `${t('kind')}: ${t('all')}` },
          ...(kinds.data ?? []).map((k) => ({ value: k, label: kindName(k) })),
        ]}
        onChange={(kind: string) => setFilter((f) => ({ ...f, kind: kind || undefined }))}
      />
      <Select
        style={{ minWidth: 160 }}
        value={filter.groupId ?? 0}
        aria-label={t('group')}
        options={[
          { value: 0, label: `${t('group')}: ${t('all')}` },
          ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name })),
        ]}
        onChange={(groupId: number) => setFilter((f) => ({ ...f, groupId: groupId || undefined }))}
      />
    </Flex>
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Panel title={filters}>
        {!list.data ? (
          <QueryState error={list.error} refetch={list.refetch} />
        ) : (
          <Table<OutboxItem>
            rowKey="id"
            size="small"
            dataSource={list.data}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            scroll={{ x: true }}
            locale={{ emptyText: t('empty') }}
            onRow={(item) => ({ 'data-testid': `outbox-row-${item.id}` }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              {
                title: t('status'),
                key: 'state',
                render: (_, item) => {
                  const state = stateOf(item);
                  return (
                    <Tag color={COLOR[state]} data-testid="outbox-state">
                      {t(`states.${state}`)}
                    </Tag>
                  );
                },
              },
              { title: t('kind'), dataIndex: 'kind', render: (kind: string) => kindName(kind) },
              {
                title: t('columns.target'),
                key: 'target',
                render: (_, item) => (
                  <Flex vertical>
                    {item.groupId !== null && (
                      <Link to={`/c/${slug}/groups/${item.groupId}`}>{item.groupName ?? `#${item.groupId}`}</Link>
                    )}
                    {item.memberId !== null && (
                      <Link to={`/c/${slug}/members/${item.memberId}`}>
                        {item.groupId === null ? `${t('direct')}: ` : ''}
                        {item.memberName ?? `#${item.memberId}`}
                      </Link>
                    )}
                  </Flex>
                ),
              },
              {
                title: t('columns.text'),
                dataIndex: 'text',
                render: (text: string) => (
                  <Typography.Paragraph ellipsis={{ rows: 2, expandable: true }} style={{ margin: 0, maxWidth: 360 }}>
                    {text}
                  </Typography.Paragraph>
                ),
              },
              { title: t('columns.attempts'), dataIndex: 'attempts' },
              {
                title: t('columns.next'),
                key: 'next',
                render: (_, item) => (item.status === 'pending' ? formatTime(item.nextAttemptAt) : ''),
              },
              {
                title: t('columns.reason'),
                key: 'reason',
                render: (_, item) => (
                  <Flex vertical>
                    <Typography.Text data-testid="outbox-reason">{reason(item)}</Typography.Text>
                    {item.lastError && item.status === 'failed' && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {item.lastError}
                      </Typography.Text>
                    )}
                  </Flex>
                ),
              },
              { title: t('columns.created'), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
              {
                title: t('columns.actions'),
                key: 'actions',
                render: (_, item) =>
                  item.status === 'failed' ? (
                    <Button
                      size="small"
                      loading={act.isPending && act.variables?.item.id === item.id}
                      onClick={() => act.mutate({ item, action: 'retry' })}
                      data-testid="outbox-retry"
                    >
                      {t('retry')}
                    </Button>
                  ) : item.status === 'pending' ? (
                    <Popconfirm
                      title={t('cancelConfirm')}
                      okText={t('yes')}
                      cancelText={t('no')}
                      okButtonProps={{ 'data-testid': 'outbox-cancel-confirm' } as ButtonProps}
                      onConfirm={() => act.mutate({ item, action: 'cancel' })}
                    >
                      <Button size="small" danger data-testid="outbox-cancel">
                        {t('cancel')}
                      </Button>
                    </Popconfirm>
                  ) : null,
              },
            ]}
          />
        )}
      </Panel>
    </Space>
  );
}
