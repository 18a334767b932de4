import type { EChartsOption } from 'echarts';
import type { TFunction } from 'i18next';
import { duration, escapeHtml } from '../format';
import { PHASE_HEX, PHASES } from '../PhaseTag';
import type { Schema } from '../../api/client';

/** One day of activity: the report's days say `date`, a group's `day`. */
type DailyPoint = Schema<'ReportDay'> | Schema<'GroupDay'>;
const dayOf = (point: DailyPoint) => ('date' in point ? point.date : point.day);

const TIER_HEX = { active: '#1677ff', observer: '#69b1ff', lurker: '#bfbfbf' };

/** Messages (bars) and active members (line) per day. */
export function dailyOption(t: TFunction, daily: DailyPoint[]): EChartsOption {
  const messages = t('overview:charts.messages');
  const active = t('overview:charts.activeMembers');
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [messages, active], top: 0 },
    grid: { left: 48, right: 48, top: 36, bottom: 32 },
    xAxis: { type: 'category', data: daily.map(dayOf), axisLabel: { formatter: (v: string) => v.slice(5) } },
    yAxis: [
      { type: 'value', name: messages, minInterval: 1 },
      { type: 'value', name: active, minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: messages,
        type: 'line',
        smooth: 0.2,
        smoothMonotone: 'x',
        areaStyle: { opacity: 0.15 },
        showSymbol: false,
        data: daily.map((d) => d.messages),
      },
      {
        name: active,
        type: 'line',
        smooth: 0.2,
        smoothMonotone: 'x',
        yAxisIndex: 1,
        showSymbol: false,
        data: daily.map((d) => d.activeMembers),
      },
    ],
  };
}

export function tiersOption(t: TFunction, tiers: { active: number; observer: number; lurker: number }): EChartsOption {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        label: {
          overflow: 'none',
          formatter: (p: unknown) => {
            const { value, percent } = p as { value: number; percent: number };
            return `${value} (${Math.round(percent)}%)`;
          },
        },
        data: (['active', 'observer', 'lurker'] as const).map((tier) => ({
          name: t(`common:tiers.${tier}`),
          value: tiers[tier],
          itemStyle: { color: TIER_HEX[tier] },
        })),
      },
    ],
  };
}

/** Cohort × week 1..4 with the retained share in each cell (blank where the window has not elapsed). */
export function retentionOption(t: TFunction, rows: Schema<'RetentionCohort'>[]): EChartsOption {
  const weeks = [1, 2, 3, 4] as const;
  const data: Array<[number, number, number | string]> = [];
  rows.forEach((row, y) => {
    weeks.forEach((n, x) => {
      const rate = row[`week${n}`];
      data.push([x, y, rate === null ? '-' : Math.round(rate * 1000) / 10]);
    });
  });
  return {
    tooltip: {
      formatter: (p: unknown) => {
        const { value } = p as { value: [number, number, number | string] };
        const row = rows[value[1]];
        return `${escapeHtml(t('overview:charts.cohortSize', { cohort: row?.cohort, size: row?.size }))}<br/>${t('overview:charts.week', { n: value[0] + 1 })}: ${value[2] === '-' ? '—' : `${value[2]}%`}`;
      },
    },
    grid: { left: 80, right: 72, top: 8, bottom: 32 },
    xAxis: { type: 'category', data: weeks.map((n) => t('overview:charts.week', { n })), splitArea: { show: true } },
    yAxis: { type: 'category', data: rows.map((r) => r.cohort), inverse: true, splitArea: { show: true } },
    visualMap: {
      min: 0,
      max: 100,
      calculable: true,
      orient: 'vertical',
      right: 0,
      top: 'middle',
      itemHeight: 120,
      formatter: '{value}%',
    },
    series: [
      {
        type: 'heatmap',
        data,
        label: {
          show: true,
          formatter: (p: unknown) => {
            const v = (p as { value: unknown[] }).value[2];
            return v === '-' ? '' : `${v}%`;
          },
        },
      },
    ],
  };
}

/** Answered questions by time to answer; the last bucket (upToSeconds null) is "longer". */
export function responseOption(t: TFunction, response: Schema<'ResponseTime'>): EChartsOption {
  const buckets = response.distribution;
  const labels = buckets.map((b) =>
    b.upToSeconds === null
      ? t('overview:charts.longer')
      : t('overview:charts.upTo', { value: duration(t, b.upToSeconds) }),
  );
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('overview:charts.answered'),
        data: buckets.map((b) => b.count),
        itemStyle: { color: '#722ed1' },
      },
    ],
  };
}

/** How many groups are in each phase. */
export function phasesOption(t: TFunction, phases: Schema<'Phase'>[]): EChartsOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 32 },
    xAxis: { type: 'category', data: PHASES.map((p) => t(`common:phases.${p}`)), axisLabel: { interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        type: 'bar',
        name: t('overview:charts.groups'),
        data: PHASES.map((p) => ({ value: phases.filter((x) => x === p).length, itemStyle: { color: PHASE_HEX[p] } })),
      },
    ],
  };
}
