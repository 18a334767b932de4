import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../ui/QueryState';
import { connectorKeys, connectorsApi, type Connector, type ConnectorChange } from './api';
import { filledSettings, saveError, SettingsFields, useLiveCheck, type SettingsValues } from './SettingsFields';
import './locales';

/** The change a form makes: the name, and the settings only when one of them changed (a rename is not checked live). */
function changeOf(connector: Connector, values: SettingsValues): ConnectorChange {
  const settings = filledSettings(values.settings);
  const changed = Object.entries(settings).some(([name, value]) => connector.settings[name] !== value);
  return {
    name: values.name.trim(),
    ...(changed ? { settings, check: values.skipCheck ? false : undefined } : {}),
  };
}

/** Renames a connector or changes its settings; secret fields left empty keep their stored value. */
export function EditConnector({
  slug,
  connector,
  onClose,
}: {
  slug: string;
  connector: Connector;
  onClose: () => void;
}) {
  const { t } = useTranslation('connectors');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<SettingsValues>();
  const platforms = useQuery({ queryKey: connectorKeys.platforms, queryFn: connectorsApi.platforms });
  const platform = platforms.data?.find((p) => p.platform === connector.platform);
  const check = useLiveCheck(slug, platform);
  const save = useMutation({
    mutationFn: (values: SettingsValues) => connectorsApi.update(slug, connector.id, changeOf(connector, values)),
    onSuccess: async () => {
      void message.success(t('updated'));
      await queryClient.invalidateQueries({ queryKey: connectorKeys.list(slug) });
      onClose();
    },
    onError: (error) => {
      if (!check.refusal(error)) void message.error(saveError(t, error));
    },
  });
  return (
    <Modal
      open
      title={t('editTitle', { name: connector.name })}
      width={640}
      okText={t('save')}
      cancelText={t('cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'connector-edit-save' }}
      destroyOnHidden
    >
      {platform ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ name: connector.name, settings: { ...connector.settings } }}
          onValuesChange={(changed: Partial<SettingsValues>) => changed.settings && check.reset()}
          onFinish={(values) => save.mutate(values)}
          data-testid="connector-edit"
        >
          <SettingsFields
            platform={platform}
            secretsSet={connector.secretsSet}
            outcome={check.outcome}
            checking={check.checking}
            onCheck={() => void check.run(form, connector.settings)}
          />
        </Form>
      ) : (
        <QueryState error={platforms.error} refetch={platforms.refetch} />
      )}
    </Modal>
  );
}
