import { App, Button, Card, Form, Input, List, Modal, Popconfirm, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { rolesApi } from '../../roles/api';
import { membersApi, type MemberProfile } from '../api';
import { useFormatTime } from '../../ui/time';
import { useProfileMutation } from './shared';

interface Props {
  slug: string;
  member: MemberProfile;
  canEdit: boolean;
}

interface Values {
  action: 'mute' | 'remove';
  reason: string;
}

/** Blacklist entries (小黑屋); operators mute or remove with a required reason, after a confirmation. */
export function ProfileBlacklist({ slug, member, canEdit }: Props) {
  const { t } = useTranslation('members');
  const formatTime = useFormatTime(slug);
  const { modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const add = useProfileMutation(
    slug,
    member.id,
    (v: Values) => membersApi.blacklist(slug, { memberId: member.id, ...v }),
    () => {
      setOpen(false);
      form.resetFields();
    },
  );
  const lift = useProfileMutation(slug, member.id, (entryId: number) => rolesApi.lift(slug, entryId));

  const confirm = (values: Values) => {
    const action = t(`profile.actions.${values.action}`);
    modal.confirm({
      title: t('profile.confirmTitle', { action, name: member.name }),
      content: t('profile.confirmBody', { reason: values.reason }),
      okText: action,
      okButtonProps: { danger: true, 'data-testid': 'profile-blacklist-confirm' },
      cancelText: t('profile.cancel'),
      onOk: () => add.mutateAsync({ action: values.action, reason: values.reason.trim() }),
    });
  };

  return (
    <Card
      size="small"
      title={t('profile.blacklist')}
      extra={
        canEdit && (
          <Button size="small" danger onClick={() => setOpen(true)} data-testid="profile-blacklist">
            {t('profile.blacklistButton')}
          </Button>
        )
      }
    >
      <List
        size="small"
        locale={{ emptyText: t('profile.noBlacklist') }}
        dataSource={member.blacklist}
        renderItem={(entry) => (
          <List.Item
            data-testid="profile-blacklist-entry"
            actions={
              canEdit && !entry.liftedAt
                ? [
                    <Popconfirm key="lift" title={t('profile.liftConfirm')} onConfirm={() => lift.mutate(entry.id)}>
                      <Button size="small" type="link">
                        {t('profile.lift')}
                      </Button>
                    </Popconfirm>,
                  ]
                : []
            }
          >
            <Space orientation="vertical" size={0}>
              <Space wrap size={4}>
                <Tag color={entry.liftedAt ? 'default' : 'red'}>{t(`profile.actions.${entry.action}`)}</Tag>
                <Typography.Text type="secondary">{formatTime(entry.createdAt)}</Typography.Text>
                {entry.liftedAt && (
                  <Typography.Text type="secondary">
                    {t('profile.lifted', { at: formatTime(entry.liftedAt) })}
                  </Typography.Text>
                )}
              </Space>
              <Typography.Text>{entry.reason}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Modal
        open={open}
        title={t('profile.blacklistButton')}
        okText={t('profile.blacklistButton')}
        okButtonProps={{ danger: true, 'data-testid': 'profile-blacklist-submit' }}
        cancelText={t('profile.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ action: 'mute' }} onFinish={confirm}>
          <Form.Item name="action" label={t('profile.action')}>
            <Radio.Group
              options={[
                { value: 'mute', label: t('profile.actions.mute') },
                { value: 'remove', label: t('profile.actions.remove') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('profile.reason')}
            rules={[{ required: true, whitespace: true, message: t('profile.reasonRequired') }]}
          >
            <Input.TextArea autoSize={{ minRows: 2 }} data-testid="profile-blacklist-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
