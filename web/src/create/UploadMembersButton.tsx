import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createApi, type MemberUploadResult } from './api';

type Row = MemberUploadResult['rows'][number];
const STATUS_COLOUR = { new: 'green', existing: 'default', invalid: 'red' } as const;

/**
 * A CSV or XLSX list of members: previewed row by row (what is wrong with each, in the console's
 * language), then confirmed. The same file is sent again to create: nothing waits on the server,
 * and a second confirmation creates no one twice.
 */
export function UploadMembersButton({ slug }: { slug: string }) {
  const { t } = useTranslation('create');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<MemberUploadResult | null>(null);
  const run = useMutation({
    mutationFn: ({ mode, file }: { mode: 'preview' | 'create'; file: File }) => createApi.upload(slug, mode, file),
    onSuccess: (answer, { mode }) => {
      setResult(answer);
      if (mode === 'create') void client.invalidateQueries({ queryKey: ['members', slug] });
    },
  });
  const reset = () => {
    setFile(null);
    setResult(null);
    run.reset();
  };
  const close = () => {
    setOpen(false);
    reset();
  };
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="upload-members">
        {t('upload.button')}
      </Button>
      <Modal open={open} title={t('upload.title')} onCancel={close} footer={null} width={860} destroyOnHidden>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('upload.help')}</Typography.Text>
          {run.error && <Alert type="error" showIcon title={t('failed', { message: run.error.message })} />}
          {!result && (
            <Upload
              accept=".csv,.xlsx,text/csv"
              maxCount={1}
              showUploadList={false}
              beforeUpload={(picked) => {
                setFile(picked);
                run.mutate({ mode: 'preview', file: picked });
                return false;
              }}
            >
              <Button loading={run.isPending} data-testid="upload-members-file">
                {t('upload.pick')}
              </Button>
            </Upload>
          )}
          {result && (
            <>
              <Typography.Text strong data-testid="upload-members-counts">
                {result.created > 0
                  ? t('upload.created', { count: result.created })
                  : t('upload.counts', result.counts)}
              </Typography.Text>
              <Table<Row>
                size="small"
                rowKey="line"
                data-testid="upload-members-rows"
                dataSource={result.rows}
                pagination={result.rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                columns={[
                  { title: t('upload.line'), dataIndex: 'line', width: 60 },
                  { title: t('member.name'), dataIndex: 'name' },
                  { title: t('member.phone'), dataIndex: 'phone', responsive: ['md'] },
                  { title: t('member.group'), dataIndex: 'group', responsive: ['md'] },
                  {
                    title: t('upload.status'),
                    key: 'status',
                    render: (_, r) => <Tag color={STATUS_COLOUR[r.status]}>{t(`upload.${r.status}`)}</Tag>,
                  },
                  {
                    title: t('upload.problems'),
                    key: 'errors',
                    render: (_, r) => r.errors.map((e) => t(`errors.${e.code}`)).join('；'),
                  },
                ]}
              />
              <Space>
                {result.created === 0 && result.counts.new > 0 && file && (
                  <Button
                    type="primary"
                    loading={run.isPending}
                    onClick={() => run.mutate({ mode: 'create', file })}
                    data-testid="upload-members-confirm"
                  >
                    {t('upload.confirm', { count: result.counts.new })}
                  </Button>
                )}
                <Button onClick={reset}>{t('upload.again')}</Button>
              </Space>
            </>
          )}
        </Space>
      </Modal>
    </>
  );
}
