import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Col, Empty, Flex, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { Chart } from '../ui/charts';
import { dailyOption, phasesOption, responseOption, retentionOption, tiersOption } from '../ui/charts/chartOptions';
import { GroupHealthTable } from './GroupHealthTable';
import { KpiCards } from './KpiCards';
import { Panel } from '../ui/Panel';
import { QueryState } from '../ui/QueryState';
import { SilenceAlerts } from './SilenceAlerts';
import { overviewApi } from './api';
import { DateRangeBar, useDateRange } from '../ui/DateRange';

/** The morning view: headline figures, the report's charts, each group's phase and health, silence alerts. */
export default function OverviewPage() {
  const { t } = useTranslation('overview');
  const { slug = '' } = useParams();
  const [range] = useDateRange();
  const overview = useQuery({
    queryKey: ['overview', slug, range.from, range.to],
    queryFn: () => overviewApi.get(slug, range),
    placeholderData: keepPreviousData,
  });
  // The range bar stays when a range fails (a 400 says why), so that another can be picked.
  if (!overview.data || overview.error)
    return (
      <Flex vertical gap={16}>
        <DateRangeBar slug={slug} />
        <QueryState error={overview.error} refetch={overview.refetch} />
      </Flex>
    );
  const { report, groups, alerts, asOf } = overview.data;
  const hasDistribution = report.responseTime.distribution.length > 0;
  return (
    <Flex vertical gap={16} data-testid="overview-page">
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')} · {overview.data.community.name}
        </Typography.Title>
        <Typography.Text type="secondary" data-testid="overview-range">
          {t('range', { from: report.range.from, to: report.range.to, asOf })}
        </Typography.Text>
      </div>
      <DateRangeBar slug={slug} download />
      <KpiCards report={report} />
      <Panel title={t('alerts.title')}>
        <SilenceAlerts slug={slug} alerts={alerts} />
      </Panel>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Panel title={t('charts.daily')}>
            <Chart testId="chart-daily" option={dailyOption(t, report.daily)} height={300} />
          </Panel>
        </Col>
        <Col xs={24} xl={8}>
          <Panel title={t('charts.tiers')}>
            <Chart testId="chart-tiers" option={tiersOption(t, report.tiers)} height={300} />
          </Panel>
        </Col>
        <Col xs={24} xl={12}>
          <Panel title={t('charts.retention')}>
            {report.retention.length ? (
              <Chart
                testId="chart-retention"
                option={retentionOption(t, report.retention)}
                height={Math.max(240, 80 + report.retention.length * 32)}
              />
            ) : (
              <Empty data-testid="chart-retention" description={t('common:empty')} />
            )}
          </Panel>
        </Col>
        <Col xs={24} xl={12}>
          <Panel title={t('charts.response')}>
            {hasDistribution ? (
              <Chart testId="chart-response" option={responseOption(t, report.responseTime)} height={280} />
            ) : (
              <Empty data-testid="chart-response" description={t('common:empty')} />
            )}
          </Panel>
        </Col>
        <Col xs={24} xl={8}>
          <Panel title={t('charts.phases')}>
            <Chart
              testId="chart-phases"
              option={phasesOption(
                t,
                groups.map((g) => g.phase),
              )}
              height={260}
            />
          </Panel>
        </Col>
        <Col xs={24} xl={16}>
          <Panel title={t('groups.title')}>
            <GroupHealthTable slug={slug} groups={groups} />
          </Panel>
        </Col>
      </Row>
    </Flex>
  );
}
