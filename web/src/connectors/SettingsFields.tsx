import { Alert, App, Button, Checkbox, Flex, Form, type FormInstance, Input, Radio, Typography } from 'antd';
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { connectorsApi, type ConnectorField, type ConnectorPlatform, type NewConnector } from './api';
import './locales';

/** What the form holds: the name, the platform's fields and `inbound`, and whether to skip the live check. */
export interface SettingsValues {
  name: string;
  settings: Record<string, string | undefined>;
  skipCheck?: boolean;
}

/** The outcome of a live check or of a save the platform refused, shown next to the refused field. */
export type CheckOutcome = { ok: true; account: string | null } | { ok: false; field: string; text: string } | null;

/** The field a refusal belongs to: the platform names none in the answer, so its first secret one. */
export const refusedField = (platform: ConnectorPlatform) =>
  (platform.fields.find((f) => f.secret) ?? platform.fields[0])?.name ?? 'inbound';

/** A platform's name in the console's language (platform names are kept as the platforms write them). */
export function usePlatformName() {
  const { t } = useTranslation('connectors');
  const names = t('platforms', { returnObjects: true }) as Record<string, string>;
  return (platform: string) => (Object.hasOwn(names, platform) ? names[platform] : platform);
}

/** The settings as the API takes them: empty values left out, so a stored secret is kept. */
export function filledSettings(values: SettingsValues['settings'] | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).filter((entry): entry is [string, string] => (entry[1] ?? '').trim() !== ''),
  );
}

/**
 * Runs the platform's live check of a form's settings, and turns a save's CREDENTIALS_REJECTED
 * into the same outcome; the form clears it when the settings change.
 */
export function useLiveCheck(slug: string, platform: ConnectorPlatform | undefined) {
  const { t } = useTranslation('connectors');
  const { message } = App.useApp();
  const [outcome, setOutcome] = useState<CheckOutcome>(null);
  const [checking, setChecking] = useState(false);
  /** Whether an error was the platform refusing the settings (then shown at the field). */
  const refusal = (error: unknown) => {
    if (!platform || !(error instanceof ApiError) || error.code !== 'CREDENTIALS_REJECTED') return false;
    // The server words it "the platform refused: <the platform's answer>"; the console says the first part itself.
    const answer = error.message.replace(/^the platform refused:\s*/i, '');
    setOutcome({ ok: false, field: refusedField(platform), text: t('refused', { message: answer }) });
    return true;
  };
  /**
   * Checks what the form holds. `stored` (a saved connector's plain settings) fills what is left
   * empty; its secrets are not in the console, so a secret must be typed again to be checked.
   */
  const run = async (form: FormInstance<SettingsValues>, stored: Record<string, string> = {}) => {
    if (!platform) return;
    await form.validateFields(platform.fields.map((f) => ['settings', f.name]));
    const settings = { ...stored, ...filledSettings(form.getFieldValue('settings')) };
    const untyped = platform.fields.find((f) => f.secret && f.required && !settings[f.name]);
    if (untyped) return setOutcome({ ok: false, field: untyped.name, text: t('checkNeedsSecret') });
    setChecking(true);
    try {
      const answer = await connectorsApi.check(slug, platform.platform as NewConnector['platform'], settings);
      setOutcome({ ok: true, account: answer.account });
    } catch (error) {
      if (!refusal(error))
        void message.error(t('checkFailed', { message: error instanceof Error ? error.message : String(error) }));
    } finally {
      setChecking(false);
    }
  };
  return { outcome, checking, run, refusal, reset: () => setOutcome(null) };
}

interface Props {
  platform: ConnectorPlatform;
  /** When changing a connector: its secret fields that are set (left empty, they keep their value). */
  secretsSet?: string[];
  outcome: CheckOutcome;
  checking: boolean;
  onCheck: () => void;
}

/** The name, the `inbound` choice (when the platform offers two) and the platform's own fields, with the live check. */
export function SettingsFields({ platform, secretsSet, outcome, checking, onCheck }: Props) {
  const { t, i18n } = useTranslation('connectors');
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const form = Form.useFormInstance<SettingsValues>();
  const inbound = Form.useWatch(['settings', 'inbound'], form);
  const refused = outcome && !outcome.ok ? outcome : null;
  const fieldItem = (field: ConnectorField) => {
    const kept = field.secret && secretsSet?.includes(field.name);
    const error = refused?.field === field.name ? refused.text : undefined;
    const Control = field.secret ? Input.Password : Input;
    return (
      <Form.Item
        key={field.name}
        name={['settings', field.name]}
        label={field.label[lang]}
        extra={field.hint?.[lang]}
        rules={field.required && !kept ? [{ required: true, message: t('fieldRequired') }] : []}
        validateStatus={error ? 'error' : undefined}
        help={error}
      >
        <Control
          autoComplete="off"
          placeholder={kept ? t('secretSet') : undefined}
          data-testid={`connector-field-${field.name}`}
        />
      </Form.Item>
    );
  };
  return (
    <>
      <Form.Item
        name="name"
        label={t('name')}
        rules={[{ required: true, whitespace: true, message: t('nameRequired') }]}
      >
        <Input maxLength={120} placeholder={t('namePlaceholder')} data-testid="connector-name" />
      </Form.Item>
      {platform.inbound.length > 1 && (
        <Form.Item
          name={['settings', 'inbound']}
          label={t('inbound')}
          extra={inbound ? t(`inboundHelp.${inbound}`, { defaultValue: '' }) : undefined}
        >
          <Radio.Group data-testid="connector-inbound">
            {platform.inbound.map((mode) => (
              <Radio key={mode} value={mode} data-testid={`connector-inbound-${mode}`}>
                {t(`inboundModes.${mode}`, { defaultValue: mode })}
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
      )}
      {platform.fields.map(fieldItem)}
      {platform.liveCheck ? (
        <Flex vertical gap={8} style={{ marginBottom: 16 }}>
          <Flex gap={8} align="center" wrap>
            <Button onClick={onCheck} loading={checking} data-testid="connector-check">
              {t('check')}
            </Button>
            <Typography.Text type="secondary">{t('checkHint')}</Typography.Text>
          </Flex>
          {outcome?.ok && (
            <Alert
              type="success"
              showIcon
              data-testid="connector-checked"
              title={outcome.account ? t('checkedAs', { account: outcome.account }) : t('checkedNoAccount')}
            />
          )}
          <Form.Item name="skipCheck" valuePropName="checked" noStyle>
            <Checkbox data-testid="connector-skip-check">{t('skipCheck')}</Checkbox>
          </Form.Item>
        </Flex>
      ) : (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('noLiveCheck')} />
      )}
    </>
  );
}

/** A save's error in words: the missing key said plainly, anything else with the server's message. */
export function saveError(t: TFunction<'connectors'>, error: unknown): string {
  if (error instanceof ApiError && error.code === 'NOT_CONFIGURED') return t('notConfigured');
  return t('saveFailed', { message: error instanceof Error ? error.message : String(error) });
}
