import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Col, Descriptions, Flex, Progress, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useCan } from '../auth/AuthContext';
import { Chart } from '../ui/charts';
import { dailyOption } from '../ui/charts/chartOptions';
import { healthColour } from '../ui/health';
import { Panel } from '../ui/Panel';
import { PhaseTag } from '../ui/PhaseTag';
import { QueryState } from '../ui/QueryState';
import { groupKeys, groupsApi, type GroupDay } from './api';
import { CapacityEditor } from './CapacityEditor';
import { DateRangeBar, useDateRange } from '../ui/DateRange';
import { StaffList } from './StaffList';

/** The days from the group's first activity on (a young group's chart need not start with weeks of nothing). */
function sinceFirstActivity(daily: GroupDay[]): GroupDay[] {
  const first = daily.findIndex((d) => d.messages > 0 || d.checkIns > 0 || d.activeMembers > 0);
  return first <= 0 ? daily : daily.slice(Math.min(first, Math.max(daily.length - 7, 0)));
}

/** One group: its figures, daily chart, staff, and (for operators) its capacity. */
export default function GroupPage() {
  const { t } = useTranslation('groups');
  const { slug = '' } = useParams();
  const groupId = Number(useParams().groupId);
  const canEdit = useCan(slug, 'operator');
  const [range] = useDateRange();
  const detail = useQuery({
    queryKey: groupKeys.group(slug, groupId, range),
    queryFn: () => groupsApi.get(slug, groupId, range),
    placeholderData: keepPreviousData,
  });
  if (!detail.data || detail.error)
    return (
      <Flex vertical gap={16}>
        <DateRangeBar slug={slug} />
        <QueryState error={detail.error} refetch={detail.refetch} />
      </Flex>
    );
  const { group, daily, staff } = detail.data;
  const fill = Math.round((group.size / group.capacity) * 100);
  return (
    <Flex vertical gap={16} data-testid="group-page">
      <Breadcrumb items={[{ title: <Link to={`/c/${slug}/groups`}>{t('back')}</Link> }, { title: group.name }]} />
      <Flex align="center" gap={12} wrap>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="group-name">
          {group.name}
        </Typography.Title>
        <PhaseTag phase={group.phase} />
      </Flex>
      <DateRangeBar slug={slug} />
      {group.silent && <Alert type="error" showIcon title={t('silentNote')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Panel title={t('figures')}>
            <Descriptions
              column={1}
              size="small"
              items={[
                {
                  key: 'health',
                  label: t('health'),
                  children: (
                    <Progress
                      percent={Math.round(group.health)}
                      size="small"
                      strokeColor={healthColour(group.health)}
                      format={(p) => `${p}`}
                    />
                  ),
                },
                { key: 'size', label: t('size'), children: group.size },
                {
                  key: 'capacity',
                  label: t('capacity'),
                  children: (
                    <Flex vertical gap={6} align="start" style={{ width: '100%' }}>
                      <span data-testid="group-capacity">{group.capacity}</span>
                      <Progress
                        percent={Math.min(fill, 100)}
                        size="small"
                        style={{ width: '100%' }}
                        format={() => t('fill', { size: group.size, capacity: group.capacity })}
                      />
                      {canEdit && <CapacityEditor key={String(group.capacity)} slug={slug} group={group} />}
                    </Flex>
                  ),
                },
                { key: 'dau', label: `${t('dau')} / ${t('wau')}`, children: `${group.dau} / ${group.wau}` },
                { key: 'm7', label: t('m7'), children: group.m7 },
                { key: 'peak', label: t('peak'), children: group.peak },
                { key: 'last', label: t('lastActive'), children: group.lastActiveDay ?? t('never') },
                {
                  key: 'platform',
                  label: t('platform'),
                  children: t(`members:platforms.${group.platform}`, { defaultValue: group.platform }),
                },
              ]}
            />
          </Panel>
        </Col>
        <Col xs={24} lg={14}>
          <Panel title={t('daily')}>
            <Chart testId="chart-group-daily" option={dailyOption(t, sinceFirstActivity(daily))} height={300} />
          </Panel>
        </Col>
        <Col xs={24}>
          <Panel title={t('staff')}>
            <StaffList slug={slug} staff={staff} />
          </Panel>
        </Col>
      </Row>
    </Flex>
  );
}
