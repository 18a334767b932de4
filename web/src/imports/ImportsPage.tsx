import { useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useAuth, useCan } from '../auth/AuthContext';
import { ImportForm } from './ImportForm';
import { ImportStatus } from './ImportStatus';
import { RecentImports } from './RecentImports';
import { importsApi } from './api';
import type { ImportFormat } from './types';

export default function ImportsPage() {
  const { t } = useTranslation('imports');
  const slug = useParams().slug!;
  const { me } = useAuth();
  const canImport = useCan(slug, 'operator');
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploadPercent, setUploadPercent] = useState<number | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);

  const submit = async (format: ImportFormat, file: File) => {
    setJobId(null);
    setUploadError(null);
    setUploadPercent(0);
    try {
      const { id } = await importsApi.upload(slug, format, file, me?.csrfToken ?? null, (loaded, total) =>
        setUploadPercent(Math.round((loaded / total) * 100)),
      );
      setJobId(id);
      void client.invalidateQueries({ queryKey: ['imports', slug] });
    } catch (error) {
      setUploadError((error as Error).message);
    } finally {
      setUploadPercent(null);
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('intro')}</Typography.Text>
      </div>
      <Card>
        {canImport ? (
          <ImportForm
            busy={uploadPercent !== null}
            uploadPercent={uploadPercent}
            onSubmit={(format, file) => void submit(format, file)}
          />
        ) : (
          <Alert type="info" title={t('readOnly')} />
        )}
      </Card>
      {uploadError && (
        <Alert type="error" showIcon title={t('uploadFailed', { message: uploadError })} data-testid="import-error" />
      )}
      {jobId && <ImportStatus key={jobId} slug={slug} id={jobId} />}
      <RecentImports slug={slug} />
    </Space>
  );
}
