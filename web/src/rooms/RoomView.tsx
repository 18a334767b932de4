import { Alert, Badge, Button, Card, Collapse, Empty, Flex, Image, Mentions, Space, Tag, Typography } from 'antd';
import { type ReactNode, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomImage } from './api';
import { mentionRuns, type ShownMessage } from './room-state';
import type { useRoom } from './useRoom';

const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉'];

type Room = ReturnType<typeof useRoom>;

interface RoomViewProps {
  room: Room;
  /** Uploads an image for a post; answers its id. */
  upload: (file: File) => Promise<{ imageId: string }>;
  imageUrl: (image: RoomImage) => string;
  /** Staff's tools on one message (moderation); absent for members. */
  messageActions?: (message: ShownMessage) => ReactNode;
  /** Above the messages: links (the check-in page, all rooms). */
  header?: ReactNode;
  /** Staff cannot react or post as a member would; they can, but reactions need no "mine". */
  compact?: boolean;
  /** The console shows times in the community's zone (ui/time); a member's page, on the member's own clock. */
  formatTime?: (at: number) => string;
}

/** Renders member text as text: React escapes it; @mentions stand out, nothing is ever HTML. */
function MessageText({ text }: { text: string }) {
  return (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="room-message-text">
      {mentionRuns(text).map((run) =>
        run.mention ? (
          <Typography.Text key={run.at} strong style={{ color: '#1677ff' }}>
            {run.text}
          </Typography.Text>
        ) : (
          <span key={run.at}>{run.text}</span>
        ),
      )}
    </Typography.Paragraph>
  );
}

/**
 * One room: its pinned announcement and rules, the messages (replies, threads, reactions, images),
 * what is still being sent, and the composer. Shared by the member's page and the console.
 */
export function RoomView({ room, upload, imageUrl, messageActions, header, formatTime }: RoomViewProps) {
  const { t, i18n } = useTranslation('rooms');
  const { state, pending, status, notice } = room;
  const [text, setText] = useState('');
  const [replyTo, setReplyTo] = useState<ShownMessage | null>(null);
  const [thread, setThread] = useState<number | null>(null);
  const [image, setImage] = useState<{ id: string; name: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const messages = useMemo(
    () =>
      [...state.messages.values()]
        .filter((m) => thread === null || m.seq === thread || m.thread === thread)
        .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0)),
    [state.messages, thread],
  );
  const authors = useMemo(() => {
    const names = new Set<string>();
    for (const m of state.messages.values()) if (m.member) names.add(m.member.name);
    return [...names].map((name) => ({ value: name.replace(/\s+/g, '_'), label: name }));
  }, [state.messages]);
  const time = (at: number) =>
    formatTime?.(at) ??
    new Date(at).toLocaleString(i18n.language, {
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });

  const send = () => {
    const body = text.trim();
    if (!body && !image) return;
    room.post(body, replyTo?.seq ?? null, image?.id ?? null);
    setText('');
    setReplyTo(null);
    setImage(null);
  };
  const pick = async (file: File) => {
    setUploading(true);
    setUploadError(null);
    try {
      const { imageId } = await upload(file);
      setImage({ id: imageId, name: file.name });
    } catch (error) {
      setUploadError((error as Error).message);
    } finally {
      setUploading(false);
    }
  };

  return (
    <Flex vertical gap={8} data-testid="room-view">
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Space wrap>{header}</Space>
        <Badge
          status={status === 'live' ? 'success' : status === 'connecting' ? 'processing' : 'warning'}
          text={t(status)}
          data-testid="room-status"
          data-status={status}
        />
      </Flex>
      {state.announcement && (
        <Alert
          type="info"
          showIcon
          message={t('announcement')}
          description={state.announcement}
          data-testid="room-announcement"
        />
      )}
      {state.rules && (
        <Collapse
          size="small"
          items={[
            {
              key: 'rules',
              label: t('rules'),
              children: (
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{state.rules}</Typography.Paragraph>
              ),
            },
          ]}
        />
      )}
      {notice && (
        <Alert
          type="warning"
          showIcon
          data-testid="room-notice"
          message={
            notice.kind === 'muted'
              ? t('muted', { until: new Date(notice.until ?? 0).toLocaleString(i18n.language), reason: notice.reason })
              : t('removed', { reason: notice.reason })
          }
        />
      )}
      {thread !== null && (
        <Button size="small" onClick={() => setThread(null)} data-testid="room-all-messages">
          {t('allMessages')}
        </Button>
      )}
      <Flex vertical gap={6} data-testid="room-messages">
        {messages.length === 0 && <Empty description={t('noMessages')} />}
        {messages.map((m) => {
          const quoted = m.replyTo ? state.messages.get(m.replyTo) : undefined;
          return (
            <Card size="small" key={m.seq} data-testid="room-message" data-seq={m.seq}>
              <Flex justify="space-between" gap={8}>
                <Space size={4} wrap>
                  <Typography.Text strong data-testid="room-message-author">
                    {m.member?.name}
                  </Typography.Text>
                  {m.member?.staff && <Tag color="gold">{t('staff')}</Tag>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {time(m.at)}
                  </Typography.Text>
                </Space>
                {messageActions?.(m)}
              </Flex>
              {quoted && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} ellipsis>
                  ↪ {quoted.member?.name}: {quoted.hidden ? t('hiddenMessage') : (quoted.text ?? t('image'))}
                </Typography.Text>
              )}
              {m.hidden ? (
                <Typography.Text type="secondary" italic data-testid="room-message-hidden">
                  {t('hiddenMessage')}
                </Typography.Text>
              ) : (
                <>
                  {m.text && <MessageText text={m.text} />}
                  {m.image && (
                    <Image
                      src={imageUrl(m.image)}
                      width={Math.min(240, m.image.width ?? 240)}
                      alt=""
                      data-testid="room-message-image"
                    />
                  )}
                </>
              )}
              <Flex gap={4} wrap align="center" style={{ marginTop: 4 }}>
                {m.reactions.map((r) => (
                  <Button
                    key={r.emoji}
                    size="small"
                    type={r.mine ? 'primary' : 'default'}
                    ghost={r.mine}
                    onClick={() => room.react(m.seq!, r.emoji, !r.mine)}
                    data-testid="room-reaction"
                  >
                    {r.emoji} {r.count}
                  </Button>
                ))}
                {!m.hidden &&
                  QUICK_REACTIONS.filter((e) => !m.reactions.some((r) => r.emoji === e)).map((e) => (
                    <Button key={e} size="small" type="text" onClick={() => room.react(m.seq!, e, true)}>
                      {e}
                    </Button>
                  ))}
                <Button size="small" type="link" onClick={() => setReplyTo(m)} data-testid="room-reply">
                  {t('reply')}
                </Button>
                {(m.thread ?? null) !== null && thread === null && (
                  <Button size="small" type="link" onClick={() => setThread(m.thread!)} data-testid="room-thread">
                    {t('showThread')}
                  </Button>
                )}
              </Flex>
            </Card>
          );
        })}
        {pending.map((p) => (
          <Card size="small" key={p.clientId} style={{ opacity: 0.7 }} data-testid="room-pending">
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{p.text}</Typography.Paragraph>
            {p.error ? (
              <Space>
                <Typography.Text type="danger" data-testid="room-pending-error">
                  {t('failed', { message: p.error })}
                </Typography.Text>
                <Button size="small" onClick={() => room.retry(p.clientId)}>
                  {t('retry')}
                </Button>
                <Button size="small" onClick={() => room.discard(p.clientId)}>
                  {t('discard')}
                </Button>
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('sending')}</Typography.Text>
            )}
          </Card>
        ))}
      </Flex>
      {notice?.kind !== 'removed' && (
        <Card size="small">
          {replyTo && (
            <Flex justify="space-between" align="center">
              <Typography.Text type="secondary" ellipsis>
                {t('replyingTo', { name: replyTo.member?.name ?? '' })}: {replyTo.text}
              </Typography.Text>
              <Button size="small" type="link" onClick={() => setReplyTo(null)}>
                {t('cancelReply')}
              </Button>
            </Flex>
          )}
          <Mentions
            value={text}
            onChange={setText}
            options={authors}
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder={t('placeholder')}
            maxLength={4000}
            data-testid="room-input"
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) send();
            }}
          />
          <Flex justify="space-between" align="center" style={{ marginTop: 8 }} gap={8} wrap>
            <Space>
              <input
                ref={fileRef}
                type="file"
                accept="image/jpeg,image/png,image/webp,image/gif"
                style={{ display: 'none' }}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) void pick(file);
                }}
                data-testid="room-image-input"
              />
              <Button size="small" loading={uploading} onClick={() => fileRef.current?.click()}>
                {uploading ? t('imageUploading') : t('image')}
              </Button>
              {image && (
                <Tag closable onClose={() => setImage(null)} data-testid="room-image-attached">
                  {image.name}
                </Tag>
              )}
              {uploadError && <Typography.Text type="danger">{uploadError}</Typography.Text>}
            </Space>
            <Button type="primary" onClick={send} disabled={!text.trim() && !image} data-testid="room-send">
              {t('send')}
            </Button>
          </Flex>
        </Card>
      )}
    </Flex>
  );
}
