import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { QueryState } from '../ui/QueryState';
import { type AuditEntry, teamApi, teamKeys } from './api';
import './locales';

/** The community's audit log, newest first, a page at a time (owners and admins). */
export default function AuditPage() {
  const { t, i18n } = useTranslation('team');
  const { slug = '' } = useParams();
  const log = useInfiniteQuery({
    queryKey: teamKeys.audit(slug),
    queryFn: ({ pageParam }) => teamApi.audit(slug, pageParam),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (page) => page.nextBefore ?? undefined,
  });
  if (!log.data) return <QueryState error={log.error} refetch={log.refetch} />;
  const entries = log.data.pages.flatMap((p) => p.entries);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('audit.intro')}</Typography.Paragraph>
      <Table<AuditEntry>
        rowKey="id"
        dataSource={entries}
        pagination={false}
        scroll={{ x: true }}
        locale={{ emptyText: t('audit.empty') }}
        data-testid="audit-log"
        columns={[
          {
            title: t('audit.when'),
            dataIndex: 'at',
            render: (ms: number) => new Date(ms).toLocaleString(i18n.language),
          },
          { title: t('audit.who'), dataIndex: 'actorEmail', render: (v: string | null) => v ?? t('audit.cli') },
          { title: t('audit.action'), dataIndex: 'action', render: (a: string) => t(`audit.actions.${a}`, a) },
          { title: t('audit.target'), dataIndex: 'target', render: (v: string | null) => v ?? '—' },
          {
            title: t('audit.detail'),
            dataIndex: 'detail',
            render: (d: AuditEntry['detail']) =>
              d
                ? Object.entries(d)
                    .map(
                      ([k, v]) =>
                        `${k}: ${k === 'role' || k === 'from' || k === 'to' ? t(`roles.${String(v)}`, String(v)) : String(v)}`,
                    )
                    .join(', ')
                : '—',
          },
          { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? '—' },
        ]}
      />
      {log.hasNextPage && (
        <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>
          {t('audit.more')}
        </Button>
      )}
    </Space>
  );
}
