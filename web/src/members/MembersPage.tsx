import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useCan } from '../auth/AuthContext';
import { BulkTagButton } from './BulkTagButton';
import { AddMemberButton } from '../create/AddMemberButton';
import { UploadMembersButton } from '../create/UploadMembersButton';
import { exportUrl, listQuery, useListState, type SortKey } from './filters';
import { MemberFilters } from './MemberFilters';
import { useTagLabel } from './options';
import { TierTag } from './TierTag';
import { membersApi, type MemberListItem } from './api';

const SORT_COLUMNS: Record<string, SortKey> = {
  name: 'name',
  firstDay: 'joined',
  lastActiveDay: 'lastActive',
  messages: 'messages',
};

export default function MembersPage() {
  const { t } = useTranslation('members');
  const { t: tc } = useTranslation();
  const slug = useParams().slug!;
  const canTag = useCan(slug, 'operator');
  const { state, update, clear } = useListState();
  const [selected, setSelected] = useState<number[]>([]);
  const tagLabel = useTagLabel();

  const list = useQuery({
    queryKey: ['members', slug, listQuery(state)],
    queryFn: () => membersApi.list(slug, listQuery(state)),
    placeholderData: keepPreviousData,
  });

  const sortOrder = (key: SortKey) => (state.sort === key ? (state.order === 'asc' ? 'ascend' : 'descend') : null);
  const columns: ColumnsType<MemberListItem> = [
    {
      title: t('columns.name'),
      dataIndex: 'name',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (name: string, row) => (
        <Space size={4} wrap>
          <Link to={`/c/${slug}/members/${row.id}`} data-testid="member-link">
            {name}
          </Link>
          {row.blacklisted && <Tag color="red">{t('blacklisted')}</Tag>}
        </Space>
      ),
    },
    { title: t('columns.tier'), dataIndex: 'tier', render: (tier: MemberListItem['tier']) => <TierTag tier={tier} /> },
    {
      title: t('columns.tags'),
      dataIndex: 'tags',
      render: (tags: string[]) => tags.map((tag) => <Tag key={tag}>{tagLabel(tag)}</Tag>),
    },
    {
      title: t('columns.roles'),
      dataIndex: 'roles',
      responsive: ['lg'],
      render: (roles: string[]) => roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join(', '),
    },
    {
      title: t('columns.sources'),
      dataIndex: 'sources',
      responsive: ['lg'],
      render: (sources: string[]) => sources.map((s) => t(`platforms.${s}`, { defaultValue: s })).join(', '),
    },
    {
      title: t('columns.joined'),
      dataIndex: 'firstDay',
      sorter: true,
      sortOrder: sortOrder('joined'),
      responsive: ['md'],
    },
    { title: t('columns.lastActive'), dataIndex: 'lastActiveDay', sorter: true, sortOrder: sortOrder('lastActive') },
    {
      title: t('columns.messages'),
      dataIndex: 'messages',
      sorter: true,
      sortOrder: sortOrder('messages'),
      align: 'right',
    },
    { title: t('columns.checkins'), dataIndex: 'checkins', align: 'right', responsive: ['md'] },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Card size="small">
        <MemberFilters slug={slug} filters={state.filters} onChange={update} onClear={clear} />
      </Card>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Typography.Text type="secondary" data-testid="members-total">
            {t('total', { count: list.data?.total ?? 0 })}
          </Typography.Text>
          {canTag && selected.length > 0 && (
            <Typography.Text>{t('selected', { count: selected.length })}</Typography.Text>
          )}
          {canTag && <BulkTagButton slug={slug} memberIds={selected} onDone={() => setSelected([])} />}
          {canTag && <AddMemberButton slug={slug} />}
          {canTag && <UploadMembersButton slug={slug} />}
        </Space>
        <Space wrap>
          <Button href={exportUrl(slug, state, 'csv')} download data-testid="members-export-csv">
            {t('exportCsv')}
          </Button>
          <Button href={exportUrl(slug, state, 'xlsx')} download data-testid="members-export-xlsx">
            {t('exportXlsx')}
          </Button>
        </Space>
      </Space>
      {list.error && <Alert type="error" title={tc('error', { message: list.error.message })} />}
      <Table<MemberListItem>
        data-testid="members-table"
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        rowSelection={
          canTag
            ? {
                selectedRowKeys: selected,
                preserveSelectedRowKeys: true,
                onChange: (keys) => setSelected(keys.map(Number)),
              }
            : undefined
        }
        pagination={{
          current: state.page,
          pageSize: state.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
        }}
        onChange={(pagination, _filters, sorter) => {
          const s = (Array.isArray(sorter) ? sorter[0] : sorter) as SorterResult<MemberListItem> | undefined;
          const sort = s?.order ? SORT_COLUMNS[String(s.field)] : undefined;
          const changes = {
            sort: sort,
            order: s?.order ? (s.order === 'ascend' ? 'asc' : 'desc') : undefined,
            page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
            size: pagination.pageSize && pagination.pageSize !== 20 ? pagination.pageSize : undefined,
          };
          update(changes);
        }}
      />
    </Space>
  );
}
