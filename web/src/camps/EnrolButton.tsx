import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, Modal, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { groupKeys, groupsApi } from '../groups/api';
import { campApi, campKeys, type EnrolResult } from './api';
import { PublicUrlWarning } from './MemberLinkButton';

type By = 'group' | 'tag' | 'list';
interface Values {
  by: By;
  reissueLinks?: boolean;
  groupId?: number;
  tag?: string;
  list?: string;
}

/** `12, 13\n14` → [12, 13, 14]; null when anything else is in there. */
export function parseMemberIds(text: string): number[] | null {
  const parts = text.split(/[\s,，;；]+/).filter(Boolean);
  if (parts.length === 0 || parts.some((p) => !/^\d{1,15}$/.test(p))) return null;
  return parts.map(Number);
}

/**
 * Enrols members by group, tag or a list of ids, then shows the new members' personal links —
 * the only time they exist in the clear — with copy buttons.
 */
export function EnrolButton({ slug, campId }: { slug: string; campId: number }) {
  const { t } = useTranslation('camps');
  const { t: tc } = useTranslation();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [result, setResult] = useState<EnrolResult | null>(null);
  const [form] = Form.useForm<Values>();
  const by = Form.useWatch('by', form) ?? 'group';
  const groups = useQuery({ queryKey: groupKeys.list(slug), queryFn: () => groupsApi.list(slug), enabled: open });
  const enrolments = useQuery({
    queryKey: [...campKeys.camp(slug, campId), 'enrolments'],
    queryFn: () => campApi.enrolments(slug, campId),
    enabled: result !== null,
  });
  const names = new Map((enrolments.data ?? []).map((e) => [e.memberId, e.displayName]));

  const enrol = useMutation({
    mutationFn: (values: Values) =>
      campApi.enrol(slug, campId, {
        ...(values.by === 'group'
          ? { groupId: values.groupId }
          : values.by === 'tag'
            ? { tag: values.tag!.trim() }
            : { memberIds: parseMemberIds(values.list ?? '')! }),
        reissueLinks: values.reissueLinks === true,
      }),
    onSuccess: (answer) => {
      setResult(answer);
      void client.invalidateQueries({ queryKey: campKeys.camp(slug, campId) });
      void client.invalidateQueries({ queryKey: campKeys.list(slug) });
    },
  });
  const close = () => {
    setOpen(false);
    setResult(null);
    enrol.reset();
    form.resetFields();
  };
  const allLinks = (result?.members ?? [])
    .map((m) => `${names.get(m.memberId) ?? `#${m.memberId}`}\t${m.link}`)
    .join('\n');

  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)} data-testid="camp-enrol">
        {t('enrol.button')}
      </Button>
      <Modal open={open} title={t('enrol.title')} onCancel={close} footer={null} width={720} destroyOnHidden>
        {result ? (
          <Space orientation="vertical" style={{ width: '100%' }} data-testid="enrol-result">
            <PublicUrlWarning />
            <Typography.Text strong data-testid="enrol-counts">
              {t('enrol.result', { enrolled: result.enrolled, already: result.alreadyEnrolled })}
            </Typography.Text>
            {result.members.length === 0 ? (
              <Typography.Text type="secondary">{t('enrol.noNew')}</Typography.Text>
            ) : (
              <>
                <Alert type="warning" showIcon title={t('enrol.linksOnce')} />
                <Typography.Text
                  copyable={{ text: allLinks, tooltips: [t('enrol.copyAll'), t('enrol.copied')] }}
                  data-testid="enrol-copy-all"
                >
                  {t('enrol.copyAll')}
                </Typography.Text>
                <Table
                  size="small"
                  rowKey="memberId"
                  data-testid="enrol-links"
                  dataSource={result.members}
                  pagination={result.members.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                  columns={[
                    {
                      title: t('enrol.member'),
                      key: 'member',
                      render: (_, m) => names.get(m.memberId) ?? `#${m.memberId}`,
                    },
                    {
                      title: t('enrol.link'),
                      key: 'link',
                      render: (_, m) => (
                        <Typography.Text
                          copyable={{ tooltips: [t('enrol.copy'), t('enrol.copied')] }}
                          data-testid="enrol-link"
                          style={{ wordBreak: 'break-all' }}
                        >
                          {m.link}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              </>
            )}
            <Button onClick={close}>{t('form.cancel')}</Button>
          </Space>
        ) : (
          <Form<Values>
            form={form}
            layout="vertical"
            initialValues={{ by: 'group' }}
            onFinish={(values) => enrol.mutate(values)}
            requiredMark={false}
          >
            {enrol.error && (
              <Alert
                type="error"
                showIcon
                title={tc('error', { message: enrol.error.message })}
                style={{ marginBottom: 12 }}
              />
            )}
            <Form.Item name="by" label={t('enrol.by')}>
              <Radio.Group
                data-testid="enrol-by"
                options={(['group', 'tag', 'list'] as const).map((value) => ({ value, label: t(`enrol.${value}`) }))}
              />
            </Form.Item>
            {by === 'group' && (
              <Form.Item name="groupId" label={t('enrol.group')} rules={[{ required: true }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={groups.isPending}
                  options={(groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
                  data-testid="enrol-group"
                />
              </Form.Item>
            )}
            {by === 'tag' && (
              <Form.Item name="tag" label={t('enrol.tag')} rules={[{ required: true, whitespace: true, max: 64 }]}>
                <Input maxLength={64} data-testid="enrol-tag" />
              </Form.Item>
            )}
            {by === 'list' && (
              <Form.Item
                name="list"
                label={t('enrol.list')}
                rules={[
                  {
                    validator: (_, value?: string) =>
                      parseMemberIds(value ?? '') ? Promise.resolve() : Promise.reject(new Error(t('enrol.badList'))),
                  },
                ]}
              >
                <Input.TextArea rows={4} placeholder={t('enrol.listPlaceholder')} data-testid="enrol-list" />
              </Form.Item>
            )}
            <Form.Item name="reissueLinks" valuePropName="checked">
              <Checkbox data-testid="enrol-reissue">{t('links.reissueEnrolled')}</Checkbox>
            </Form.Item>
            <div style={{ marginBottom: 12 }}>
              <PublicUrlWarning />
            </div>
            <Button type="primary" htmlType="submit" loading={enrol.isPending} data-testid="enrol-submit">
              {t('enrol.submit')}
            </Button>
          </Form>
        )}
      </Modal>
    </>
  );
}
