import { Type } from '@fastify/type-provider-typebox';
import { dayToIso, isoToDay } from '../../kernel/time/local-day.js';
import { communityOf } from '../../kernel/http/access.js';
import type { RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse } from '../../kernel/http/schemas.js';
import {
  DashboardSchema,
  FlagParams,
  FlagSchema,
  FlagStatusQuery,
  ResolveFlagBody,
  StaffLeaderboardSchema,
  StaffRoleModelsSchema,
} from './camp-insights.schemas.js';
import { updateCamp } from '../camp/camp-edit.service.js';
import { CampParams, CampSchema, DayQuery, UpdateCampBody } from '../camp/camp.schemas.js';
import { requireCamp } from '../camp/camp.service.js';
import { staffToday } from '../checkin/checkin.service.js';
import { listCampFlags, resolveCampFlag } from '../integrity/copy-flags.service.js';
import { dashboardOf } from './dashboard.service.js';
import { staffLeaderboard } from '../leaderboard/leaderboard.service.js';
import { WindowQuery } from '../member-page/member-page.schemas.js';
import { freezeRoleModels, roleModelsOf } from '../leaderboard/role-models.service.js';

/**
 * Staff views and decisions on a running camp: edit it, its dashboard, copy flags and their
 * resolution, the leaderboard and the day's role models.
 */
export const campInsightRoutes: RouteModule = (api, { handle, now }) => {
  const { db } = handle;
  const tags = ['camps'];

  api.patch(
    '/communities/:slug/camps/:campId',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'updateCamp',
        tags,
        params: CampParams,
        body: UpdateCampBody,
        response: { 200: CampSchema, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => updateCamp(db, communityOf(request).community, request.params.campId, request.body),
  );

  api.get(
    '/communities/:slug/camps/:campId/dashboard',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getCampDashboard',
        tags,
        params: CampParams,
        querystring: DayQuery,
        response: { 200: DashboardSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      const camp = await requireCamp(db, community, request.params.campId);
      const day = request.query.date === undefined ? staffToday(camp, community, now()) : isoToDay(request.query.date);
      return dashboardOf(db, community, camp.id, day, now());
    },
  );

  api.get(
    '/communities/:slug/camps/:campId/flags',
    {
      config: { access: { community: 'assistant' } },
      schema: {
        operationId: 'listCampFlags',
        tags,
        params: CampParams,
        querystring: FlagStatusQuery,
        response: { 200: Type.Array(FlagSchema), 404: ErrorResponse },
      },
    },
    async (request) =>
      listCampFlags(db, communityOf(request).community, request.params.campId, request.query.status ?? 'open'),
  );

  api.post(
    '/communities/:slug/camps/:campId/flags/:flagId/resolve',
    {
      config: { access: { community: 'operator' } },
      schema: {
        operationId: 'resolveCampFlag',
        tags,
        params: FlagParams,
        body: ResolveFlagBody,
        response: { 200: FlagSchema, 400: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse },
      },
    },
    async (request) => {
      const { community, caller } = communityOf(request);
      const { campId, flagId } = request.params;
      return resolveCampFlag(db, community, campId, flagId, request.body, caller.account.id, now());
    },
  );

  api.get(
    '/communities/:slug/camps/:campId/leaderboard',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getCampLeaderboard',
        tags,
        params: CampParams,
        querystring: WindowQuery,
        response: { 200: StaffLeaderboardSchema, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      const camp = await requireCamp(db, community, request.params.campId);
      return staffLeaderboard(db, camp, request.query.window ?? 'camp', staffToday(camp, community, now()));
    },
  );

  api.get(
    '/communities/:slug/camps/:campId/role-models',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getCampRoleModels',
        tags,
        params: CampParams,
        querystring: DayQuery,
        response: { 200: StaffRoleModelsSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      const { community } = communityOf(request);
      const camp = await requireCamp(db, community, request.params.campId);
      const today = staffToday(camp, community, now());
      const day = request.query.date === undefined ? today : isoToDay(request.query.date);
      // A past day's picks are final: the first look freezes them (see role-models.service).
      const roleModels =
        day < today
          ? await freezeRoleModels(db, community, camp, day, now())
          : await roleModelsOf(db, community, camp, day);
      return { date: dayToIso(day), roleModels };
    },
  );
};
