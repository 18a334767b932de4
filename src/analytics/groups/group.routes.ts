import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../../kernel/http/access.js';
import type { RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse, SlugParams } from '../../kernel/http/schemas.js';
import { GroupDetailSchema, GroupParams, GroupPatchSchema, GroupSummarySchema } from './group.schemas.js';
import { groupDetail, listGroupSummaries, patchGroup } from './group-health.service.js';

/** The groups of a community: list with size, phase and health; one group's page; rename and capacity. */
export const groupRoutes: RouteModule = (api, { handle, now }) => {
  const { db } = handle;

  api.get(
    '/communities/:slug/groups',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listGroups',
        tags: ['groups'],
        params: SlugParams,
        response: { 200: Type.Array(GroupSummarySchema) },
      },
    },
    async (request) => listGroupSummaries(db, communityOf(request).community, now()),
  );

  api.get(
    '/communities/:slug/groups/:groupId',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getGroup',
        tags: ['groups'],
        params: GroupParams,
        response: { 200: GroupDetailSchema, 404: ErrorResponse },
      },
    },
    async (request) => groupDetail(db, communityOf(request).community, request.params.groupId, now()),
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
