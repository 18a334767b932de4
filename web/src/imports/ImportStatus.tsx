import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Col, Progress, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { importsApi, type ImportJob, type ImportState } from './api';

export const STATE_COLORS: Record<ImportState, string> = {
  uploading: 'processing',
  importing: 'processing',
  done: 'success',
  failed: 'error',
};
const finished = (job?: ImportJob) => job?.state === 'done' || job?.state === 'failed';

/** An importer error in the console's language, by its code; the server's own words stay as the detail. */
export function importErrorText(t: TFunction, error: { code: string; message: string } | undefined | null): string {
  if (!error) return '';
  const errors = t('errors', { returnObjects: true }) as Record<string, string>;
  return Object.hasOwn(errors, error.code) ? errors[error.code] : errors.other;
}

/** Follows one import job, polling every second until it is done or failed. */
export function ImportStatus({ slug, id }: { slug: string; id: string }) {
  const { t } = useTranslation('imports');
  const { t: tc } = useTranslation();
  const client = useQueryClient();
  const job = useQuery({
    queryKey: ['import', slug, id],
    queryFn: () => importsApi.get(slug, id),
    refetchInterval: (q) => (finished(q.state.data) ? false : 1000),
    staleTime: 0,
  });
  const data = job.data;
  const isFinished = finished(data);
  useEffect(() => {
    // New events change every other screen's figures.
    if (isFinished) void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'import' });
  }, [isFinished, client]);

  if (job.error)
    return (
      <Alert
        type="error"
        title={tc('error', {
          message: importErrorText(t, job.error instanceof ApiError ? job.error : { code: 'other', message: '' }),
        })}
        description={t('detail', { message: job.error.message })}
      />
    );
  if (!data) return null;
  const { bytes, totalBytes, events } = data.progress;
  const percent = totalBytes ? Math.min(100, Math.round((bytes / totalBytes) * 100)) : undefined;

  return (
    <Card size="small" data-testid="import-status" data-state={data.state}>
      <Space wrap>
        <Typography.Text strong>{data.fileName}</Typography.Text>
        <Tag color={STATE_COLORS[data.state]} data-testid="import-state">
          {t(`states.${data.state}`)}
        </Tag>
        {events > 0 && <Typography.Text type="secondary">{t('eventsRead', { count: events })}</Typography.Text>}
      </Space>
      {!isFinished && percent !== undefined && <Progress percent={percent} size="small" status="active" />}
      {data.state === 'done' && data.result && (
        <Row gutter={16} style={{ marginTop: 12 }} data-testid="import-result">
          {(['read', 'inserted', 'duplicates', 'groups'] as const).map((key) => (
            <Col key={key} xs={12} md={6} data-testid={`import-result-${key}`}>
              <Statistic title={t(`result.${key}`)} value={data.result![key] ?? 0} />
            </Col>
          ))}
        </Row>
      )}
      {data.state === 'done' && data.result?.encoding && (
        <Alert
          style={{ marginTop: 12 }}
          type="info"
          showIcon
          title={t('readAsEncoding', { encoding: data.result.encoding.toUpperCase() })}
          data-testid="import-encoding"
        />
      )}
      {data.state === 'failed' && (
        <Alert
          style={{ marginTop: 12 }}
          type="error"
          showIcon
          title={t('failed', { fileName: data.fileName })}
          description={
            <>
              <div>{importErrorText(t, data.error)}</div>
              <Typography.Text type="secondary">{t('detail', { message: data.error?.message ?? '' })}</Typography.Text>
            </>
          }
          data-testid="import-error"
        />
      )}
    </Card>
  );
}
