import { writeFile } from 'node:fs/promises';
import { loadEchartsSource } from '../analytics/report/echarts-source.js';
import { renderReportHtml } from '../analytics/report/report-html.js';
import { renderReportText } from '../analytics/report/report-text.js';
import { buildReport } from '../analytics/report/report.service.js';
import { optionalString, requireString, withDatabase, type CommandContext } from './context.js';
import { t } from './i18n/messages.js';

/** `shequn report --community … [--from …] [--to …] [--json] [--html FILE]` */
export async function runReport(ctx: CommandContext): Promise<void> {
  const community = requireString(ctx, 'community');
  const report = await withDatabase(ctx, (handle) =>
    buildReport(
      handle.db,
      community,
      { from: optionalString(ctx, 'from'), to: optionalString(ctx, 'to') },
      Date.now(),
      ctx.lang,
    ),
  );
  const htmlFile = optionalString(ctx, 'html');
  if (htmlFile) {
    await writeFile(htmlFile, renderReportHtml(report, { lang: ctx.lang, echartsSource: await loadEchartsSource() }));
  }
  if (ctx.values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    process.stdout.write(`${renderReportText(report, ctx.lang, { color: process.stdout.isTTY === true })}\n`);
    if (htmlFile) process.stdout.write(`${t(ctx.lang, 'wroteHtml', { file: htmlFile })}\n`);
  }
}
