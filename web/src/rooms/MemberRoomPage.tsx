import { useQuery } from '@tanstack/react-query';
import { Button, Result, Skeleton, Typography } from 'antd';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { memberRoomsApi, roomKeys, type MemberRoom } from './api';
import './locales';
import { isGone, MemberFrame } from './MemberRoomsPage';
import { RoomView } from './RoomView';
import { useRoom } from './useRoom';

/** One room on the member's phone: live messages, replies, reactions, images, the check-in a tap away. */
export default function MemberRoomPage() {
  const { t } = useTranslation('rooms');
  const { token = '', groupId = '' } = useParams();
  const rooms = useQuery({
    queryKey: roomKeys.memberList(token),
    queryFn: () => memberRoomsApi.list(token),
    retry: (count, error) => !isGone(error) && count < 2,
  });
  const room = rooms.data?.rooms.find((r) => r.groupId === Number(groupId));
  let body: React.ReactNode;
  if (isGone(rooms.error) || (rooms.data && !room)) body = <Result status="warning" title={t('invalidLink')} />;
  else if (!rooms.data || !room) body = <Skeleton active />;
  else body = <LiveRoom token={token} room={room} me={rooms.data.me.memberId} />;
  return <MemberFrame>{body}</MemberFrame>;
}

function LiveRoom({ token, room, me }: { token: string; room: MemberRoom; me: number }) {
  const { t } = useTranslation('rooms');
  const lastRead = useRef(room.lastReadSeq);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const source = useMemo(
    () => ({
      token,
      room: room.groupId,
      me,
      announcement: room.announcement,
      rules: room.rules,
      history: () => memberRoomsApi.history(token, room.groupId),
      // The read position follows what the page showed, sent at most once a second.
      onSeen: (seq: number) => {
        if (seq <= lastRead.current) return;
        lastRead.current = seq;
        if (timer.current) return;
        timer.current = setTimeout(() => {
          timer.current = null;
          void memberRoomsApi.read(token, room.groupId, lastRead.current).catch(() => {});
        }, 1000);
      },
    }),
    [token, room.groupId, room.announcement, room.rules, me],
  );
  const live = useRoom(source);
  if (live.loadError) return <Result status="warning" title={t('loadFailed', { message: live.loadError.message })} />;
  return (
    <RoomView
      room={live}
      upload={(file) => memberRoomsApi.uploadImage(token, room.groupId, file)}
      imageUrl={(image) => memberRoomsApi.imageUrl(token, room.groupId, image)}
      header={
        <>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="room-name">
            {room.name}
          </Typography.Title>
          <Link to={`/m/${token}/rooms`}>
            <Button size="small">{t('backToRooms')}</Button>
          </Link>
          <Link to={`/m/${token}`} data-testid="room-to-checkin">
            <Button size="small">{t('toCheckin')}</Button>
          </Link>
        </>
      }
    />
  );
}
