import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, type ButtonProps, Form, Input, Modal, Select, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupKeys, groupsApi } from '../groups/api';
import { createApi } from './api';

type Platform = 'telegram' | 'irc' | 'slack' | 'discord' | 'wechat' | 'web';
interface Values {
  name: string;
  phone?: string;
  email?: string;
  platform?: Platform;
  handle?: string;
  tags?: string[];
  groupId?: number;
}
const PLATFORMS: Platform[] = ['telegram', 'irc', 'slack', 'discord', 'wechat', 'web'];
const given = (value?: string) => (value?.trim() ? value.trim() : undefined);

/** One member by hand: a name, and whatever else is known of them. */
export function AddMemberButton({ slug }: { slug: string }) {
  const { t } = useTranslation('create');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const groups = useQuery({ queryKey: groupKeys.list(slug), queryFn: () => groupsApi.list(slug), enabled: open });
  const create = useMutation({
    mutationFn: (v: Values) =>
      createApi.member(slug, {
        name: v.name.trim(),
        phone: given(v.phone),
        email: given(v.email),
        platform: v.platform,
        handle: given(v.handle),
        tags: v.tags?.length ? v.tags : undefined,
        groupId: v.groupId,
      }),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void message.success(t('member.added'));
      void client.invalidateQueries({ queryKey: ['members', slug] });
    },
  });
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="add-member">
        {t('member.button')}
      </Button>
      <Modal
        open={open}
        title={t('member.title')}
        onCancel={() => setOpen(false)}
        okText={t('member.create')}
        cancelText={t('cancel')}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'add-member-submit' } as ButtonProps}
        destroyOnHidden
      >
        {create.error && <Alert type="error" showIcon title={t('failed', { message: create.error.message })} />}
        <Form<Values> form={form} layout="vertical" onFinish={create.mutate}>
          <Form.Item name="name" label={t('member.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="add-member-name" />
          </Form.Item>
          <Form.Item name="phone" label={t('member.phone')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="email" label={t('member.email')} rules={[{ type: 'email' }]}>
            <Input maxLength={320} />
          </Form.Item>
          <Form.Item name="platform" label={t('member.platform')}>
            <Select allowClear options={PLATFORMS.map((p) => ({ value: p, label: p }))} />
          </Form.Item>
          <Form.Item name="handle" label={t('member.handle')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="tags" label={t('member.tags')}>
            <Select mode="tags" tokenSeparators={[',', '，']} />
          </Form.Item>
          <Form.Item name="groupId" label={t('member.group')}>
            <Select allowClear options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
