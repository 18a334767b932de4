import { useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, Col, DatePicker, Form, Input, InputNumber, Radio, Row, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { groupKeys, groupsApi } from '../groups/api';
import { isClock, parseMilestones, type CampFormValues } from './campForm';
import './locales';

interface Props {
  slug: string;
  initial: CampFormValues;
  submitLabel: string;
  busy: boolean;
  onSubmit(values: CampFormValues): void;
  onCancel(): void;
}

const clockRule = (t: (key: string) => string, end = false) => ({
  validator: (_: unknown, value: string | undefined) =>
    !value || isClock(value, end) ? Promise.resolve() : Promise.reject(new Error(t('form.badClock'))),
});

/** The camp's settings, for creating from a template and for editing: the same fields either way. */
// onFinish hands over only the mounted fields; getFieldsValue(true) includes hidden ones (the number's label when the number is off).
export function CampForm({ slug, initial, submitLabel, busy, onSubmit, onCancel }: Props) {
  const { t } = useTranslation('camps');
  const [form] = Form.useForm<CampFormValues>();
  const number = Form.useWatch('number', form) ?? initial.number;
  const groups = useQuery({ queryKey: groupKeys.list(slug), queryFn: () => groupsApi.list(slug) });
  const whole = () => form.setFieldsValue({ windowStart: '00:00', windowEnd: '24:00' });

  return (
    <Form<CampFormValues>
      form={form}
      layout="vertical"
      initialValues={initial}
      onFinish={() => onSubmit(form.getFieldsValue(true))}
      data-testid="camp-form"
      requiredMark={false}
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Card size="small" title={t('form.basics')}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="name" label={t('form.name')} rules={[{ required: true, whitespace: true, max: 120 }]}>
                <Input data-testid="camp-name" maxLength={120} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="startDate"
                label={t('form.startDate')}
                rules={[{ required: true }]}
                // The form keeps the date as YYYY-MM-DD text; only the picker needs a dayjs.
                getValueProps={(value?: string) => ({ value: value ? dayjs(value) : null })}
                normalize={(value?: dayjs.Dayjs | null) => value?.format('YYYY-MM-DD')}
              >
                <DatePicker allowClear={false} style={{ width: '100%' }} data-testid="camp-start-date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="lengthDays" label={t('form.lengthDays')} rules={[{ required: true }]}>
                <InputNumber min={1} max={365} precision={0} style={{ width: '100%' }} data-testid="camp-length" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="groupIds" label={t('form.groups')} extra={t('form.groupsHint')}>
                <Select
                  mode="multiple"
                  allowClear
                  loading={groups.isPending}
                  optionFilterProp="label"
                  options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
                  data-testid="camp-groups"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Card
          size="small"
          title={t('form.window')}
          extra={
            <Button size="small" onClick={whole} data-testid="camp-whole-day">
              {t('form.wholeDay')}
            </Button>
          }
        >
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item name="windowStart" label={t('form.windowStart')} rules={[{ required: true }, clockRule(t)]}>
                <Input placeholder="HH:MM" maxLength={5} data-testid="camp-window-start" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="windowEnd" label={t('form.windowEnd')} rules={[{ required: true }, clockRule(t, true)]}>
                <Input placeholder="HH:MM" maxLength={5} data-testid="camp-window-end" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item label=" " colon={false} extra={t('form.windowHint')} />
            </Col>
          </Row>
        </Card>

        <Card size="small" title={t('form.content')}>
          <Space wrap size="large" align="start">
            <Form.Item name="text" valuePropName="checked" noStyle>
              <Checkbox data-testid="camp-content-text">{t('form.text')}</Checkbox>
            </Form.Item>
            <Form.Item name="number" valuePropName="checked" noStyle>
              <Checkbox data-testid="camp-content-number">{t('form.number')}</Checkbox>
            </Form.Item>
            <Form.Item name="link" valuePropName="checked" noStyle>
              <Checkbox data-testid="camp-content-link">{t('form.link')}</Checkbox>
            </Form.Item>
            <Form.Item name="image" valuePropName="checked" noStyle>
              <Checkbox data-testid="camp-content-image">{t('form.image')}</Checkbox>
            </Form.Item>
          </Space>
          {number && (
            <Form.Item
              name="numberLabel"
              label={t('form.numberLabel')}
              style={{ marginTop: 12, maxWidth: 320 }}
              rules={[{ max: 40 }]}
            >
              <Input placeholder={t('form.numberLabelPlaceholder')} maxLength={40} data-testid="camp-number-label" />
            </Form.Item>
          )}
        </Card>

        <Card size="small" title={t('form.rules')}>
          <Row gutter={16}>
            {(['makeUpCards', 'makeUpMaxDaysLate', 'freezes', 'freezeEarnedEveryDays'] as const).map((key) => (
              <Col key={key} xs={24} sm={12} lg={6}>
                <Form.Item name={key} label={t(`form.${key}`)} rules={[{ required: true }]}>
                  <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} data-testid={`camp-${key}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
          <Form.Item name="missPolicy" label={t('form.missPolicy')}>
            <Radio.Group
              data-testid="camp-miss-policy"
              options={(['reset', 'pause'] as const).map((p) => ({ value: p, label: t(`form.missPolicies.${p}`) }))}
            />
          </Form.Item>
        </Card>

        <Card size="small" title={t('form.settings')}>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Form.Item
                name="reminderTime"
                label={t('form.reminderTime')}
                extra={t('form.reminderHint')}
                rules={[clockRule(t)]}
              >
                <Input placeholder="HH:MM" maxLength={5} allowClear data-testid="camp-reminder" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item
                name="praiseTime"
                label={t('form.praiseTime')}
                extra={t('form.praiseHint')}
                rules={[clockRule(t)]}
              >
                <Input placeholder="HH:MM" maxLength={5} allowClear data-testid="camp-praise" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="milestones"
                label={t('form.milestones')}
                extra={t('form.milestonesHint')}
                dependencies={['lengthDays']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_: unknown, value: string[] = []) =>
                      parseMilestones(value, getFieldValue('lengthDays') ?? 0)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('form.badMilestones'))),
                  }),
                ]}
              >
                <Select
                  mode="tags"
                  tokenSeparators={[',', '，', ' ']}
                  open={false}
                  suffixIcon={null}
                  data-testid="camp-milestones"
                />
              </Form.Item>
            </Col>
          </Row>
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="camp-submit">
            {submitLabel}
          </Button>
          <Button onClick={onCancel}>{t('form.cancel')}</Button>
        </Space>
      </Space>
    </Form>
  );
}
