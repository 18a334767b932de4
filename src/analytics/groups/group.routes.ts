import { Type } from '@fastify/type-provider-typebox';
import { communityDays } from '../../communities/group.service.js';
import { dayToIso } from '../../kernel/time/local-day.js';
import { communityOf } from '../../kernel/http/access.js';
import { requestLocale } from '../../kernel/http/locale.js';
import type { RouteModule } from '../../kernel/http/route-module.js';
import { DayString, ErrorResponse, SlugParams } from '../../kernel/http/schemas.js';
import { RangeQuerySchema, ShownRangeSchema } from '../range.schemas.js';
import { GroupDetailSchema, GroupParams, GroupPatchSchema, GroupSummarySchema } from './group.schemas.js';
import { groupDetail, listGroupSummaries, patchGroup, rangeOf, shownRange } from './group-health.service.js';

/** The groups of a community: list with size, phase and health; one group's page; rename and capacity. */
export const groupRoutes: RouteModule = (api, { handle, now }) => {
  const { db } = handle;

  api.get(
    '/communities/:slug/range',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getRange',
        tags: ['analytics'],
        description:
          'The date range the analytics screens show for `from`/`to` (the default when both are left out), the community’s today and last event day: the range picker’s presets count back from them.',
        params: SlugParams,
        querystring: RangeQuerySchema,
        response: {
          200: Type.Object(
            {
              range: ShownRangeSchema,
              timezone: Type.String(),
              today: DayString,
              firstEventDay: Type.Union([DayString, Type.Null()]),
              lastEventDay: Type.Union([DayString, Type.Null()]),
            },
            { title: 'RangeInfo' },
          ),
          400: ErrorResponse,
        },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      const { from, to } = request.query;
      const { range } = rangeOf(community, now(), { from, to }, requestLocale(request));
      const day = (d: number | null) => (d === null ? null : dayToIso(d));
      return {
        range: shownRange(range),
        timezone: community.timezone,
        today: dayToIso(communityDays(community, now()).today),
        firstEventDay: day(community.first_day),
        lastEventDay: day(community.last_day),
      };
    },
  );

  api.get(
    '/communities/:slug/groups',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listGroups',
        tags: ['groups'],
        params: SlugParams,
        querystring: RangeQuerySchema,
        response: { 200: Type.Array(GroupSummarySchema), 400: ErrorResponse },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return listGroupSummaries(db, communityOf(request).community, now(), { from, to }, requestLocale(request));
    },
  );

  api.get(
    '/communities/:slug/groups/:groupId',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getGroup',
        tags: ['groups'],
        params: GroupParams,
        querystring: RangeQuerySchema,
        response: { 200: GroupDetailSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const { community } = communityOf(request);
      return groupDetail(db, community, request.params.groupId, now(), { from, to }, requestLocale(request));
    },
  );

  api.patch(
    '/communities/:slug/groups/:groupId',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'updateGroup',
        tags: ['groups'],
        params: GroupParams,
        body: GroupPatchSchema,
        response: { 200: GroupSummarySchema, 404: ErrorResponse },
      },
    },
    async (request) => patchGroup(db, communityOf(request).community, request.params.groupId, request.body, now()),
  );
};
