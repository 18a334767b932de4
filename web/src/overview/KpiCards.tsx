import { Card, Col, Progress, Row, Statistic, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { count, duration, percent } from '../ui/format';
import type { Report } from './api';

function Kpi({ id, title, value, extra }: { id: string; title: string; value: string; extra?: ReactNode }) {
  return (
    <Col xs={12} sm={8} lg={6} xl={4}>
      <Card size="small" data-testid={`kpi-${id}`} style={{ height: '100%' }}>
        <Statistic title={title} value={value} />
        {extra}
      </Card>
    </Col>
  );
}

/** The report's headline figures over its range. */
export function KpiCards({ report }: { report: Report }) {
  const { t, i18n } = useTranslation('overview');
  const { totals, tiers, responseTime, concentration } = report;
  const tierTotal = tiers.active + tiers.observer + tiers.lurker || 1;
  return (
    <Row gutter={[12, 12]} data-testid="overview-kpis">
      <Kpi id="members" title={t('kpi.members')} value={count(totals.members, i18n.language)} />
      <Kpi id="messages" title={t('kpi.messages')} value={count(totals.messages, i18n.language)} />
      <Kpi id="authors" title={t('kpi.authors')} value={count(totals.authors, i18n.language)} />
      <Kpi id="checkins" title={t('kpi.checkIns')} value={count(totals.checkIns, i18n.language)} />
      <Kpi
        id="tiers"
        title={t('kpi.tiers')}
        value={`${tiers.active} / ${tiers.observer} / ${tiers.lurker}`}
        extra={
          <Tooltip
            title={`${t('common:tiers.active')} ${tiers.active} · ${t('common:tiers.observer')} ${tiers.observer} · ${t('common:tiers.lurker')} ${tiers.lurker}`}
          >
            <Progress
              size="small"
              showInfo={false}
              percent={Math.round(((tiers.active + tiers.observer) / tierTotal) * 100)}
              success={{ percent: Math.round((tiers.active / tierTotal) * 100) }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('common:tiers.active')} / {t('common:tiers.observer')} / {t('common:tiers.lurker')}
            </Typography.Text>
          </Tooltip>
        }
      />
      <Kpi id="top20" title={t('kpi.top20')} value={percent(concentration.top20Share)} />
      <Kpi
        id="median"
        title={t('kpi.median')}
        value={duration(t, responseTime.medianSeconds)}
        extra={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('kpi.questions', { answered: responseTime.answered, questions: responseTime.questions })}
          </Typography.Text>
        }
      />
      <Kpi id="p90" title={t('kpi.p90')} value={duration(t, responseTime.p90Seconds)} />
      <Kpi id="sla" title={t('kpi.withinSla')} value={percent(responseTime.withinSla)} />
    </Row>
  );
}
