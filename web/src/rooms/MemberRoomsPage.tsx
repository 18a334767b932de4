import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Card, Empty, Flex, List, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { LanguageSwitch } from '../ui/LanguageSwitch';
import { memberRoomsApi, roomKeys } from './api';
import './locales';

/** The frame of the member's room pages: a phone-width column with the language switch. */
export function MemberFrame({ children }: { children: React.ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Flex vertical gap={12} style={{ maxWidth: 560, margin: '0 auto', padding: 12 }}>
        <Flex justify="flex-end">
          <LanguageSwitch />
        </Flex>
        {children}
      </Flex>
    </div>
  );
}

export const isGone = (error: unknown) => error instanceof ApiError && error.status === 404;

/** The rooms of a member's groups, with what they have not read; reached from their member page. */
export default function MemberRoomsPage() {
  const { t } = useTranslation('rooms');
  const { token = '' } = useParams();
  const rooms = useQuery({
    queryKey: roomKeys.memberList(token),
    queryFn: () => memberRoomsApi.list(token),
    retry: (count, error) => !isGone(error) && count < 2,
    refetchInterval: 30_000,
  });
  let body: React.ReactNode;
  if (isGone(rooms.error)) body = <Result status="warning" title={t('invalidLink')} />;
  else if (!rooms.data)
    body = rooms.error ? (
      <Result status="warning" title={t('loadFailed', { message: rooms.error.message })} />
    ) : (
      <Skeleton active />
    );
  else
    body = (
      <Card
        title={t('myRooms')}
        extra={
          <Link to={`/m/${token}`} data-testid="rooms-to-checkin">
            <Button size="small">{t('toCheckin')}</Button>
          </Link>
        }
      >
        {rooms.data.rooms.length === 0 ? (
          <Empty description={t('noRooms')} />
        ) : (
          <List
            data-testid="member-rooms"
            dataSource={rooms.data.rooms}
            renderItem={(room) => (
              <List.Item
                extra={room.unread > 0 ? <Badge count={room.unread} data-testid="member-room-unread" /> : null}
              >
                <List.Item.Meta
                  title={
                    <Link to={`/m/${token}/rooms/${room.groupId}`} data-testid="member-room-link">
                      {room.name}
                    </Link>
                  }
                  description={room.announcement ?? undefined}
                />
              </List.Item>
            )}
          />
        )}
        <Typography.Text type="secondary">{rooms.data.me.communityName}</Typography.Text>
      </Card>
    );
  return <MemberFrame>{body}</MemberFrame>;
}
