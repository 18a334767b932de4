import type { Phase } from '../../communities/phase.rules.js';
import {
  formatCount,
  formatDuration,
  formatPercent,
  labels,
  phaseLabel,
  weekLabel,
  type ReportLang,
} from './report.messages.js';
import type { Report } from './report.types.js';

export interface ReportTextOptions {
  /** ANSI colours; off by default so that piped output and logs stay clean. */
  color?: boolean;
}

/** Days shown in the daily table: a terminal summary, the HTML page has the whole range. */
const DAILY_DAYS = 14;
const BAR_WIDTH = 24;
const BAR = '▇';

// Code points that terminals draw two cells wide (East Asian Wide/Fullwidth, common emoji).
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];
// Combining marks, zero-width spaces/joiners and variation selectors take no cell of their own.
const ZERO_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0300, 0x036f],
  [0x200b, 0x200f],
  [0x20d0, 0x20ff],
  [0xfe00, 0xfe0f],
];
const ANSI = /\u001b\[[0-9;]*m/g;

const inRanges = (cp: number, ranges: ReadonlyArray<readonly [number, number]>) =>
  ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/**
 * Terminal cells a string occupies: CJK and fullwidth characters count 2, combining marks 0,
 * ANSI colour codes nothing.
 *
 * @example
 * displayWidth('早安 group') // 10
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text.replace(ANSI, '')) {
    const cp = ch.codePointAt(0)!;
    if (inRanges(cp, ZERO_RANGES)) continue;
    width += inRanges(cp, WIDE_RANGES) ? 2 : 1;
  }
  return width;
}

/**
 * Names come from chat exports: a control or bidi-override character in one must not move the
 * cursor, recolour the terminal or reorder the columns around it.
 */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');
}

type Align = 'left' | 'right';

/** Columns padded by display width; the last column is not padded so lines carry no trailing blanks. */
function table(rows: string[][], align: Align[], indent = '  ', gap = '  '): string[] {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell));
    });
  return rows.map((row) =>
    (
      indent +
      row
        .map((cell, i) => {
          const pad = ' '.repeat(widths[i] - displayWidth(cell));
          if (align[i] === 'right') return pad + cell;
          return i === row.length - 1 ? cell : cell + pad;
        })
        .join(gap)
    ).trimEnd(),
  );
}

function styler(color: boolean) {
  const wrap = (code: string) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const phaseColors: Record<Phase, (t: string) => string> = {
    honeymoon: wrap('32'),
    cooling: wrap('33'),
    fading: wrap('31'),
    silent: wrap('90'),
  };
  return { heading: wrap('1'), dim: wrap('2'), bar: wrap('36'), phase: (p: Phase, t: string) => phaseColors[p](t) };
}

/**
 * The report as a readable terminal summary: what `shequn report` prints without `--json`.
 *
 * @example
 * const report = await buildReport(db, 'demo');
 * process.stdout.write(renderReportText(report, 'zh-CN', { color: process.stdout.isTTY }));
 */
export function renderReportText(report: Report, lang: ReportLang, options: ReportTextOptions = {}): string {
  const l = labels(lang);
  const s = styler(options.color === true);
  const n = (value: number) => formatCount(value, lang);
  const sections: string[][] = [];

  sections.push([
    s.heading(`${l.title} · ${clean(report.community)}`),
    ...table(
      [
        [l.timezone, clean(report.timezone)],
        [l.range, `${report.range.from} → ${report.range.to}`],
      ],
      ['left', 'left'],
    ),
  ]);

  const { totals } = report;
  sections.push([
    s.heading(l.totals),
    ...table(
      [
        [l.messages, n(totals.messages)],
        [l.members, n(totals.members)],
        [l.authors, n(totals.authors)],
        [l.checkIns, n(totals.checkIns)],
      ],
      ['left', 'right'],
    ),
  ]);

  const { tiers } = report;
  const tierTotal = tiers.active + tiers.observer + tiers.lurker;
  const tierShare = (count: number) => formatPercent(tierTotal === 0 ? null : count / tierTotal);
  sections.push([
    `${s.heading(l.tiers)} ${s.dim(`(${l.tiersAsOf} ${tiers.asOf})`)}`,
    ...table(
      [
        [l.tierActive, n(tiers.active), tierShare(tiers.active)],
        [l.tierObserver, n(tiers.observer), tierShare(tiers.observer)],
        [l.tierLurker, n(tiers.lurker), tierShare(tiers.lurker)],
      ],
      ['left', 'right', 'right'],
    ),
  ]);

  const days = report.daily.slice(-DAILY_DAYS);
  const maxMessages = Math.max(0, ...days.map((d) => d.messages));
  // A busy day gets the full bar; any non-zero day gets at least one block so it is not read as zero.
  const bar = (v: number) =>
    v === 0 || maxMessages === 0 ? '' : s.bar(BAR.repeat(Math.max(1, Math.round((v / maxMessages) * BAR_WIDTH))));
  sections.push([
    s.heading(l.dailyLast14),
    ...(days.length === 0
      ? [`  ${l.noData}`]
      : table(
          [
            [l.date, l.messages, l.activeMembers, ''],
            ...days.map((d) => [d.date, n(d.messages), n(d.activeMembers), bar(d.messages)]),
          ],
          ['left', 'right', 'right', 'left'],
        )),
  ]);

  sections.push([
    s.heading(l.retention),
    ...(report.retention.length === 0
      ? [`  ${l.noData}`]
      : table(
          [
            [l.cohort, l.size, ...[1, 2, 3, 4].map((k) => weekLabel(k, lang))],
            ...report.retention.map((c) => [
              c.cohort,
              n(c.size),
              ...[c.week1, c.week2, c.week3, c.week4].map((r) => formatPercent(r)),
            ]),
          ],
          ['left', 'right', 'right', 'right', 'right', 'right'],
        )),
  ]);

  const rt = report.responseTime;
  sections.push([
    s.heading(l.responseTime),
    ...table(
      [
        [l.questions, n(rt.questions)],
        [l.answered, n(rt.answered)],
        [l.median, formatDuration(rt.medianSeconds, lang)],
        [l.p90, formatDuration(rt.p90Seconds, lang)],
        [l.withinSla, formatPercent(rt.withinSla)],
      ],
      ['left', 'right'],
    ),
  ]);

  sections.push([
    s.heading(l.concentration),
    ...table([[l.top20Share, formatPercent(report.concentration.top20Share, 1)]], ['left', 'right']),
  ]);

  sections.push([
    s.heading(l.groups),
    ...(report.groups.length === 0
      ? [`  ${l.noData}`]
      : table(
          [
            [l.group, l.phase, l.m7, l.peak],
            ...report.groups.map((g) => [
              clean(g.name),
              s.phase(g.phase, phaseLabel(g.phase, lang)),
              n(g.m7),
              n(g.peak),
            ]),
          ],
          ['left', 'left', 'right', 'right'],
        )),
  ]);

  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
