import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Input, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { QueryState } from '../ui/QueryState';
import { ReasonButton } from '../ui/ReasonButton';
import { type Room, roomKeys, roomsApi } from './api';
import './locales';
import type { ShownMessage } from './room-state';
import { RoomView } from './RoomView';
import { useCommunityTime } from '../ui/time';
import { useRoom } from './useRoom';

/** How long the console's mute lasts. */
const MUTE_MINUTES = 60;

/** A room in the console: staff read it live, post as themselves and moderate, each with a reason. */
export default function StaffRoomPage() {
  const { slug = '', groupId = '' } = useParams();
  const rooms = useQuery({ queryKey: roomKeys.staffList(slug), queryFn: () => roomsApi.list(slug) });
  const room = rooms.data?.find((r) => r.groupId === Number(groupId));
  if (!room) return <QueryState error={rooms.error} refetch={rooms.refetch} />;
  return <StaffRoom slug={slug} room={room} />;
}

function StaffRoom({ slug, room }: { slug: string; room: Room }) {
  const { t } = useTranslation('rooms');
  const clock = useCommunityTime(slug);
  const { message } = App.useApp();
  const client = useQueryClient();
  const source = useMemo(
    () => ({
      token: null,
      room: room.groupId,
      me: null,
      announcement: room.announcement,
      rules: room.rules,
      history: () => roomsApi.history(slug, room.groupId),
    }),
    [slug, room.groupId, room.announcement, room.rules],
  );
  const live = useRoom(source);
  const moderation = useQuery({
    queryKey: ['room-moderation', slug, room.groupId],
    queryFn: () => roomsApi.moderation(slug, room.groupId),
  });
  const act = useMutation({
    mutationFn: (run: () => Promise<unknown>) => run(),
    onSuccess: () => {
      void message.success(t('done'));
      void client.invalidateQueries({ queryKey: ['room-moderation', slug, room.groupId] });
    },
    onError: (error) => void message.error(t('failedAction', { message: error.message })),
  });
  const save = useMutation({
    mutationFn: (values: { announcement: string; rules: string }) =>
      roomsApi.update(slug, room.groupId, { announcement: values.announcement || null, rules: values.rules }),
    onSuccess: () => {
      void message.success(t('done'));
      void client.invalidateQueries({ queryKey: roomKeys.staffList(slug) });
    },
    onError: (error) => void message.error(t('failedAction', { message: error.message })),
  });

  const actions = (m: ShownMessage) => {
    const memberId = m.member?.id;
    const ofMember = memberId !== undefined && !m.member?.staff;
    return (
      <Space size={4} wrap>
        {!m.hidden && (
          <ReasonButton
            label={t('hide')}
            title={t('hide')}
            placeholder={t('reason')}
            busy={act.isPending}
            danger
            testId="room-hide"
            onConfirm={(reason) => act.mutate(() => roomsApi.hide(slug, room.groupId, m.seq!, reason))}
          />
        )}
        {ofMember && (
          <>
            <ReasonButton
              label={t('mute')}
              title={`${t('mute')} · ${MUTE_MINUTES} ${t('minutes')}`}
              placeholder={t('reason')}
              busy={act.isPending}
              testId="room-mute"
              onConfirm={(reason) =>
                act.mutate(() => roomsApi.mute(slug, room.groupId, memberId, MUTE_MINUTES, reason))
              }
            />
            <ReasonButton
              label={t('remove')}
              title={t('remove')}
              placeholder={t('reason')}
              busy={act.isPending}
              danger
              testId="room-remove"
              onConfirm={(reason) => act.mutate(() => roomsApi.remove(slug, room.groupId, memberId, reason))}
            />
            <ReasonButton
              label={t('blacklist')}
              title={t('blacklist')}
              placeholder={t('reason')}
              busy={act.isPending}
              danger
              testId="room-blacklist"
              onConfirm={(reason) => act.mutate(() => roomsApi.blacklist(slug, room.groupId, memberId, reason))}
            />
          </>
        )}
      </Space>
    );
  };

  if (live.loadError) return <QueryState error={live.loadError} refetch={() => window.location.reload()} />;
  return (
    <Flex gap={16} wrap align="flex-start">
      <div style={{ flex: '2 1 480px', minWidth: 0 }}>
        <RoomView
          room={live}
          upload={(file) => roomsApi.uploadImage(slug, room.groupId, file)}
          imageUrl={(image) => roomsApi.imageUrl(slug, room.groupId, image)}
          messageActions={actions}
          formatTime={clock.short}
          header={
            <>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="room-name">
                {room.name}
              </Typography.Title>
              <Link to={`/c/${slug}/rooms`}>
                <Button size="small">{t('backToRooms')}</Button>
              </Link>
              <Typography.Text type="secondary">{clock.hint}</Typography.Text>
            </>
          }
        />
      </div>
      <Flex vertical gap={16} style={{ flex: '1 1 320px', minWidth: 0 }}>
        <Card size="small" title={t('editNotice')}>
          <Form
            layout="vertical"
            initialValues={{ announcement: room.announcement ?? '', rules: room.rules }}
            onFinish={(values: { announcement: string; rules: string }) => save.mutate(values)}
          >
            <Form.Item name="announcement" label={t('announcement')}>
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 6 }}
                maxLength={4000}
                data-testid="room-announcement-input"
              />
            </Form.Item>
            <Form.Item name="rules" label={t('rules')}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} />
            </Form.Item>
            <Button htmlType="submit" loading={save.isPending} data-testid="room-notice-save">
              {t('save')}
            </Button>
          </Form>
        </Card>
        <Card size="small" title={t('moderation')}>
          <Table
            size="small"
            rowKey="id"
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            dataSource={moderation.data ?? []}
            data-testid="room-moderation"
            columns={[
              {
                title: t('action'),
                dataIndex: 'action',
                render: (action: string) => t(`actions.${action}`, { defaultValue: action }),
              },
              { title: t('reasonColumn'), dataIndex: 'reason' },
              { title: t('by'), dataIndex: 'author' },
              {
                title: clock.column(t('when')),
                dataIndex: 'createdAt',
                render: (at: number) => clock.time(at),
              },
            ]}
          />
        </Card>
      </Flex>
    </Flex>
  );
}
