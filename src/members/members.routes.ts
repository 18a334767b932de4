import { Type } from '@fastify/type-provider-typebox';
import { communityOf } from '../kernel/http/access.js';
import { requestLocale } from '../kernel/http/locale.js';
import type { RouteModule } from '../kernel/http/route-module.js';
import { ErrorResponse, SlugParams } from '../kernel/http/schemas.js';
import { type MemberRouteDeps, memberOperationsRoutes } from './member-operations.routes.js';
import { memberProfile } from './member-profile.service.js';
import { exportMembers, listMembers } from './member-list.service.js';
import {
  MemberExportQuerySchema,
  MemberListQuerySchema,
  MemberListSchema,
  MemberParams,
  MemberProfileSchema,
  NoteSchema,
  TimelineQuerySchema,
  TimelineSchema,
} from './member.schemas.js';
import { memberTimeline } from './member-timeline.service.js';
import { addMemberNote, NOTE_MAX_LENGTH } from './note.service.js';

const errors = { 400: ErrorResponse, 404: ErrorResponse };

/**
 * Members: the filtered list and its export, a member's profile and timeline, notes; then tags,
 * duty roles, the blacklist and personas (member-operations.routes).
 */
export const membersRoutes: RouteModule<MemberRouteDeps> = async (api, context) => {
  const { handle, now } = context;
  const { db } = handle;

  api.get(
    '/communities/:slug/members',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listMembers',
        tags: ['members'],
        description: 'Members (not bots) matching every given filter, one page at a time, with the total.',
        params: SlugParams,
        querystring: MemberListQuerySchema,
        response: { 200: MemberListSchema, 400: ErrorResponse },
      },
    },
    async (request) => listMembers(db, communityOf(request).community.id, request.query),
  );

  api.get(
    '/communities/:slug/members/export',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'exportMembers',
        tags: ['members'],
        description:
          'The whole filtered list as a CSV (UTF-8 with BOM) or XLSX download, headers and values in `lang` (else Accept-Language, else zh-CN).',
        params: SlugParams,
        querystring: MemberExportQuerySchema,
        response: { 200: Type.String({ format: 'binary' }), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { community } = communityOf(request);
      const { format = 'csv', lang: _lang, ...filters } = request.query;
      const file = exportMembers(db, community, filters, format, now(), requestLocale(request));
      return (
        reply
          .header('content-type', file.contentType)
          .header('content-disposition', `attachment; filename="${file.fileName}"`)
          .header('cache-control', 'no-store')
          // A stream skips response serialization; the schema above only documents the download.
          .send(file.body as unknown as string)
      );
    },
  );

  api.get(
    '/communities/:slug/members/:memberId',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getMember',
        tags: ['members'],
        params: MemberParams,
        response: { 200: MemberProfileSchema, ...errors },
      },
    },
    async (request) => memberProfile(db, communityOf(request).community, request.params.memberId),
  );

  api.get(
    '/communities/:slug/members/:memberId/timeline',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getMemberTimeline',
        tags: ['members'],
        description: 'The member’s events and the staff’s notes, care and blacklist records, newest first.',
        params: MemberParams,
        querystring: TimelineQuerySchema,
        response: { 200: TimelineSchema, ...errors },
      },
    },
    async (request) => memberTimeline(db, communityOf(request).community, request.params.memberId, request.query),
  );

  api.post(
    '/communities/:slug/members/:memberId/notes',
    {
      config: { access: { community: 'assistant' } },
      schema: {
        operationId: 'addMemberNote',
        tags: ['members'],
        params: MemberParams,
        body: Type.Object(
          { body: Type.String({ minLength: 1, maxLength: NOTE_MAX_LENGTH }) },
          { additionalProperties: false },
        ),
        response: { 201: NoteSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { community, caller } = communityOf(request);
      const note = await addMemberNote(
        db,
        {
          communityId: community.id,
          memberId: request.params.memberId,
          accountId: caller.account.id,
          kind: 'note',
          body: request.body.body,
        },
        now(),
      );
      return reply.status(201).send(note);
    },
  );

  await memberOperationsRoutes(api, context);
};
