import type { EChartsOption } from 'echarts';
import type { TFunction } from 'i18next';
import type { Dashboard } from './api';

const percent = (rate: number) => Math.round(rate * 1000) / 10;

/** Members checked in (bars) and the check-in rate (line, right axis) for each camp day so far. */
export function rateByDayOption(t: TFunction, days: Dashboard['rateByDay']): EChartsOption {
  const checked = t('camps:dashboard.checkedIn');
  const rate = t('camps:dashboard.rate');
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [checked, rate], top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: days.map((d) => d.date), axisLabel: { formatter: (v: string) => v.slice(5) } },
    yAxis: [
      { type: 'value', name: checked, minInterval: 1 },
      { type: 'value', name: rate, min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
    ],
    series: [
      { name: checked, type: 'bar', data: days.map((d) => d.checkedIn), itemStyle: { color: '#91caff' } },
      {
        name: rate,
        type: 'line',
        yAxisIndex: 1,
        data: days.map((d) => percent(d.rate)),
        itemStyle: { color: '#1677ff' },
        tooltip: { valueFormatter: (v) => `${v}%` },
      },
    ],
  };
}

/** How many members have a current streak in each bucket. */
export function streakOption(t: TFunction, buckets: Dashboard['streakDistribution']): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 32 },
    xAxis: {
      type: 'category',
      data: buckets.map((b) => t('camps:dashboard.streakBucket', { bucket: b.bucket })),
      axisLabel: { interval: 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('camps:dashboard.members'),
        data: buckets.map((b) => b.members),
        itemStyle: { color: '#52c41a' },
      },
    ],
  };
}

export { percent };
