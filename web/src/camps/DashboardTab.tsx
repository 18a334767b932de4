import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, List, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Chart } from '../ui/charts';
import { QueryState } from '../ui/QueryState';
import { campApi, campKeys, type Dashboard } from './api';
import { percent, rateByDayOption, streakOption } from './dashboardCharts';
import type { CampTabProps } from './types';

/** The day's figures, the rate per day and per group, streak buckets and who is about to break their streak. */
export function DashboardTab({ slug, campId, date, lengthDays }: CampTabProps) {
  const { t } = useTranslation('camps');
  const dashboard = useQuery({
    queryKey: [...campKeys.camp(slug, campId), 'dashboard', date ?? 'today'],
    queryFn: () => campApi.dashboard(slug, campId, date),
  });
  if (!dashboard.data) return <QueryState error={dashboard.error} refetch={dashboard.refetch} />;
  const d = dashboard.data;
  const rate = d.enrolled === 0 ? 0 : d.checkedIn / d.enrolled;
  return (
    <Row gutter={[16, 16]} data-testid="camp-dashboard" data-date={d.date}>
      <Col xs={12} lg={6}>
        <Card size="small">
          <div data-testid="dashboard-enrolled">
            <Statistic title={t('dashboard.enrolled')} value={d.enrolled} />
          </div>
        </Card>
      </Col>
      <Col xs={12} lg={6}>
        <Card size="small">
          <div data-testid="dashboard-checked-in">
            <Statistic title={t('dashboard.checkedIn')} value={d.checkedIn} />
          </div>
        </Card>
      </Col>
      <Col xs={12} lg={6}>
        <Card size="small">
          <div data-testid="dashboard-rate">
            <Statistic title={t('dashboard.rate')} value={percent(rate)} suffix="%" />
          </div>
        </Card>
      </Col>
      <Col xs={12} lg={6}>
        <Card size="small">
          <div data-testid="dashboard-open-flags">
            <Statistic title={t('dashboard.openFlags')} value={d.openFlags} />
          </div>
        </Card>
      </Col>
      <Col span={24}>
        <Typography.Text type="secondary" data-testid="dashboard-day">
          {d.date} ·{' '}
          {d.dayOfCamp === null
            ? t('dashboard.notRunning')
            : t('dashboard.dayOfCamp', { day: d.dayOfCamp, length: lengthDays })}
        </Typography.Text>
      </Col>
      <Col xs={24} xl={14}>
        <Card size="small" title={t('dashboard.rateByDay')}>
          {d.rateByDay.length ? (
            <Chart option={rateByDayOption(t, d.rateByDay)} height={280} testId="chart-rate-by-day" />
          ) : (
            <Empty />
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('dashboard.streaks')}>
          <Chart option={streakOption(t, d.streakDistribution)} height={280} testId="chart-streaks" />
        </Card>
      </Col>
      <Col xs={24} xl={14}>
        <GroupRates rows={d.rateByGroup} />
      </Col>
      <Col xs={24} xl={10}>
        <AtRisk rows={d.atRisk} />
      </Col>
    </Row>
  );
}

function GroupRates({ rows }: { rows: Dashboard['rateByGroup'] }) {
  const { t } = useTranslation('camps');
  return (
    <Card size="small" title={t('dashboard.rateByGroup')}>
      <Table
        size="small"
        rowKey="groupId"
        dataSource={rows}
        pagination={false}
        data-testid="dashboard-groups"
        columns={[
          { title: t('dashboard.group'), dataIndex: 'name' },
          { title: t('dashboard.enrolled'), dataIndex: 'enrolled', align: 'right' },
          { title: t('dashboard.checkedIn'), dataIndex: 'checkedIn', align: 'right' },
          {
            title: t('dashboard.rate'),
            key: 'rate',
            width: 160,
            render: (_, g) => <Progress percent={percent(g.rate)} size="small" />,
          },
        ]}
      />
    </Card>
  );
}

function AtRisk({ rows }: { rows: Dashboard['atRisk'] }) {
  const { t } = useTranslation('camps');
  return (
    <Card
      size="small"
      title={t('dashboard.atRisk')}
      extra={<Typography.Text type="secondary">{t('dashboard.atRiskHint')}</Typography.Text>}
    >
      <List
        size="small"
        data-testid="dashboard-at-risk"
        dataSource={rows}
        locale={{ emptyText: t('dashboard.noneAtRisk') }}
        pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
        renderItem={(m) => (
          <List.Item key={m.memberId} extra={<Tag color="orange">{t('dashboard.deadline', { time: m.deadline })}</Tag>}>
            <Typography.Text>{m.displayName}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {t('dashboard.streak', { count: m.currentStreak })}
            </Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
