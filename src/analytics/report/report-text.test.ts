import { describe, expect, it } from 'vitest';
import { bucketLabel, formatDuration, formatPercent } from './report.messages.js';
import { displayWidth, renderReportText } from './report-text.js';
import { sampleReport } from '../../../test/support/sample-report.js';
import type { Report } from './report.types.js';

function day(i: number): string {
  return new Date(Date.UTC(2024, 2, 1 + i)).toISOString().slice(0, 10);
}

const report = sampleReport({
  range: { from: '2024-03-01', to: '2024-03-20' },
  daily: Array.from({ length: 20 }, (_, i) => ({
    date: day(i),
    messages: i === 19 ? 40 : i,
    activeMembers: i === 18 ? 0 : 3,
  })),
  tiers: { asOf: '2024-03-20', active: 6, observer: 30, lurker: 24 },
  concentration: { top20Share: 10 / 17 },
  groups: [
    { id: 1, name: 'morning', phase: 'honeymoon', silent: false, m7: 90, peak: 100 },
    { id: 2, name: '晚间打卡群', phase: 'cooling', silent: false, m7: 30, peak: 100 },
    { id: 3, name: 'old', phase: 'silent', silent: true, m7: 0, peak: 12 },
  ],
});

const lineWith = (text: string, needle: string) => text.split('\n').find((line) => line.includes(needle));

describe('displayWidth', () => {
  it.each([
    ['abc', 3],
    ['晚间打卡群', 10],
    ['早安 group', 10],
    ['ＡＢ', 4], // fullwidth Latin
    ['é', 1], // e + combining acute
    ['\u001b[32mok\u001b[0m', 2],
    ['—', 1],
  ])('%j → %i', (text, width) => expect(displayWidth(text)).toBe(width));
});

describe('formatting', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [150, '2m 30s'],
    [120, '2m'],
    [3900, '1h 5m'],
    [3600, '1h'],
    [600.5, '10m 1s'],
    [90_000, '1d 1h'],
    [null, '—'],
  ])('duration %s → %s', (seconds, text) => expect(formatDuration(seconds, 'en')).toBe(text));

  it('formats durations, percentages and buckets', () => {
    expect(formatDuration(3900, 'zh-CN')).toBe('1小时5分');
    expect(formatDuration(150, 'zh-CN')).toBe('2分30秒');
    expect(formatPercent(0.2)).toBe('20%');
    expect(formatPercent(null)).toBe('—');
    const buckets = report.responseTime.distribution;
    expect(buckets.map((_, i) => bucketLabel(buckets, i, 'en'))).toEqual(['≤1m', '≤5m', '≤15m', '≤1h', '≤4h', '≤24h']);
    expect(bucketLabel([...buckets, { upToSeconds: null, count: 1 }], 6, 'en')).toBe('>24h');
  });
});

describe('renderReportText', () => {
  it('prints every section in English', () => {
    const text = renderReportText(report, 'en');
    expect(text.split('\n')[0]).toBe('Community report · camp');
    expect(text).toContain('Time zone  Asia/Shanghai');
    expect(text).toContain('Range      2024-03-01 → 2024-03-20');
    expect(lineWith(text, 'Messages ')).toBe('  Messages   1,234');
    expect(lineWith(text, 'Observer')).toBe('  Observer  30  50%');
    expect(text).toContain('Tiers (as of 2024-03-20)');
    expect(lineWith(text, 'Median')).toMatch(/Median\s+2m 30s$/);
    expect(lineWith(text, 'p90')).toMatch(/p90\s+1h 5m$/);
    expect(lineWith(text, 'Within SLA')).toMatch(/45%$/);
    expect(lineWith(text, 'Top 20%')).toMatch(/58\.8%$/);
    expect(lineWith(text, 'morning')).toMatch(/^ {2}morning\s+honeymoon\s+90\s+100$/);
    expect(text).not.toMatch(/\u001b/);
    expect(text).not.toMatch(/ +$/m);
  });

  it('prints the Chinese terms in zh-CN', () => {
    const text = renderReportText(report, 'zh-CN');
    expect(text.split('\n')[0]).toBe('社群报告 · camp');
    for (const term of ['积极分子', '观望者', '潜水者', '恋爱期', '质疑期', '沉寂', '留存', '响应时间', '第1周'])
      expect(text).toContain(term);
    expect(lineWith(text, '中位数')).toMatch(/2分30秒$/);
    expect(text).not.toMatch(/Observer|honeymoon|Messages/);
  });

  it('shows the last 14 days with bars scaled to the busiest day', () => {
    const lines = renderReportText(report, 'en').split('\n');
    const start = lines.findIndex((line) => line.startsWith('Daily activity'));
    const rows = lines.slice(start + 2, start + 16);
    expect(rows.map((r) => r.trim().slice(0, 10))).toEqual(Array.from({ length: 14 }, (_, i) => day(6 + i)));
    expect(lines[start + 16]).toBe('');
    expect(lineWith(rows.join('\n'), day(19))).toMatch(/40\s+3 {2}▇{24}$/);
    expect(lineWith(rows.join('\n'), day(6))).toMatch(/ {2}▇{4}$/); // 6 of 40 → 3.6 → 4 blocks
    expect(lineWith(rows.join('\n'), day(18))).toMatch(/18\s+0 {2}▇+$/);
  });

  it('aligns columns by display width around CJK names', () => {
    for (const lang of ['en', 'zh-CN'] as const) {
      const text = renderReportText(report, lang);
      const rows = ['morning', '晚间打卡群', 'old'].map((name) => lineWith(text, `  ${name} `)!);
      // Every group row ends at the same column, and its phase starts at the same column.
      expect(new Set(rows.map(displayWidth)).size).toBe(1);
      const phaseColumn = (row: string, phase: string) => displayWidth(row.slice(0, row.indexOf(phase)));
      const phases = lang === 'en' ? ['honeymoon', 'cooling', 'silent'] : ['恋爱期', '质疑期', '沉寂'];
      expect(new Set(rows.map((row, i) => phaseColumn(row, phases[i]))).size).toBe(1);
    }
  });

  it('prints null metrics as dashes and empty sections as "no data"', () => {
    const empty: Report = {
      ...report,
      daily: [],
      retention: [
        {
          cohort: '2024-W10',
          size: 5,
          week1: null,
          week2: null,
          week3: null,
          week4: null,
          d1: null,
          d7: null,
          d30: null,
        },
      ],
      tiers: { asOf: '2024-03-20', active: 0, observer: 0, lurker: 0 },
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
    const text = renderReportText(empty, 'en');
    expect(lineWith(text, '2024-W10')).toMatch(/^ {2}2024-W10\s+5\s+—\s+—\s+—\s+—$/);
    expect(lineWith(text, 'Median')).toMatch(/—$/);
    expect(lineWith(text, 'Within SLA')).toMatch(/—$/);
    expect(lineWith(text, 'Top 20%')).toMatch(/—$/);
    expect(lineWith(text, 'Active')).toMatch(/0\s+—$/);
    expect(text.match(/No data/g)).toHaveLength(2);
    expect(renderReportText(empty, 'zh-CN')).toContain('暂无数据');
  });

  it('colours only on request and neutralises control characters in names', () => {
    const hostile: Report = { ...report, groups: [{ ...report.groups[0], name: 'evil\u001b[2J\nname' }] };
    const plain = renderReportText(hostile, 'en');
    expect(plain).not.toMatch(/\u001b/);
    expect(plain).toContain('evil?[2J?name');
    const coloured = renderReportText(hostile, 'en', { color: true });
    expect(coloured).toContain('\u001b[32mhoneymoon\u001b[0m');
    expect(coloured).not.toContain('\u001b[2J');
  });
});
