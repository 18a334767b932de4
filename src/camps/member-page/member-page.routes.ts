import type { RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse } from '../../kernel/http/schemas.js';
import { DayQuery, TokenParams } from '../camp/camp.schemas.js';
import {
  BindCodeSchema,
  MemberLeaderboardSchema,
  MemberPageSchema,
  MemberRoleModelsSchema,
  SvgImage,
  WindowQuery,
} from './member-page.schemas.js';
import {
  memberBindCode,
  memberBoard,
  memberCertificate,
  memberRoleModels,
  memberState,
} from './member-page.service.js';

/**
 * The member's own page through their personal link (public: the token is the credential, an
 * unknown one is a 404): their standing, the camp's leaderboard and role models, the certificate.
 */
export const memberPageRoutes: RouteModule = (api, { handle, now }) => {
  const { db } = handle;
  const tags = ['member pages'];

  api.get(
    '/m/:token',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getMemberCamp',
        tags,
        security: [],
        params: TokenParams,
        response: { 200: MemberPageSchema, 404: ErrorResponse },
      },
    },
    async (request) => memberState(db, request.params.token, now()),
  );

  api.get(
    '/m/:token/leaderboard',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getMemberLeaderboard',
        tags,
        security: [],
        params: TokenParams,
        querystring: WindowQuery,
        response: { 200: MemberLeaderboardSchema, 404: ErrorResponse },
      },
    },
    async (request) => memberBoard(db, request.params.token, request.query.window ?? 'camp', now()),
  );

  api.get(
    '/m/:token/role-models',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getMemberRoleModels',
        tags,
        security: [],
        params: TokenParams,
        querystring: DayQuery,
        response: { 200: MemberRoleModelsSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => memberRoleModels(db, request.params.token, request.query.date, now()),
  );

  api.get(
    '/m/:token/certificate.svg',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getMemberCertificate',
        tags,
        security: [],
        params: TokenParams,
        produces: ['image/svg+xml'],
        response: { 200: SvgImage, 404: ErrorResponse },
      },
    },
    async (request, res) => {
      const svg = await memberCertificate(db, request.params.token, now());
      // Names are escaped in the SVG; the headers keep it an inert image even if opened directly.
      return res
        .type('image/svg+xml; charset=utf-8')
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(svg);
    },
  );

  api.post(
    '/m/:token/bind-code',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'createMemberBindCode',
        tags,
        security: [],
        description:
          'A one-time code (8 characters, 15 minutes) to send from another platform account to the group bot or room: that account then joins this member.',
        params: TokenParams,
        response: { 201: BindCodeSchema, 404: ErrorResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await memberBindCode(db, request.params.token, now())),
  );
};
