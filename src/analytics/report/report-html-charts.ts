import type { Phase } from '../../communities/phase.rules.js';
import { bucketLabel, labels, weekLabel, type ReportLang } from './report.messages.js';
import type { Report } from './report.types.js';

/**
 * Canvas and SVG text do not inherit the page's CSS, so the charts name the same font stack;
 * the CJK fallbacks keep Chinese labels from rendering as boxes.
 */
export const FONT_STACK =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

export const COLORS = {
  messages: '#3b82f6',
  activeMembers: '#f59e0b',
  active: '#16a34a',
  observer: '#3b82f6',
  lurker: '#94a3b8',
  m7: '#3b82f6',
  peak: '#cbd5e1',
};

export const PHASE_COLORS: Record<Phase, string> = {
  honeymoon: '#16a34a',
  cooling: '#d97706',
  fading: '#dc2626',
  silent: '#64748b',
};

/** One chart: its ECharts option (plain JSON: it is embedded in the page) and container height. */
export interface ChartSpec {
  height: number;
  option: Record<string, unknown>;
}

export type ChartId = 'daily' | 'tiers' | 'retention' | 'response' | 'groups';

// A static page is also printed and screenshotted: animations would capture half-drawn charts.
const base = { animation: false, textStyle: { fontFamily: FONT_STACK }, tooltip: {} };

/**
 * Messages (bars, left axis) and active members (line, right axis) per day of the range. Two axes,
 * each named and coloured like its series: messages run to many times the active members, and on
 * one shared axis the members' line would lie flat along the bottom.
 */
export function dailyChart(report: Report, lang: ReportLang): ChartSpec {
  const l = labels(lang);
  // Beyond a quarter the bars get thinner than a pixel; let the reader zoom instead.
  const zoom = report.daily.length > 90 ? [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }] : [];
  return {
    height: 320,
    option: {
      ...base,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      // The right margin leaves room for the last date label, which containLabel does not count.
      grid: { left: 8, right: 36, top: 48, bottom: zoom.length ? 44 : 8, containLabel: true },
      xAxis: { type: 'category', data: report.daily.map((d) => d.date), axisLabel: { hideOverlap: true } },
      yAxis: [
        { type: 'value', name: l.messages, minInterval: 1, axisLabel: { color: COLORS.messages } },
        {
          type: 'value',
          name: l.activeMembers,
          position: 'right',
          minInterval: 1,
          splitLine: { show: false },
          axisLabel: { color: COLORS.activeMembers },
        },
      ],
      dataZoom: zoom,
      series: [
        {
          name: l.messages,
          type: 'bar',
          data: report.daily.map((d) => d.messages),
          itemStyle: { color: COLORS.messages },
          barMaxWidth: 24,
        },
        {
          name: l.activeMembers,
          type: 'line',
          data: report.daily.map((d) => d.activeMembers),
          itemStyle: { color: COLORS.activeMembers },
          yAxisIndex: 1,
          smooth: true,
          symbolSize: 5,
        },
      ],
    },
  };
}

/** The three tiers of METRICS.md as a donut. */
export function tiersChart(report: Report, lang: ReportLang): ChartSpec {
  const l = labels(lang);
  const { active, observer, lurker } = report.tiers;
  return {
    height: 300,
    option: {
      ...base,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['42%', '68%'],
          percentPrecision: 1,
          center: ['50%', '45%'],
          label: { formatter: '{b}\n{c} ({d}%)' },
          data: [
            { name: l.tierActive, value: active, itemStyle: { color: COLORS.active } },
            { name: l.tierObserver, value: observer, itemStyle: { color: COLORS.observer } },
            { name: l.tierLurker, value: lurker, itemStyle: { color: COLORS.lurker } },
          ],
        },
      ],
    },
  };
}

/** Weekly cohorts shown as they are; more are merged by month. */
export const RETENTION_WEEKLY_MAX = 12;
/** Months shown at most once merged: the most recent ones. */
export const RETENTION_MONTHLY_MAX = 24;

export interface RetentionRow {
  label: string;
  size: number;
  /** Week 1..4 rates, null for a week not yet elapsed. */
  weeks: Array<number | null>;
}

export interface CompactRetention {
  rows: RetentionRow[];
  /** Weekly cohorts merged into months (how many there were), or null when shown one by one. */
  mergedWeeks: number | null;
  /** Earliest months left out. */
  hiddenMonths: number;
}

/** The month (YYYY-MM) of an ISO week: that of its Thursday, which decides the week's year too. */
export function isoWeekMonth(cohort: string): string {
  const [year, week] = cohort.split('-W').map(Number);
  const jan4 = Date.UTC(year, 0, 4);
  const mondayOfWeek1 = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * 86_400_000;
  const thursday = new Date(mondayOfWeek1 + ((week - 1) * 7 + 3) * 86_400_000);
  return thursday.toISOString().slice(0, 7);
}

/**
 * The retention table at a readable size. Up to 12 weekly cohorts are shown one by one; more (a
 * long imported history has hundreds) are merged by month, each week's rate the size-weighted mean
 * of its cohorts that have lived that long, and only the latest 24 months are kept: a page
 * of 500 rows is read by nobody, and the full weekly table stays in the embedded JSON.
 */
export function compactRetention(retention: Report['retention']): CompactRetention {
  const weeksOf = (c: Report['retention'][number]) => [c.week1, c.week2, c.week3, c.week4];
  if (retention.length <= RETENTION_WEEKLY_MAX)
    return {
      rows: retention.map((c) => ({ label: c.cohort, size: c.size, weeks: weeksOf(c) })),
      mergedWeeks: null,
      hiddenMonths: 0,
    };
  const months = new Map<string, { size: number; retained: number[]; weighed: number[] }>();
  for (const c of retention) {
    const key = isoWeekMonth(c.cohort);
    const month = months.get(key) ?? { size: 0, retained: [0, 0, 0, 0], weighed: [0, 0, 0, 0] };
    month.size += c.size;
    weeksOf(c).forEach((rate, i) => {
      if (rate === null) return;
      month.retained[i] += rate * c.size;
      month.weighed[i] += c.size;
    });
    months.set(key, month);
  }
  const rows = [...months.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([label, m]) => ({
      label,
      size: m.size,
      weeks: m.weighed.map((w, i) => (w === 0 ? null : m.retained[i] / w)),
    }));
  const hiddenMonths = Math.max(0, rows.length - RETENTION_MONTHLY_MAX);
  return { rows: rows.slice(hiddenMonths), mergedWeeks: retention.length, hiddenMonths };
}

/**
 * Cohort × week 1..4 retention in percent; a week not yet elapsed stays an empty cell. Many
 * cohorts are merged by month (`compactRetention`).
 */
export function retentionChart(report: Report, lang: ReportLang): ChartSpec {
  const weeks = [1, 2, 3, 4].map((k) => weekLabel(k, lang));
  const { rows } = compactRetention(report.retention);
  const data: Array<[number, number, number]> = [];
  rows.forEach((c, y) => {
    c.weeks.forEach((ratio, x) => {
      if (ratio !== null) data.push([x, y, Math.round(ratio * 1000) / 10]);
    });
  });
  return {
    height: Math.max(220, 44 * rows.length + 110),
    option: {
      ...base,
      tooltip: { formatter: '{c}%' },
      grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
      xAxis: { type: 'category', data: weeks, splitArea: { show: true } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: rows.map((c) => `${c.label} (${c.size})`),
        splitArea: { show: true },
      },
      visualMap: {
        min: 0,
        max: 100,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 160,
        text: ['100%', '0%'],
        inRange: { color: ['#eff6ff', '#93c5fd', '#1d4ed8'] },
      },
      series: [
        {
          type: 'heatmap',
          data,
          label: { show: true, formatter: '{@[2]}%' },
          itemStyle: { borderColor: '#fff', borderWidth: 2 },
        },
      ],
    },
  };
}

/** How long answered questions waited, by the report's distribution buckets. */
export function responseChart(report: Report, lang: ReportLang): ChartSpec {
  const l = labels(lang);
  const buckets = report.responseTime.distribution;
  return {
    height: 240,
    option: {
      ...base,
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: buckets.map((_, i) => bucketLabel(buckets, i, lang)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: l.answered,
          type: 'bar',
          data: buckets.map((b) => b.count),
          itemStyle: { color: COLORS.messages, borderRadius: [4, 4, 0, 0] },
          label: { show: true, position: 'top' },
          barMaxWidth: 40,
        },
      ],
    },
  };
}

/** M7 against the peak per group: how far each group has fallen from its best week. */
export function groupsChart(report: Report, lang: ReportLang): ChartSpec {
  const l = labels(lang);
  const names = report.groups.map((g) => g.name);
  return {
    height: Math.max(220, 40 * report.groups.length + 80),
    option: {
      ...base,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      // containLabel undercounts a truncated label by a character or so: leave a margin for it.
      grid: { left: 20, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: names, axisLabel: { width: 160, overflow: 'truncate' } },
      series: [
        {
          name: l.m7,
          type: 'bar',
          data: report.groups.map((g) => g.m7),
          itemStyle: { color: COLORS.m7 },
          barMaxWidth: 14,
        },
        {
          name: l.peak,
          type: 'bar',
          data: report.groups.map((g) => g.peak),
          itemStyle: { color: COLORS.peak },
          barMaxWidth: 14,
        },
      ],
    },
  };
}

/**
 * Every chart of the HTML report, keyed by the id its container carries (`chart-<id>`).
 *
 * @example
 * const { daily } = chartSpecs(report, 'en');
 * echarts.init(el).setOption(daily.option);
 */
export function chartSpecs(report: Report, lang: ReportLang): Record<ChartId, ChartSpec> {
  return {
    daily: dailyChart(report, lang),
    tiers: tiersChart(report, lang),
    retention: retentionChart(report, lang),
    response: responseChart(report, lang),
    groups: groupsChart(report, lang),
  };
}
