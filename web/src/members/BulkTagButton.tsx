import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, Button, Form, Modal, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTagLabel, useTagOptions } from './options';
import { membersApi } from './api';

interface Props {
  slug: string;
  memberIds: number[];
  onDone(): void;
}

/** Adds a tag to, or removes it from, the selected members (operators and up). */
export function BulkTagButton({ slug, memberIds, onDone }: Props) {
  const { t } = useTranslation('members');
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ tag: string; mode: 'add' | 'remove' }>();
  const tags = useTagOptions(slug);
  const tagLabel = useTagLabel();
  const client = useQueryClient();
  const mutation = useMutation({
    mutationFn: (values: { tag: string; mode: 'add' | 'remove' }) =>
      membersApi.tag(slug, {
        tag: values.tag.trim(),
        memberIds,
        remove: values.mode === 'remove',
      }),
    onSuccess: (result) => {
      void message.success(t('bulk.done', { count: result.changed }));
      void client.invalidateQueries({ queryKey: ['members', slug] });
      void client.invalidateQueries({ queryKey: ['tags', slug] });
      setOpen(false);
      form.resetFields();
      onDone();
    },
    onError: (error) => void message.error(error.message),
  });

  return (
    <>
      <Button disabled={memberIds.length === 0} onClick={() => setOpen(true)} data-testid="members-bulk-tag">
        {t('bulk.button')}
      </Button>
      <Modal
        open={open}
        title={t('bulk.title', { count: memberIds.length })}
        okText={t('bulk.submit')}
        cancelText={t('profile.cancel')}
        confirmLoading={mutation.isPending}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'members-bulk-tag-submit' }}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ mode: 'add' }}
          onFinish={(values) => mutation.mutate(values)}
        >
          <Form.Item
            name="tag"
            label={t('bulk.tag')}
            rules={[{ required: true, whitespace: true, message: t('bulk.tagRequired') }]}
          >
            <AutoComplete
              options={(tags.data ?? []).map((tag) => ({ value: tag.tag, label: tagLabel(tag.tag) }))}
              showSearch={{
                filterOption: (input, option) =>
                  String(option?.value ?? '')
                    .toLowerCase()
                    .includes(input.toLowerCase()),
              }}
              data-testid="members-bulk-tag-input"
            />
          </Form.Item>
          <Form.Item name="mode">
            <Radio.Group
              options={[
                { value: 'add', label: t('bulk.add') },
                { value: 'remove', label: t('bulk.remove') },
              ]}
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
