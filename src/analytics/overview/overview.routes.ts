import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../../kernel/http/access.js';
import type { RouteModule } from '../../kernel/http/route-module.js';
import { DayString, SlugParams } from '../../kernel/http/schemas.js';
import { GroupSummarySchema } from '../groups/group.schemas.js';
import { ReportSchema } from '../report/report.schemas.js';
import { buildOverview } from './overview.service.js';

const OverviewSchema = Type.Object(
  {
    community: Type.Object({ slug: Type.String(), name: Type.String(), timezone: Type.String() }),
    today: DayString,
    asOf: DayString,
    // The METRICS.md report over the last 30 days of data, as GET /communities/:slug/report answers it.
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
        response: { 200: OverviewSchema },
      },
    },
    async (request) => buildOverview(handle.db, communityOf(request).community, now()),
  );
};
