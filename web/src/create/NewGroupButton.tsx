import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, type ButtonProps, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupKeys } from '../groups/api';
import { createApi } from './api';

type Platform = 'web' | 'telegram' | 'irc' | 'slack' | 'discord' | 'wechat';
interface Values {
  name: string;
  platform: Platform;
  externalId?: string;
}
const CHAT_PLATFORMS: Platform[] = ['telegram', 'irc', 'slack', 'discord', 'wechat'];

/** A group made by hand: a web room, or a chat platform's group whose chat id may come later. */
export function NewGroupButton({ slug }: { slug: string }) {
  const { t } = useTranslation('create');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const platform = Form.useWatch('platform', form) ?? 'web';
  const create = useMutation({
    mutationFn: (values: Values) =>
      createApi.group(slug, {
        name: values.name,
        platform: values.platform,
        ...(values.platform !== 'web' && values.externalId?.trim() ? { externalId: values.externalId.trim() } : {}),
      }),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void client.invalidateQueries({ queryKey: groupKeys.list(slug) });
    },
  });
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="new-group">
        {t('group.button')}
      </Button>
      <Modal
        open={open}
        title={t('group.title')}
        onCancel={() => setOpen(false)}
        okText={t('group.create')}
        cancelText={t('cancel')}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'new-group-submit' } as ButtonProps}
        destroyOnHidden
      >
        {create.error && <Alert type="error" showIcon title={t('failed', { message: create.error.message })} />}
        <Form<Values> form={form} layout="vertical" initialValues={{ platform: 'web' }} onFinish={create.mutate}>
          <Form.Item name="name" label={t('group.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="new-group-name" />
          </Form.Item>
          <Form.Item name="platform" label={t('group.platform')}>
            <Select
              data-testid="new-group-platform"
              options={[
                { value: 'web', label: t('group.web') },
                ...CHAT_PLATFORMS.map((p) => ({ value: p, label: p })),
              ]}
            />
          </Form.Item>
          {platform !== 'web' && (
            <Form.Item name="externalId" label={t('group.chatId')} extra={t('group.chatIdHelp')}>
              <Input maxLength={200} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
