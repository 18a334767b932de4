import { describe, expect, it } from 'vitest';
import { loadEchartsSource } from './echarts-source.js';
import { escapeHtml, jsonForScript, renderReportHtml } from './report-html.js';
import { isoWeekMonth } from './report-html-charts.js';
import { sampleReport } from '../../../test/support/sample-report.js';
import type { Report } from './report.types.js';

const HOSTILE = '</script><img src=x onerror=alert(1)>';

const report = sampleReport({
  daily: [
    { date: '2024-03-01', messages: 500, activeMembers: 20 },
    { date: '2024-03-02', messages: 0, activeMembers: 1 },
    { date: '2024-03-03', messages: 734, activeMembers: 24 },
  ],
  groups: [
    { id: '1', name: '晨读打卡群', phase: 'honeymoon', silent: false, m7: 90, peak: 100 },
    { id: '2', name: HOSTILE, phase: 'silent', silent: true, m7: 0, peak: 12 },
  ],
});
report.responseTime.distribution = report.responseTime.distribution.map((b) => ({ ...b, count: b.count * 2 }));

const FAKE_ECHARTS = '/*fake-echarts*/ var marker = "</script>";';

function scriptText(html: string, id: string): string {
  const match = html.match(new RegExp(`<script type="application/json" id="${id}">([\\s\\S]*?)</script>`));
  if (!match) throw new Error(`no #${id}`);
  return match[1];
}

describe('escaping', () => {
  it('escapes HTML text and JSON for script elements', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const json = jsonForScript({ name: HOSTILE, sep: '\u2028' });
    expect(json).not.toMatch(/[<>\u2028]/);
    expect(JSON.parse(json)).toEqual({ name: HOSTILE, sep: '\u2028' });
  });
});

describe('renderReportHtml', () => {
  const en = renderReportHtml(report, { lang: 'en', echartsSource: FAKE_ECHARTS });
  const zh = renderReportHtml(report, { lang: 'zh-CN', echartsSource: FAKE_ECHARTS });

  it('is one page that embeds the report, which parses back unchanged', () => {
    expect(en.startsWith('<!doctype html>')).toBe(true);
    expect(JSON.parse(scriptText(en, 'report-data'))).toEqual(report);
    expect(JSON.parse(scriptText(zh, 'report-data'))).toEqual(report);
    expect(en).not.toMatch(/<(script|link)[^>]+(src|href)=/); // nothing to fetch
  });

  it('inlines the library, defusing a "</script" inside it', () => {
    expect(en).toContain('/*fake-echarts*/ var marker = "<\\/script>";');
  });

  it('inlines the real ECharts build', async () => {
    const source = await loadEchartsSource();
    expect(source.length).toBeGreaterThan(500_000);
    const html = renderReportHtml(report, { lang: 'en', echartsSource: source });
    expect(html).toContain(source.slice(0, 2000));
    expect(html.length).toBeGreaterThan(source.length);
  });

  it('never lets a hostile name out of its text', () => {
    for (const html of [
      en,
      zh,
      renderReportHtml({ ...report, community: HOSTILE }, { lang: 'en', echartsSource: FAKE_ECHARTS }),
    ]) {
      expect(html).not.toContain('<img');
      // The only </script> tags are those closing the page's own four scripts.
      expect(html.match(/<\/script>/g)).toHaveLength(4);
      expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    }
  });

  it('labels everything in the chosen language', () => {
    for (const label of [
      'Community report',
      'Daily activity',
      'Tiers',
      'Retention',
      'Response time',
      'Within SLA',
      'Check-ins',
      '>honeymoon<',
      '>silent<',
    ]) {
      expect(en).toContain(label);
    }
    for (const label of [
      '社群报告',
      '每日活跃',
      '成员分层',
      '留存',
      '响应时间',
      '打卡数',
      '>恋爱期<',
      '>沉寂<',
      '积极分子',
      '观望者',
      '潜水者',
      '第1周',
    ]) {
      expect(zh).toContain(label);
    }
    // The embedded report keeps its own (English) phase values; everything else is Chinese.
    expect(zh.replace(scriptText(zh, 'report-data'), '')).not.toMatch(/Daily activity|honeymoon|Observer/);
    expect(zh).toContain('<html lang="zh-CN">');
  });

  it('shows the totals and the response-time numbers', () => {
    expect(en).toMatch(/Messages<\/div><div class="value">1,234</);
    expect(en).toMatch(/Top 20% share<\/div><div class="value">80\.0%</);
    expect(en).toContain('<dt>Median</dt><dd>2m 30s</dd>');
    expect(en).toContain('<dt>p90</dt><dd>1h 5m</dd>');
    expect(en).toContain('<dt>Within SLA</dt><dd>45%</dd>');
    expect(zh).toContain('<dt>中位数</dt><dd>2分30秒</dd>');
  });

  it('builds chart options from the report and draws them once the DOM is ready', () => {
    const options = JSON.parse(scriptText(en, 'chart-options'));
    expect(Object.keys(options).sort()).toEqual(['daily', 'groups', 'response', 'retention', 'tiers']);
    expect(options.daily.series.map((s: { data: number[] }) => s.data)).toEqual([
      [500, 0, 734],
      [20, 1, 24],
    ]);
    expect(options.tiers.series[0].data.map((d: { value: number }) => d.value)).toEqual([6, 30, 24]);
    // Null weeks are left out: the cells stay empty rather than reading 0%.
    expect(options.retention.series[0].data).toEqual([
      [0, 0, 50],
      [1, 0, 25],
    ]);
    expect(options.response.xAxis.data).toEqual(['≤1m', '≤5m', '≤15m', '≤1h', '≤4h', '≤24h']);
    expect(options.groups.yAxis.data).toEqual(['晨读打卡群', HOSTILE]);
    for (const id of Object.keys(options))
      expect(en).toMatch(new RegExp(`<div class="chart" id="chart-${id}" style="height:\\d+px">`));
    expect(en).toContain("addEventListener('DOMContentLoaded'");
  });

  it('says "no data" instead of drawing empty charts', () => {
    const empty: Report = {
      ...report,
      tiers: { asOf: '2024-03-03', active: 0, observer: 0, lurker: 0 },
      retention: [],
      responseTime: {
        questions: 0,
        answered: 0,
        medianSeconds: null,
        p90Seconds: null,
        withinSla: null,
        distribution: [],
      },
      concentration: { top20Share: null },
      groups: [],
    };
    const html = renderReportHtml(empty, { lang: 'en', echartsSource: FAKE_ECHARTS });
    expect(Object.keys(JSON.parse(scriptText(html, 'chart-options')))).toEqual(['daily']);
    expect(html.match(/<p class="empty">No data<\/p>/g)).toHaveLength(4);
    expect(html).toContain('<dt>Median</dt><dd>—</dd>');
    expect(html).toMatch(/Top 20% share<\/div><div class="value">—</);
  });

  it('gives messages and active members each their own y-axis, named in the language', () => {
    for (const [html, names] of [
      [en, ['Messages', 'Active members']],
      [zh, ['消息数', '活跃人数']],
    ] as const) {
      const daily = JSON.parse(scriptText(html, 'chart-options')).daily;
      expect(daily.yAxis.map((a: { name: string }) => a.name)).toEqual(names);
      expect(daily.yAxis[1].position).toBe('right');
      expect(daily.series.map((s: { yAxisIndex?: number }) => s.yAxisIndex ?? 0)).toEqual([0, 1]);
    }
  });

  it('keeps a long history’s retention compact: months, the latest 24, with a note', () => {
    // 150 weekly cohorts from 2021-W01 on: about three years.
    const weekly = Array.from({ length: 150 }, (_, i) => ({
      cohort: `${2021 + Math.floor(i / 52)}-W${String((i % 52) + 1).padStart(2, '0')}`,
      size: 10,
      week1: 0.5,
      week2: i % 2 === 0 ? 0.2 : 0.4,
      week3: null,
      week4: null,
      d1: null,
      d7: null,
      d30: null,
    }));
    for (const [lang, merged, hidden] of [
      ['en', '150 weekly cohorts, merged by the month they joined in', 'earlier months are not shown'],
      ['zh-CN', '共 150 个周批次，按入群月份合并显示', '个月未显示'],
    ] as const) {
      const html = renderReportHtml({ ...report, retention: weekly }, { lang, echartsSource: FAKE_ECHARTS });
      const retention = JSON.parse(scriptText(html, 'chart-options')).retention;
      expect(retention.yAxis.data).toHaveLength(24);
      expect(retention.yAxis.data.at(-1)).toMatch(/^2023-\d\d \(\d+\)$/);
      expect(html).toContain(merged);
      expect(html).toContain(hidden);
      // Each month's week 2 is the size-weighted mean of its weeks (0.2 and 0.4 alternate).
      const week2 = retention.series[0].data.filter((d: number[]) => d[0] === 1).map((d: number[]) => d[2]);
      for (const rate of week2) {
        expect(rate).toBeGreaterThanOrEqual(20);
        expect(rate).toBeLessThanOrEqual(40);
      }
    }
    // Twelve cohorts or fewer stay weekly, without a note.
    const few = renderReportHtml(
      { ...report, retention: weekly.slice(0, 12) },
      { lang: 'en', echartsSource: FAKE_ECHARTS },
    );
    expect(JSON.parse(scriptText(few, 'chart-options')).retention.yAxis.data[0]).toBe('2021-W01 (10)');
    expect(few).not.toContain('data-note="retention"');
  });
});

describe('isoWeekMonth', () => {
  it('puts a week in the month of its Thursday', () => {
    expect(isoWeekMonth('2024-W01')).toBe('2024-01'); // Thursday 2024-01-04
    expect(isoWeekMonth('2020-W53')).toBe('2020-12'); // Thursday 2020-12-31
    expect(isoWeekMonth('2024-W05')).toBe('2024-02'); // Monday 01-29, Thursday 02-01
  });
});
