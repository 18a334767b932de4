import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../../kernel/http/access.js';
import type { RouteModule } from '../../kernel/http/route-module.js';
import { requestLocale } from '../../kernel/http/locale.js';
import { DayString, ErrorResponse, SlugParams } from '../../kernel/http/schemas.js';
import { RangeQuerySchema, ShownRangeSchema } from '../range.schemas.js';
import { GroupSummarySchema } from '../groups/group.schemas.js';
import { ReportSchema } from '../report/report.schemas.js';
import { buildOverview } from './overview.service.js';

const OverviewSchema = Type.Object(
  {
    community: Type.Object({ slug: Type.String(), name: Type.String(), timezone: Type.String() }),
    today: DayString,
    asOf: DayString,
    range: ShownRangeSchema,
    lastEventDay: Type.Union([DayString, Type.Null()]),
    // The METRICS.md report over the range, as GET /communities/:slug/report answers it.
    report: ReportSchema,
    groups: Type.Array(GroupSummarySchema),
    alerts: Type.Array(
      Type.Object(
        {
          groupId: Type.Integer(),
          groupName: Type.String(),
          kind: Type.Union([Type.Literal('silent'), Type.Literal('fading')]),
          since: DayString,
        },
        { title: 'SilenceAlert' },
      ),
    ),
  },
  { title: 'Overview' },
);

/** The community overview: the first screen of the console. */
export const overviewRoutes: RouteModule = (api, { handle, now }) => {
  api.get(
    '/communities/:slug/overview',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getOverview',
        tags: ['communities'],
        params: SlugParams,
        querystring: RangeQuerySchema,
        response: { 200: OverviewSchema, 400: ErrorResponse },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return buildOverview(handle.db, communityOf(request).community, now(), { from, to }, requestLocale(request));
    },
  );
};
