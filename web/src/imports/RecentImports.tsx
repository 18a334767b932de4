import { useQuery } from '@tanstack/react-query';
import { Card, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCommunityTime } from '../ui/time';
import { importErrorText, STATE_COLORS } from './ImportStatus';
import { importsApi, type ImportJob } from './api';

/** The community's recent import jobs. */
export function RecentImports({ slug }: { slug: string }) {
  const { t } = useTranslation('imports');
  const { time: formatTime, column } = useCommunityTime(slug);
  const jobs = useQuery({
    queryKey: ['imports', slug],
    queryFn: () => importsApi.list(slug),
  });
  return (
    <Card size="small" title={t('recent')}>
      <Table<ImportJob>
        data-testid="import-recent"
        rowKey="id"
        size="small"
        loading={jobs.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('noRecent') }}
        dataSource={jobs.data ?? []}
        columns={[
          { title: t('columns.fileName'), dataIndex: 'fileName' },
          {
            title: t('columns.format'),
            dataIndex: 'format',
            render: (f: string) => t(`formats.${f}`, { defaultValue: f }),
          },
          {
            title: t('columns.state'),
            dataIndex: 'state',
            render: (s: ImportJob['state']) => <Tag color={STATE_COLORS[s]}>{t(`states.${s}`)}</Tag>,
          },
          { title: column(t('columns.startedAt')), dataIndex: 'startedAt', render: (at: number) => formatTime(at) },
          {
            title: t('columns.result'),
            render: (_: unknown, job) => (job.result ? t('resultShort', job.result) : importErrorText(t, job.error)),
          },
        ]}
      />
    </Card>
  );
}
