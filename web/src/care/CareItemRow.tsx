import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { careApi, type CareItem } from './api';

interface Props {
  slug: string;
  day: string;
  item: CareItem;
  canWrite: boolean;
}

/** One member to care for: who, where, why, and marking it done with a note. */
export function CareItemRow({ slug, day, item, canWrite }: Props) {
  const { t } = useTranslation('care');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState('');
  const done = useMutation({
    mutationFn: () =>
      careApi.markDone(slug, {
        memberId: item.memberId,
        day,
        kind: item.kind,
        ...(note.trim() ? { note: note.trim() } : {}),
      }),
    onSuccess: () => {
      void message.success(t('saved'));
      setEditing(false);
      void client.invalidateQueries({ queryKey: ['care', slug] });
      void client.invalidateQueries({ queryKey: ['member', slug, item.memberId] });
      void client.invalidateQueries({ queryKey: ['timeline', slug, item.memberId] });
    },
    onError: (error) => void message.error(error.message),
  });
  // Reasons are phrased here from the code and its figures; an unknown code falls back to the server's English.
  const code = item.reasonCode === 'lapsed' && item.reasonParams.messagesBefore === 0 ? 'lapsedQuiet' : item.reasonCode;
  const reason = t(`reasons.${code}`, { ...item.reasonParams, defaultValue: item.reason });
  const suggestion = t(`suggestions.${item.reasonCode}`, { name: item.memberName, defaultValue: '' });

  return (
    <List.Item
      data-testid="care-item"
      data-member-id={item.memberId}
      data-done={item.done}
      style={{ display: 'block' }}
    >
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Space wrap size={6} style={{ justifyContent: 'space-between', width: '100%' }}>
          <Space wrap size={6}>
            <Link to={`/c/${slug}/members/${item.memberId}`} data-testid="care-member-link">
              {item.memberName}
            </Link>
            {item.groupName && <Typography.Text type="secondary">{item.groupName}</Typography.Text>}
          </Space>
          {item.done ? (
            <Tag color="success" data-testid="care-done-tag">
              {t('done')}
            </Tag>
          ) : (
            canWrite &&
            !editing && (
              <Button size="small" onClick={() => setEditing(true)} data-testid="care-done-button">
                {t('markDone')}
              </Button>
            )
          )}
        </Space>
        <Typography.Text data-testid="care-reason">{reason}</Typography.Text>
        {suggestion && (
          <Typography.Text
            type="secondary"
            data-testid="care-suggestion"
            copyable={{ text: suggestion, tooltips: [t('copy'), t('copied')] }}
          >
            {suggestion}
          </Typography.Text>
        )}
        {item.done && item.doneNote && (
          <Typography.Text type="secondary" italic data-testid="care-done-note">
            {item.doneNote}
          </Typography.Text>
        )}
        {editing && !item.done && (
          <Space.Compact style={{ width: '100%' }}>
            <Input
              autoFocus
              value={note}
              maxLength={2000}
              placeholder={t('notePlaceholder')}
              onChange={(e) => setNote(e.target.value)}
              onPressEnter={() => done.mutate()}
              data-testid="care-note-input"
            />
            <Button
              type="primary"
              loading={done.isPending}
              onClick={() => done.mutate()}
              data-testid="care-note-submit"
            >
              {t('submit')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('cancel')}</Button>
          </Space.Compact>
        )}
      </Space>
    </List.Item>
  );
}
