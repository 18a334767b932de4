import { communityOf } from '../../kernel/http/access.js';
import type { RouteModule } from '../../kernel/http/route-module.js';
import { requestLocale } from '../../kernel/http/locale.js';
import { Type } from '@fastify/type-provider-typebox';
import { ErrorResponse, SlugParams } from '../../kernel/http/schemas.js';
import { RangeQuerySchema } from '../range.schemas.js';
import { ReportSchema } from './report.schemas.js';
import { buildReport } from './report.service.js';
import { loadEchartsSource } from './echarts-source.js';
import { renderReportHtml } from './report-html.js';

/** The METRICS.md report: the very JSON `shequn report --json` prints. */
export const reportRoutes: RouteModule = (api, { handle, now }) => {
  api.get(
    '/communities/:slug/report',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getReport',
        tags: ['analytics'],
        params: SlugParams,
        querystring: RangeQuerySchema,
        response: { 200: ReportSchema, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return buildReport(handle.db, communityOf(request).community.slug, { from, to }, now(), requestLocale(request));
    },
  );

  api.get(
    '/communities/:slug/report.html',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'downloadReportHtml',
        tags: ['analytics'],
        description:
          'The report as one self-contained HTML page (as `shequn report --html`), in `lang` or the Accept-Language; a download.',
        params: SlugParams,
        querystring: RangeQuerySchema,
        response: { 200: Type.String({ description: 'text/html' }), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { community } = communityOf(request);
      const locale = requestLocale(request);
      const { from, to } = request.query;
      const report = await buildReport(handle.db, community.slug, { from, to }, now(), locale);
      const html = renderReportHtml(report, { lang: locale, echartsSource: await loadEchartsSource() });
      const fileName = `report-${community.slug}-${report.range.from}-${report.range.to}.html`;
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .header('cache-control', 'no-store')
        .send(html);
    },
  );
};
