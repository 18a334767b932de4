import { describe, expect, it } from 'vitest';
import { loadEchartsSource } from './echarts-source.js';
import { escapeHtml, jsonForScript, renderReportHtml } from './report-html.js';
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
    { id: 1, name: '晨读打卡群', phase: 'honeymoon', silent: false, m7: 90, peak: 100 },
    { id: 2, name: HOSTILE, phase: 'silent', silent: true, m7: 0, peak: 12 },
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
});
