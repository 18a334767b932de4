import { chartSpecs, compactRetention, FONT_STACK, PHASE_COLORS, type ChartId } from './report-html-charts.js';
import { formatCount, formatDuration, formatPercent, labels, phaseLabel, type ReportLang } from './report.messages.js';
import type { Report } from './report.types.js';

export interface ReportHtmlOptions {
  lang: ReportLang;
  /** The ECharts library itself (see `loadEchartsSource`), inlined so the page needs no network. */
  echartsSource: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<b>"A&B"</b>') // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * JSON for a `<script type="application/json">` element. The HTML parser ends a script at the
 * first `</script` whatever the JSON means, so `<` (and `>`, `&` for good measure) become \u
 * escapes, which JSON.parse reads back unchanged; U+2028/2029 likewise, for older JS parsers.
 *
 * @example
 * jsonForScript({ name: '</script>' }) // '{"name":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Library source for an inline <script>: a literal "</script" or "<!--" inside one of its strings
 * would end or confuse the element; both spellings below mean the same to JavaScript.
 */
function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '\\x3C!--');
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f4f6f9;color:#1f2937;font-family:${FONT_STACK};line-height:1.5}
header{padding:28px 32px 8px;max-width:1240px;margin:0 auto}
h1{margin:0;font-size:26px;font-weight:650}
.meta{margin:4px 0 0;color:#64748b;font-size:14px}
.meta span+span::before{content:"·";margin:0 8px;color:#cbd5e1}
main{max-width:1240px;margin:0 auto;padding:16px 32px 32px;display:grid;gap:16px;grid-template-columns:repeat(2,minmax(0,1fr))}
.cards{grid-column:1/-1;display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(170px,1fr))}
.card,.panel{background:#fff;border:1px solid #e5e7eb;border-radius:10px;box-shadow:0 1px 2px rgba(15,23,42,.04)}
.card{padding:14px 18px}
.card .label{color:#64748b;font-size:13px}
.card .value{font-size:28px;font-weight:650;font-variant-numeric:tabular-nums}
.panel{padding:16px 20px;min-width:0}
.panel.wide{grid-column:1/-1}
h2{margin:0 0 12px;font-size:16px;font-weight:650}
h2 small{color:#64748b;font-weight:400;font-size:13px;margin-left:6px}
.chart{width:100%}
.stats{display:grid;grid-template-columns:repeat(auto-fit,minmax(96px,1fr));gap:8px;margin:0 0 8px}
.stats div{background:#f8fafc;border-radius:8px;padding:8px 10px}
.stats dt{color:#64748b;font-size:12px}
.stats dd{margin:0;font-size:18px;font-weight:600;font-variant-numeric:tabular-nums}
.groups{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:24px;align-items:start}
table{width:100%;border-collapse:collapse;font-size:14px}
th,td{padding:7px 10px;border-bottom:1px solid #eef0f3;text-align:left}
th{color:#64748b;font-weight:500;font-size:13px}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.name{overflow-wrap:anywhere}
.badge{display:inline-block;padding:1px 10px;border-radius:999px;font-size:12px;font-weight:600;white-space:nowrap}
.empty{color:#94a3b8;padding:24px 0;text-align:center}
.note{margin:-4px 0 8px;color:#64748b;font-size:13px}
footer{max-width:1240px;margin:0 auto;padding:0 32px 32px;color:#94a3b8;font-size:12px}
@media (max-width:860px){main{grid-template-columns:minmax(0,1fr)}.groups{grid-template-columns:minmax(0,1fr)}}
@media print{body{background:#fff}.card,.panel{box-shadow:none;break-inside:avoid}}
`;

// Runs after parsing so every container exists and has its CSS height when ECharts measures it.
const BOOT = `
document.addEventListener('DOMContentLoaded', function () {
  var specs = JSON.parse(document.getElementById('chart-options').textContent);
  if (typeof echarts === 'undefined') return;
  var charts = Object.keys(specs).map(function (id) {
    var el = document.getElementById('chart-' + id);
    if (!el) return null;
    var chart = echarts.init(el, null, { renderer: 'svg' });
    chart.setOption(specs[id]);
    return chart;
  }).filter(Boolean);
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
});
`;

/**
 * The report as one self-contained HTML page: summary cards, ECharts charts and tables, with the
 * report itself embedded as JSON (`#report-data`) for anyone who wants the numbers back.
 *
 * @example
 * const html = renderReportHtml(report, { lang: 'zh-CN', echartsSource: await loadEchartsSource() });
 * await writeFile('report.html', html);
 */
export function renderReportHtml(report: Report, options: ReportHtmlOptions): string {
  const { lang } = options;
  const l = labels(lang);
  const e = escapeHtml;
  const n = (value: number) => formatCount(value, lang);
  const specs = chartSpecs(report, lang);
  // Charts with nothing to draw get a "no data" line instead of empty axes.
  const hasData: Record<ChartId, boolean> = {
    daily: report.daily.length > 0,
    tiers: report.tiers.active + report.tiers.observer + report.tiers.lurker > 0,
    retention: report.retention.length > 0,
    response: report.responseTime.distribution.length > 0,
    groups: report.groups.length > 0,
  };
  const drawn = Object.fromEntries(
    Object.entries(specs)
      .filter(([id]) => hasData[id as ChartId])
      .map(([id, s]) => [id, s.option]),
  );
  const chart = (id: ChartId) =>
    hasData[id]
      ? `<div class="chart" id="chart-${id}" style="height:${specs[id].height}px"></div>`
      : `<p class="empty">${e(l.noData)}</p>`;

  const card = (label: string, value: string) =>
    `<div class="card"><div class="label">${e(label)}</div><div class="value">${e(value)}</div></div>`;
  const stat = (label: string, value: string) => `<div><dt>${e(label)}</dt><dd>${e(value)}</dd></div>`;
  const rt = report.responseTime;
  const retention = compactRetention(report.retention);
  const retentionNotes = [
    retention.mergedWeeks === null ? '' : l.retentionMonthly.replace('{n}', n(retention.mergedWeeks)),
    retention.hiddenMonths === 0 ? '' : l.retentionHidden.replace('{n}', n(retention.hiddenMonths)),
  ]
    .filter(Boolean)
    .map((note) => `<p class="note" data-note="retention">${e(note)}</p>`)
    .join('');

  const groupRows = report.groups
    .map((g) => {
      const color = PHASE_COLORS[g.phase];
      const badge = `<span class="badge" style="color:${color};background:${color}1a">${e(phaseLabel(g.phase, lang))}</span>`;
      return `<tr><td class="name">${e(g.name)}</td><td>${badge}</td><td class="num">${n(g.m7)}</td><td class="num">${n(g.peak)}</td></tr>`;
    })
    .join('\n');
  const groupTable = `<table><thead><tr><th>${e(l.group)}</th><th>${e(l.phase)}</th><th class="num">${e(l.m7)}</th><th class="num">${e(l.peak)}</th></tr></thead><tbody>
${groupRows}
</tbody></table>`;

  return `<!doctype html>
<html lang="${e(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`${l.title} · ${report.community}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${e(l.title)} · ${e(report.community)}</h1>
<p class="meta"><span>${e(l.timezone)}: ${e(report.timezone)}</span><span>${e(l.range)}: ${e(report.range.from)} → ${e(report.range.to)}</span></p>
</header>
<main>
<section class="cards">
${card(l.messages, n(report.totals.messages))}
${card(l.members, n(report.totals.members))}
${card(l.authors, n(report.totals.authors))}
${card(l.checkIns, n(report.totals.checkIns))}
${card(l.top20ShareShort, formatPercent(report.concentration.top20Share, 1))}
</section>
<section class="panel wide"><h2>${e(l.daily)}</h2>${chart('daily')}</section>
<section class="panel"><h2>${e(l.tiers)}<small>${e(l.tiersAsOf)} ${e(report.tiers.asOf)}</small></h2>${chart('tiers')}</section>
<section class="panel"><h2>${e(l.responseTime)}</h2>
<dl class="stats">
${stat(l.questions, n(rt.questions))}
${stat(l.answered, n(rt.answered))}
${stat(l.median, formatDuration(rt.medianSeconds, lang))}
${stat(l.p90, formatDuration(rt.p90Seconds, lang))}
${stat(l.withinSla, formatPercent(rt.withinSla))}
</dl>
<h2><small>${e(l.distribution)}</small></h2>${chart('response')}</section>
<section class="panel wide"><h2>${e(l.retention)}</h2>${retentionNotes}${chart('retention')}</section>
<section class="panel wide"><h2>${e(l.groups)}</h2>
${report.groups.length === 0 ? `<p class="empty">${e(l.noData)}</p>` : `<div class="groups">${groupTable}${chart('groups')}</div>`}
</section>
</main>
<footer>${e(l.generatedBy)}</footer>
<script type="application/json" id="report-data">${jsonForScript(report)}</script>
<script type="application/json" id="chart-options">${jsonForScript(drawn)}</script>
<script>${inlineScript(options.echartsSource)}</script>
<script>${BOOT}</script>
</body>
</html>
`;
}
