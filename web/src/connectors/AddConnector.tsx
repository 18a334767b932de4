import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Form, Modal, Result, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../ui/QueryState';
import { connectorKeys, connectorsApi, type CreatedConnector, type NewConnector } from './api';
import {
  filledSettings,
  saveError,
  SettingsFields,
  useLiveCheck,
  usePlatformName,
  type SettingsValues,
} from './SettingsFields';
import { WebhookSecret } from './WebhookSecret';
import './locales';

/**
 * "Add a connector", step by step: the platform, its settings with the live check, then (once
 * saved) the webhook path and secret, shown this once.
 */
export function AddConnector({ slug, onClose }: { slug: string; onClose: () => void }) {
  const { t } = useTranslation('connectors');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const platformName = usePlatformName();
  const [form] = Form.useForm<SettingsValues>();
  const [platformId, setPlatformId] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedConnector | null>(null);
  const platforms = useQuery({ queryKey: connectorKeys.platforms, queryFn: connectorsApi.platforms });
  const platform = platforms.data?.find((p) => p.platform === platformId);
  const check = useLiveCheck(slug, platform);
  const save = useMutation({
    mutationFn: (values: SettingsValues) =>
      connectorsApi.create(slug, {
        platform: platformId as NewConnector['platform'],
        name: values.name.trim(),
        settings: filledSettings(values.settings),
        check: values.skipCheck ? false : undefined,
      }),
    onSuccess: async (answer) => {
      setCreated(answer);
      void message.success(t('saved', { name: answer.name }));
      await queryClient.invalidateQueries({ queryKey: connectorKeys.list(slug) });
    },
    onError: (error) => {
      if (!check.refusal(error)) void message.error(saveError(t, error));
    },
  });
  const choose = (id: string) => {
    const chosen = platforms.data?.find((p) => p.platform === id);
    setPlatformId(id);
    check.reset();
    form.resetFields();
    form.setFieldsValue({ settings: { inbound: chosen?.inbound[0] } });
  };
  const step = created ? 3 : check.outcome?.ok ? 2 : platform ? 1 : 0;

  const body = () => {
    if (created)
      return (
        <Flex vertical gap={16}>
          <Result status="success" title={t('saved', { name: created.name })} style={{ padding: 8 }} />
          <WebhookSecret created={created} />
        </Flex>
      );
    if (!platforms.data) return <QueryState error={platforms.error} refetch={platforms.refetch} />;
    if (!platform)
      return (
        <Flex vertical gap={12}>
          <Typography.Text>{t('choosePlatform')}</Typography.Text>
          <Flex gap={12} wrap>
            {platforms.data.map((p) => (
              <Card
                key={p.platform}
                hoverable
                size="small"
                style={{ width: 160, textAlign: 'center' }}
                onClick={() => choose(p.platform)}
                data-testid={`connector-platform-${p.platform}`}
              >
                <Typography.Text strong>{platformName(p.platform)}</Typography.Text>
              </Card>
            ))}
          </Flex>
        </Flex>
      );
    return (
      <Form
        form={form}
        layout="vertical"
        onValuesChange={(changed: Partial<SettingsValues>) => changed.settings && check.reset()}
        onFinish={(values) => save.mutate(values)}
      >
        <SettingsFields
          platform={platform}
          outcome={check.outcome}
          checking={check.checking}
          onCheck={() => void check.run(form)}
        />
        <Flex gap={8} justify="flex-end">
          <Button onClick={() => setPlatformId(null)}>{t('back')}</Button>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="connector-save">
            {t('save')}
          </Button>
        </Flex>
      </Form>
    );
  };

  return (
    <Modal
      open
      title={t('add')}
      width={720}
      onCancel={onClose}
      mask={{ closable: !created }}
      footer={
        created ? (
          <Button type="primary" onClick={onClose} data-testid="connector-done">
            {t('close')}
          </Button>
        ) : null
      }
      destroyOnHidden
    >
      <Flex vertical gap={16} data-testid="connector-add">
        <Steps
          size="small"
          current={step}
          items={[
            { title: t('steps.platform') },
            { title: t('steps.settings') },
            { title: t('steps.check') },
            { title: t('steps.done') },
          ]}
        />
        {body()}
      </Flex>
    </Modal>
  );
}
