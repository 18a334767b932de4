import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Flex, Progress, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { healthColour } from '../ui/health';
import { PhaseTag, PHASES } from '../ui/PhaseTag';
import { QueryState } from '../ui/QueryState';
import { groupKeys, groupsApi, type GroupSummary } from './api';
import { DateRangeBar, useDateRange } from '../ui/DateRange';
import { useCan } from '../auth/AuthContext';
import { NewGroupButton } from '../create/NewGroupButton';

const byText = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');

/** Every group with its size, capacity, phase, DAU/WAU and last activity; a row opens the group. */
export default function GroupsPage() {
  const { t } = useTranslation('groups');
  const { slug = '' } = useParams();
  const navigate = useNavigate();
  const [range] = useDateRange();
  const canCreate = useCan(slug, 'operator');
  const groups = useQuery({
    queryKey: groupKeys.listIn(slug, range),
    queryFn: () => groupsApi.list(slug, range),
    placeholderData: keepPreviousData,
  });
  if (!groups.data || groups.error)
    return (
      <Flex vertical gap={16}>
        <DateRangeBar slug={slug} />
        <QueryState error={groups.error} refetch={groups.refetch} />
      </Flex>
    );
  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('count', { count: groups.data.length })}</Typography.Text>
      </div>
      <DateRangeBar slug={slug} />
      {canCreate && (
        <div>
          <NewGroupButton slug={slug} />
        </div>
      )}
      <Table<GroupSummary>
        data-testid="groups-table"
        rowKey="id"
        dataSource={groups.data}
        pagination={groups.data.length > 50 ? { pageSize: 50 } : false}
        scroll={{ x: 1100 }}
        onRow={(g) => ({ onClick: () => navigate(`/c/${slug}/groups/${g.id}`), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('name'),
            dataIndex: 'name',
            sorter: (a, b) => byText(a.name, b.name),
            render: (_, g) => (
              <Link to={`/c/${slug}/groups/${g.id}`} data-testid="group-link" onClick={(e) => e.stopPropagation()}>
                {g.name}
              </Link>
            ),
          },
          { title: t('size'), dataIndex: 'size', sorter: (a, b) => a.size - b.size, align: 'right' },
          {
            title: t('capacity'),
            dataIndex: 'capacity',
            align: 'right',
            sorter: (a, b) => a.capacity - b.capacity,
          },
          {
            title: t('phase'),
            dataIndex: 'phase',
            sorter: (a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase),
            render: (_, g) => <PhaseTag phase={g.phase} />,
          },
          {
            title: t('health'),
            dataIndex: 'health',
            width: 160,
            defaultSortOrder: 'ascend',
            sorter: (a, b) => a.health - b.health,
            render: (_, g) => (
              <Progress
                percent={Math.round(g.health)}
                size="small"
                strokeColor={healthColour(g.health)}
                format={(p) => `${p}`}
              />
            ),
          },
          {
            title: t('rangeMessages'),
            key: 'rangeMessages',
            align: 'right',
            sorter: (a, b) => (a.inRange?.messages ?? 0) - (b.inRange?.messages ?? 0),
            render: (_, g) => g.inRange?.messages ?? 0,
          },
          {
            title: t('rangeActive'),
            key: 'rangeActive',
            align: 'right',
            sorter: (a, b) => (a.inRange?.activeMembers ?? 0) - (b.inRange?.activeMembers ?? 0),
            render: (_, g) => g.inRange?.activeMembers ?? 0,
          },
          { title: t('dau'), dataIndex: 'dau', align: 'right', sorter: (a, b) => a.dau - b.dau },
          { title: t('wau'), dataIndex: 'wau', align: 'right', sorter: (a, b) => a.wau - b.wau },
          {
            title: t('lastActive'),
            dataIndex: 'lastActiveDay',
            sorter: (a, b) => byText(a.lastActiveDay, b.lastActiveDay),
            render: (_, g) => g.lastActiveDay ?? <Typography.Text type="secondary">{t('never')}</Typography.Text>,
          },
        ]}
      />
    </Flex>
  );
}
