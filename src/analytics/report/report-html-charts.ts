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

/** Messages (bars) and active members (line) per day of the range. */
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
      grid: { left: 8, right: 36, top: 36, bottom: zoom.length ? 44 : 8, containLabel: true },
      xAxis: { type: 'category', data: report.daily.map((d) => d.date), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1 },
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

/** Cohort × week 1..4 retention in percent; a week not yet elapsed stays an empty cell. */
export function retentionChart(report: Report, lang: ReportLang): ChartSpec {
  const weeks = [1, 2, 3, 4].map((k) => weekLabel(k, lang));
  const data: Array<[number, number, number]> = [];
  report.retention.forEach((c, y) => {
    [c.week1, c.week2, c.week3, c.week4].forEach((ratio, x) => {
      if (ratio !== null) data.push([x, y, Math.round(ratio * 1000) / 10]);
    });
  });
  return {
    height: Math.max(220, 44 * report.retention.length + 110),
    option: {
      ...base,
      tooltip: { formatter: '{c}%' },
      grid: { left: 8, right: 16, top: 8, bottom: 56, containLabel: true },
      xAxis: { type: 'category', data: weeks, splitArea: { show: true } },
      yAxis: {
        type: 'category',
        inverse: true,
        data: report.retention.map((c) => `${c.cohort} (${c.size})`),
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
