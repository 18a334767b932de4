import { Card, Empty } from 'antd';
import { useTranslation } from 'react-i18next';
import { Chart } from '../../ui/charts';
import type { MemberProfile, MemberTier } from '../api';
import { asTier, TIERS } from '../types';

/** The member's tier over time as a step line. */
export function TierHistory({ history: all }: { history: MemberProfile['tierHistory'] }) {
  // Days before the member was present carry no tier; the chart starts at the first that does.
  const first = all.findIndex((h) => h.tier !== null);
  const history = first < 0 ? [] : all.slice(first);
  const { t } = useTranslation('members');
  const { t: tc } = useTranslation();
  const order: MemberTier[] = [...TIERS].reverse(); // gone, lurker, observer, active: bottom to top
  const label = (tier: MemberTier) => (tier === 'gone' ? t('gone') : tc(`tiers.${tier}`));
  return (
    <Card size="small" title={t('profile.tierHistory')}>
      {history.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile.noTierHistory')} />
      ) : (
        <Chart
          height={180}
          testId="profile-tier-history"
          option={{
            animation: false,
            grid: { left: 70, right: 16, top: 10, bottom: 30 },
            xAxis: { type: 'category', data: history.map((h) => h.day) },
            yAxis: {
              type: 'value',
              min: 0,
              max: order.length - 1,
              interval: 1,
              axisLabel: { formatter: (v: number) => (order[v] ? label(order[v]) : '') },
            },
            tooltip: {
              trigger: 'axis',
              valueFormatter: (v) => (typeof v === 'number' && order[v] ? label(order[v]) : ''),
            },
            series: [
              {
                type: 'line',
                step: 'end',
                symbolSize: 6,
                data: history.map((h) => {
                  const tier = asTier(h.tier);
                  return tier ? order.indexOf(tier) : null;
                }),
              },
            ],
          }}
        />
      )}
    </Card>
  );
}
