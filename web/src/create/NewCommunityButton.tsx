import { useMutation } from '@tanstack/react-query';
import { Alert, Button, type ButtonProps, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createApi } from './api';

interface Values {
  name: string;
  slug: string;
  timezone: string;
  locale: 'zh-CN' | 'en';
}

const ZONES = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Asia/Shanghai'];
  }
})();

/** Instance owners create a community: name, a slug suggested from it, zone and language. */
export function NewCommunityButton({ onCreated }: { onCreated: (slug: string) => Promise<void> | void }) {
  const { t } = useTranslation('create');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const [slugTouched, setSlugTouched] = useState(false);
  const create = useMutation({
    mutationFn: (values: Values) =>
      createApi.community({
        name: values.name,
        slug: values.slug,
        timezone: values.timezone,
        settings: { locale: values.locale },
      }),
    onSuccess: async (created) => {
      setOpen(false);
      form.resetFields();
      await onCreated(created.slug);
    },
  });
  const suggest = async (name: string) => {
    if (slugTouched || !name.trim()) return;
    const { slug } = await createApi.suggestSlug(name.trim());
    form.setFieldValue('slug', slug);
  };
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="new-community">
        {t('community.button')}
      </Button>
      <Modal
        open={open}
        title={t('community.title')}
        onCancel={() => setOpen(false)}
        okText={t('community.create')}
        cancelText={t('cancel')}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        okButtonProps={{ 'data-testid': 'new-community-submit' } as ButtonProps}
        destroyOnHidden
      >
        {create.error && <Alert type="error" showIcon title={t('failed', { message: create.error.message })} />}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{ timezone: 'Asia/Shanghai', locale: 'zh-CN' }}
          onFinish={(values) => create.mutate(values)}
        >
          <Form.Item name="name" label={t('community.name')} rules={[{ required: true, whitespace: true, max: 100 }]}>
            <Input data-testid="new-community-name" onBlur={(e) => void suggest(e.target.value)} />
          </Form.Item>
          <Form.Item
            name="slug"
            label={t('community.slug')}
            extra={t('community.slugHelp')}
            rules={[
              { required: true, message: t('community.slugBad') },
              { pattern: /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, message: t('community.slugBad') },
            ]}
          >
            <Input data-testid="new-community-slug" onChange={() => setSlugTouched(true)} />
          </Form.Item>
          <Form.Item name="timezone" label={t('community.timezone')} extra={t('community.timezoneHelp')}>
            <Select showSearch options={ZONES.map((z) => ({ value: z, label: z }))} />
          </Form.Item>
          <Form.Item name="locale" label={t('community.locale')}>
            <Select
              options={[
                { value: 'zh-CN', label: '中文' },
                { value: 'en', label: 'English' },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
