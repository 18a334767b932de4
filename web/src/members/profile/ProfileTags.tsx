import { AutoComplete, Button, Card, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTagLabel, useTagOptions } from '../options';
import { membersApi, type MemberProfile } from '../api';
import { useProfileMutation } from './shared';

interface Props {
  slug: string;
  member: MemberProfile;
  canEdit: boolean;
}

/** The member's tags; operators add and remove manual ones. */
export function ProfileTags({ slug, member, canEdit }: Props) {
  const { t } = useTranslation('members');
  const tagLabel = useTagLabel();
  const tags = useTagOptions(slug);
  const [draft, setDraft] = useState('');
  const change = useProfileMutation(
    slug,
    member.id,
    (values: { tag: string; remove: boolean }) =>
      membersApi.tag(slug, { tag: values.tag, memberIds: [member.id], remove: values.remove }),
    () => setDraft(''),
  );

  return (
    <Card size="small" title={t('profile.tags')} data-testid="profile-tags">
      <Space wrap>
        {member.tags.map(({ tag, source }) =>
          source === 'rule' ? (
            <Tooltip key={tag} title={t('profile.ruleTag')}>
              <Tag color="purple">{tagLabel(tag)}</Tag>
            </Tooltip>
          ) : (
            <Tag
              key={tag}
              closable={canEdit}
              onClose={(e) => {
                e.preventDefault();
                change.mutate({ tag, remove: true });
              }}
            >
              {tagLabel(tag)}
            </Tag>
          ),
        )}
      </Space>
      {canEdit && (
        <Space.Compact style={{ marginTop: 12, width: '100%' }}>
          <AutoComplete
            style={{ flex: 1 }}
            value={draft}
            placeholder={t('profile.tagPlaceholder')}
            options={(tags.data ?? []).filter((o) => o.source !== 'rule').map((o) => ({ value: o.tag }))}
            onChange={setDraft}
            data-testid="profile-tag-input"
          />
          <Button
            disabled={!draft.trim()}
            loading={change.isPending}
            onClick={() => change.mutate({ tag: draft.trim(), remove: false })}
            data-testid="profile-add-tag"
          >
            {t('profile.addTag')}
          </Button>
        </Space.Compact>
      )}
    </Card>
  );
}
