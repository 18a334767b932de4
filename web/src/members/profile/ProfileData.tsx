import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Collapse, Descriptions, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { membersApi, type MemberProfile } from '../api';
import { profileKey } from './shared';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One section of the export, readable: a list of rows as a table, an object as label/value pairs. */
function Section({ value }: { value: Json }) {
  const { t } = useTranslation('members');
  if (Array.isArray(value)) {
    if (value.length === 0) return <Typography.Text type="secondary">{t('data.empty')}</Typography.Text>;
    const rows = value.map((v, i) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, key: i } : { value: v, key: i },
    );
    const columns = [...new Set(rows.flatMap((r) => Object.keys(r)).filter((k) => k !== 'key'))].map((k) => ({
      title: k,
      dataIndex: k,
      key: k,
      render: (cell: Json) => (cell !== null && typeof cell === 'object' ? JSON.stringify(cell) : String(cell ?? '—')),
    }));
    return (
      <Table
        size="small"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={columns}
        dataSource={rows}
      />
    );
  }
  if (value !== null && typeof value === 'object')
    return (
      <Space orientation="vertical" style={{ width: '100%' }}>
        {Object.entries(value).map(([k, v]) =>
          Array.isArray(v) || (v !== null && typeof v === 'object') ? (
            <div key={k}>
              <Typography.Text strong>{k}</Typography.Text>
              <Section value={v} />
            </div>
          ) : (
            <Descriptions key={k} size="small" column={1} items={[{ key: k, label: k, children: String(v ?? '—') }]} />
          ),
        )}
      </Space>
    );
  return <Typography.Text>{String(value ?? '—')}</Typography.Text>;
}

const count = (v: Json) => (Array.isArray(v) ? v.length : null);

/**
 * The member's data (docs/member-data.md), for admins: download or read everything Shequn holds
 * about them, and anonymise or delete them on request, each confirmed by typing the member id.
 */
export function ProfileData({ slug, member }: { slug: string; member: MemberProfile }) {
  const { t } = useTranslation('members');
  const [viewing, setViewing] = useState(false);
  const [erasing, setErasing] = useState<'anonymise' | 'delete' | null>(null);
  const data = useQuery({
    queryKey: ['member-data', slug, member.id],
    queryFn: () => membersApi.exportData(slug, member.id),
    enabled: viewing,
  });
  const sections = Object.entries((data.data ?? {}) as Record<string, Json>);
  return (
    <Card size="small" title={t('data.title')} data-testid="profile-data">
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('data.hint')}</Typography.Text>
        <Space wrap>
          <Button
            href={`/api/communities/${slug}/members/${member.id}/export`}
            download
            data-testid="profile-data-download"
          >
            {t('data.download')}
          </Button>
          <Button onClick={() => setViewing(true)} data-testid="profile-data-view">
            {t('data.view')}
          </Button>
          {member.mergedInto === null && (
            <>
              <Button danger onClick={() => setErasing('anonymise')} data-testid="profile-data-anonymise">
                {t('data.anonymise')}
              </Button>
              <Button danger type="primary" onClick={() => setErasing('delete')} data-testid="profile-data-delete">
                {t('data.delete')}
              </Button>
            </>
          )}
        </Space>
      </Space>
      <Modal
        open={viewing}
        width="90%"
        title={t('data.viewTitle', { name: member.name })}
        footer={null}
        onCancel={() => setViewing(false)}
        destroyOnHidden
      >
        <Collapse
          data-testid="profile-data-sections"
          items={sections.map(([key, value]) => {
            const n = count(value);
            return { key, label: n === null ? key : `${key} (${n})`, children: <Section value={value} /> };
          })}
        />
      </Modal>
      {erasing && <EraseModal slug={slug} member={member} action={erasing} onClose={() => setErasing(null)} />}
    </Card>
  );
}

function EraseModal({
  slug,
  member,
  action,
  onClose,
}: {
  slug: string;
  member: MemberProfile;
  action: 'anonymise' | 'delete';
  onClose(): void;
}) {
  const { t } = useTranslation('members');
  const { message } = App.useApp();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ confirm: string; alsoRemove?: string[] }>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ alsoRemove }: { alsoRemove?: string[] }) => {
    setBusy(true);
    try {
      const result =
        action === 'anonymise'
          ? await membersApi.anonymise(slug, member.id, alsoRemove ?? [])
          : await membersApi.erase(slug, member.id);
      const rows = Object.values(result.counts).reduce((a, b) => a + b, 0);
      void message.success(t('data.done', { rows, files: result.filesRemoved }));
      void client.invalidateQueries({ queryKey: ['members', slug] });
      if (action === 'delete') navigate(`/c/${slug}/members`);
      else
        for (const queryKey of [
          profileKey(slug, member.id),
          ['timeline', slug, member.id],
          ['member-data', slug, member.id],
        ])
          void client.invalidateQueries({ queryKey });
      onClose();
    } catch (error) {
      void message.error((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const id = String(member.id);
  return (
    <Modal
      open
      title={t(action === 'anonymise' ? 'data.anonymiseTitle' : 'data.deleteTitle', { name: member.name })}
      okText={t(action === 'anonymise' ? 'data.anonymise' : 'data.delete')}
      okButtonProps={{ danger: true, loading: busy, 'data-testid': 'profile-data-erase-submit' }}
      cancelText={t('profile.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Typography.Paragraph>
        {t(action === 'anonymise' ? 'data.anonymiseBody' : 'data.deleteBody')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit}>
        {action === 'anonymise' && (
          <Form.Item name="alsoRemove" label={t('data.alsoRemove')}>
            <Select mode="tags" open={false} tokenSeparators={[',']} />
          </Form.Item>
        )}
        <Form.Item
          name="confirm"
          label={t('data.confirmLabel', { id })}
          rules={[
            {
              validator: async (_, v) =>
                v?.trim() === id ? undefined : Promise.reject(new Error(t('data.confirmMismatch', { id }))),
            },
          ]}
        >
          <Input autoComplete="off" data-testid="profile-data-erase-confirm" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
