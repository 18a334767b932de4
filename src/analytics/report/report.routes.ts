import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../../kernel/http/access.js';
import type { RouteModule } from '../../kernel/http/route-module.js';
import { DayString, SlugParams } from '../../kernel/http/schemas.js';
import { ReportSchema } from './report.schemas.js';
import { buildReport } from './report.service.js';

/** The METRICS.md report: the very JSON `shequn report --json` prints. */
export const reportRoutes: RouteModule = (api, { handle }) => {
  api.get(
    '/communities/:slug/report',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getReport',
        tags: ['analytics'],
        params: SlugParams,
        querystring: Type.Object(
          { from: Type.Optional(DayString), to: Type.Optional(DayString) },
          { additionalProperties: false },
        ),
        response: { 200: ReportSchema },
      },
    },
    async (request) => buildReport(handle.db, communityOf(request).community.slug, request.query),
  );
};
