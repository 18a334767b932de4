import { Progress, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { healthColour } from '../ui/health';
import { PhaseTag } from '../ui/PhaseTag';
import type { GroupSummary } from '../groups/api';

/** Each group's phase and health at a glance; names link to the group page. */
export function GroupHealthTable({ slug, groups }: { slug: string; groups: GroupSummary[] }) {
  const { t } = useTranslation('overview');
  return (
    <Table<GroupSummary>
      data-testid="overview-groups"
      size="small"
      rowKey="id"
      dataSource={groups}
      pagination={false}
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('groups.name'),
          dataIndex: 'name',
          render: (_, g) => (
            <Link to={`/c/${slug}/groups/${g.id}`} data-testid="overview-group-link">
              {g.name}
            </Link>
          ),
        },
        { title: t('groups.phase'), dataIndex: 'phase', render: (_, g) => <PhaseTag phase={g.phase} /> },
        {
          title: t('groups.health'),
          dataIndex: 'health',
          width: 180,
          render: (_, g) => (
            <Progress
              percent={Math.round(g.health)}
              size="small"
              strokeColor={healthColour(g.health)}
              format={(p) => `${p}`}
            />
          ),
        },
        { title: t('groups.dauWau'), key: 'dauwau', render: (_, g) => `${g.dau} / ${g.wau}` },
        {
          title: t('groups.size'),
          key: 'size',
          render: (_, g) => (
            <span>
              {g.size} / {g.capacity}
            </span>
          ),
        },
      ]}
    />
  );
}
