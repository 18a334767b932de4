import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * The minified ECharts library from node_modules, to inline into the HTML report so that the
 * page works offline and behind firewalls that block CDNs.
 *
 * @example
 * const html = renderReportHtml(report, { lang: 'en', echartsSource: await loadEchartsSource() });
 */
export async function loadEchartsSource(): Promise<string> {
  const path = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
  return readFile(path, 'utf8');
}
