import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, List, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { membersApi, type MemberProfile } from '../api';
import { useFormatTime } from '../../ui/time';
import { useProfileMutation } from './shared';

interface Props {
  slug: string;
  member: MemberProfile;
  canEdit: boolean;
}

const mergesKey = (slug: string, memberId: number) => ['merges', slug, memberId];

/** Merges this member took part in, "Merge with…" another member, and undo (docs/identities.md). */
export function ProfileMerges({ slug, member, canEdit }: Props) {
  const { t } = useTranslation('members');
  const formatTime = useFormatTime(slug);
  const client = useQueryClient();
  const refreshMerges = () => void client.invalidateQueries({ queryKey: ['merges', slug] });
  const merges = useQuery({ queryKey: mergesKey(slug, member.id), queryFn: () => membersApi.merges(slug, member.id) });
  const undo = useProfileMutation(
    slug,
    member.id,
    (mergeId: number) => membersApi.undoMerge(slug, mergeId),
    refreshMerges,
  );
  const open = canEdit && member.mergedInto === null;

  return (
    <Card
      size="small"
      title={t('merge.title')}
      extra={open && <MergeButton slug={slug} member={member} onMerged={refreshMerges} />}
    >
      <List
        size="small"
        loading={merges.isPending}
        locale={{ emptyText: t('merge.none') }}
        dataSource={merges.data ?? []}
        renderItem={(m) => (
          <List.Item
            data-testid="profile-merge-entry"
            actions={
              canEdit && m.undoneAt === null
                ? [
                    <Popconfirm key="undo" title={t('merge.undoConfirm')} onConfirm={() => undo.mutate(m.id)}>
                      <Button size="small" type="link" data-testid="profile-merge-undo">
                        {t('merge.undo')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space orientation="vertical" size={0}>
              <Typography.Text delete={m.undoneAt !== null}>
                {t('merge.entry', { merged: m.merged.displayName, survivor: m.survivor.displayName })}
              </Typography.Text>
              <Typography.Text type="secondary">
                {t('merge.by', {
                  who: m.actor === 'bind code' ? t('merge.byBindCode') : (m.accountName ?? '—'),
                  at: formatTime(m.createdAt),
                })}
                {m.undoneAt !== null && ` · ${t('merge.undone', { at: formatTime(m.undoneAt) })}`}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Shown on a merged member's profile: whom it was merged into. */
export function MergedIntoNotice({ slug, member }: { slug: string; member: MemberProfile }) {
  const { t } = useTranslation('members');
  if (member.mergedInto === null) return null;
  return (
    <Typography.Text type="warning" data-testid="profile-merged-into">
      {t('merge.mergedInto')} <Link to={`/c/${slug}/members/${member.mergedInto}`}>{t('merge.openSurvivor')}</Link>
    </Typography.Text>
  );
}

function MergeButton({ slug, member, onMerged }: { slug: string; member: MemberProfile; onMerged(): void }) {
  const { t } = useTranslation('members');
  const { modal } = App.useApp();
  const [visible, setVisible] = useState(false);
  const [search, setSearch] = useState('');
  const [form] = Form.useForm<{ other: { value: number; label: string } }>();
  const candidates = useQuery({
    queryKey: ['members', slug, 'merge-candidates', search],
    queryFn: () => membersApi.list(slug, { q: search || undefined, limit: 20 }),
    enabled: visible,
  });
  const merge = useProfileMutation(
    slug,
    member.id,
    (otherId: number) => membersApi.merge(slug, member.id, otherId),
    () => {
      setVisible(false);
      form.resetFields();
      onMerged();
    },
  );
  const confirm = ({ other }: { other: { value: number; label: string } }) => {
    const names = { name: member.name, other: other.label };
    modal.confirm({
      title: t('merge.confirmTitle', names),
      content: t('merge.confirmBody', names),
      okText: t('merge.submit'),
      okButtonProps: { danger: true, 'data-testid': 'profile-merge-confirm' },
      cancelText: t('profile.cancel'),
      onOk: () => merge.mutateAsync(other.value),
    });
  };
  const options = (candidates.data?.items ?? [])
    .filter((m) => m.id !== member.id)
    .map((m) => ({ value: m.id, label: m.name }));

  return (
    <>
      <Button size="small" onClick={() => setVisible(true)} data-testid="profile-merge">
        {t('merge.button')}
      </Button>
      <Modal
        open={visible}
        title={t('merge.button')}
        okText={t('merge.submit')}
        okButtonProps={{ 'data-testid': 'profile-merge-submit' }}
        cancelText={t('profile.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setVisible(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={confirm}>
          <Form.Item
            name="other"
            label={t('merge.pick')}
            extra={t('merge.pickHint')}
            rules={[{ required: true, message: t('merge.pickRequired') }]}
          >
            <Select
              showSearch
              labelInValue
              filterOption={false}
              onSearch={setSearch}
              loading={candidates.isFetching}
              options={options}
              data-testid="profile-merge-pick"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
