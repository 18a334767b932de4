import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Badge, type ButtonProps, Button, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useCan } from '../auth/AuthContext';
import { Panel } from '../ui/Panel';
import { QueryState } from '../ui/QueryState';
import { useCommunityTime } from '../ui/time';
import { AddConnector } from './AddConnector';
import { connectorKeys, connectorsApi, type Connector } from './api';
import { ChatsDrawer } from './ChatsDrawer';
import { EditConnector } from './EditConnector';
import { usePlatformName } from './SettingsFields';
import './locales';

type Status = Connector['health']['status'] | 'disabled';
const BADGE: Record<Status, 'success' | 'error' | 'processing' | 'default'> = {
  ok: 'success',
  failing: 'error',
  waiting: 'processing',
  disabled: 'default',
};

/** What the console opens over the list: the add steps, a connector's edit form or its chats. */
type Opened = { kind: 'add' } | { kind: 'edit' | 'chats'; connector: Connector } | null;

/**
 * The community's connectors with their health; admins add, change, disable and enable them,
 * operators see them read-only. Names and errors are shown as text.
 */
export default function ConnectorsPage() {
  const { t } = useTranslation('connectors');
  const { slug = '' } = useParams();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const canEdit = useCan(slug, 'admin');
  const { time: formatTime, column } = useCommunityTime(slug);
  const platformName = usePlatformName();
  const [opened, setOpened] = useState<Opened>(null);
  // Health changes as updates come in: the list looks again every half minute.
  const list = useQuery({
    queryKey: connectorKeys.list(slug),
    queryFn: () => connectorsApi.list(slug),
    refetchInterval: 30_000,
  });
  const toggle = useMutation({
    mutationFn: (c: Connector) => connectorsApi.update(slug, c.id, { enabled: !c.enabled }),
    onSuccess: async (c) => {
      void message.success(t(c.enabled ? 'enabled_ok' : 'disabled_ok'));
      await queryClient.invalidateQueries({ queryKey: connectorKeys.list(slug) });
    },
    onError: (error: Error) => void message.error(t('changeFailed', { message: error.message })),
  });
  const close = () => setOpened(null);

  const actions = (c: Connector) => (
    <Flex gap={4} wrap>
      {canEdit && (
        <Button
          size="small"
          onClick={() => setOpened({ kind: 'edit', connector: c })}
          data-testid="connector-edit-open"
        >
          {t('edit')}
        </Button>
      )}
      <Button
        size="small"
        onClick={() => setOpened({ kind: 'chats', connector: c })}
        data-testid="connector-chats-open"
      >
        {t('chats')}
      </Button>
      {canEdit && (
        <Popconfirm
          title={t(c.enabled ? 'disableConfirm' : 'enableConfirm', { name: c.name })}
          onConfirm={() => toggle.mutate(c)}
          okText={t('yes')}
          cancelText={t('no')}
          okButtonProps={{ 'data-testid': 'connector-toggle-confirm' } as ButtonProps}
        >
          <Button
            size="small"
            danger={c.enabled}
            loading={toggle.isPending && toggle.variables?.id === c.id}
            data-testid="connector-toggle"
          >
            {t(c.enabled ? 'disable' : 'enable')}
          </Button>
        </Popconfirm>
      )}
    </Flex>
  );

  return (
    <Flex vertical gap={16} data-testid="connectors-page">
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('intro')}</Typography.Text>
        </div>
        {canEdit ? (
          <Button type="primary" onClick={() => setOpened({ kind: 'add' })} data-testid="connector-add-open">
            {t('add')}
          </Button>
        ) : (
          <Typography.Text type="secondary" data-testid="connectors-read-only">
            {t('readOnly')}
          </Typography.Text>
        )}
      </Flex>
      <Panel title={t('title')}>
        {list.data ? (
          <Table<Connector>
            data-testid="connectors-table"
            size="small"
            rowKey="id"
            dataSource={list.data}
            pagination={false}
            scroll={{ x: 960 }}
            locale={{ emptyText: t('empty') }}
            columns={[
              {
                title: t('column.name'),
                dataIndex: 'name',
                render: (_, c) => <Typography.Text>{c.name}</Typography.Text>,
              },
              { title: t('column.platform'), dataIndex: 'platform', render: (_, c) => platformName(c.platform) },
              { title: t('column.account'), dataIndex: 'account', render: (_, c) => c.account ?? '—' },
              {
                title: t('column.status'),
                key: 'status',
                render: (_, c) => {
                  const status: Status = c.enabled ? c.health.status : 'disabled';
                  return (
                    <Badge
                      status={BADGE[status]}
                      text={t(`status.${status}`)}
                      data-testid={`connector-status-${status}`}
                    />
                  );
                },
              },
              {
                title: column(t('column.lastEvent')),
                key: 'lastEvent',
                render: (_, c) => (c.health.lastEventAt ? formatTime(c.health.lastEventAt) : t('never')),
              },
              {
                title: column(t('column.lastError')),
                key: 'lastError',
                render: (_, c) =>
                  c.health.lastError ? (
                    <Flex vertical>
                      <Typography.Text type="danger" code>
                        {c.health.lastError.error}
                      </Typography.Text>
                      <Typography.Text type="secondary">{formatTime(c.health.lastError.at)}</Typography.Text>
                    </Flex>
                  ) : (
                    t('none')
                  ),
              },
              {
                title: t('column.running'),
                dataIndex: 'running',
                render: (_, c) => (
                  <Tag color={c.running ? 'green' : 'default'}>{t(c.running ? 'runningYes' : 'runningNo')}</Tag>
                ),
              },
              { title: t('column.actions'), key: 'actions', render: (_, c) => actions(c) },
            ]}
          />
        ) : (
          <QueryState error={list.error} refetch={list.refetch} />
        )}
      </Panel>
      {opened?.kind === 'add' && <AddConnector slug={slug} onClose={close} />}
      {opened?.kind === 'edit' && <EditConnector slug={slug} connector={opened.connector} onClose={close} />}
      {opened?.kind === 'chats' && <ChatsDrawer slug={slug} connector={opened.connector} onClose={close} />}
    </Flex>
  );
}
