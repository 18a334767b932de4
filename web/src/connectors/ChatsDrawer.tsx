import { useQuery } from '@tanstack/react-query';
import { Drawer, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QueryState } from '../ui/QueryState';
import { useCommunityTime } from '../ui/time';
import { connectorKeys, connectorsApi, type Connector, type ConnectorChat } from './api';
import './locales';

/** The platform chats a connector has seen, each with the Shequn group it is. */
export function ChatsDrawer({ slug, connector, onClose }: { slug: string; connector: Connector; onClose: () => void }) {
  const { t } = useTranslation('connectors');
  const { time: formatTime, column } = useCommunityTime(slug);
  const chats = useQuery({
    queryKey: connectorKeys.chats(slug, connector.id),
    queryFn: () => connectorsApi.chats(slug, connector.id),
  });
  return (
    <Drawer open size={560} title={t('chatsTitle', { name: connector.name })} onClose={onClose}>
      {chats.data ? (
        <Table<ConnectorChat>
          data-testid="connector-chats"
          size="small"
          rowKey="groupId"
          dataSource={chats.data}
          pagination={chats.data.length > 20 ? { pageSize: 20 } : false}
          locale={{ emptyText: t('chatsEmpty') }}
          columns={[
            {
              title: t('chat.externalId'),
              dataIndex: 'externalId',
              render: (_, c) => <Typography.Text code>{c.externalId}</Typography.Text>,
            },
            {
              title: t('chat.group'),
              dataIndex: 'groupName',
              render: (_, c) => <Link to={`/c/${slug}/groups/${c.groupId}`}>{c.groupName}</Link>,
            },
            { title: column(t('chat.seenAt')), dataIndex: 'seenAt', render: (_, c) => formatTime(c.seenAt) },
          ]}
        />
      ) : (
        <QueryState error={chats.error} refetch={chats.refetch} />
      )}
    </Drawer>
  );
}
