import { Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { membersApi, type MemberProfile } from '../api';
import { useFormatTime } from '../../ui/time';
import { useProfileMutation } from './shared';

interface Props {
  slug: string;
  member: MemberProfile;
  canWrite: boolean;
}

/** Staff notes and care notes; assistants and up add notes. */
export function ProfileNotes({ slug, member, canWrite }: Props) {
  const { t } = useTranslation('members');
  const formatTime = useFormatTime(slug);
  const [body, setBody] = useState('');
  const add = useProfileMutation(
    slug,
    member.id,
    (text: string) => membersApi.addNote(slug, member.id, text),
    () => setBody(''),
  );
  const notes = [...member.notes].sort((a, b) => b.createdAt - a.createdAt);

  return (
    <Card size="small" title={t('profile.notes')} data-testid="profile-notes">
      {canWrite && (
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 4 }}
            value={body}
            placeholder={t('profile.notePlaceholder')}
            onChange={(e) => setBody(e.target.value)}
            data-testid="profile-note-input"
          />
          <Button
            type="primary"
            disabled={!body.trim()}
            loading={add.isPending}
            onClick={() => add.mutate(body.trim())}
            data-testid="profile-add-note"
          >
            {t('profile.addNote')}
          </Button>
        </Space.Compact>
      )}
      <List
        size="small"
        locale={{ emptyText: t('profile.noNotes') }}
        dataSource={notes}
        renderItem={(note) => (
          <List.Item data-testid="profile-note">
            <Space orientation="vertical" size={0} style={{ width: '100%' }}>
              <Space wrap size={4}>
                <Tag color={note.kind === 'care' ? 'gold' : 'default'}>
                  {t(`profile.noteKinds.${note.kind}`, { defaultValue: note.kind })}
                </Tag>
                <Typography.Text type="secondary">{formatTime(note.createdAt)}</Typography.Text>
                {note.author && (
                  <Typography.Text type="secondary">{t('profile.by', { author: note.author })}</Typography.Text>
                )}
              </Space>
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{note.body}</Typography.Paragraph>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
