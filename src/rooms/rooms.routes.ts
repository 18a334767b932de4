import type { FastifyRequest } from 'fastify';
import { communityOf } from '../kernel/http/access.js';
import type { RouteContext, RouteModule } from '../kernel/http/route-module.js';
import { ErrorResponse } from '../kernel/http/schemas.js';
import type { LanguageHints, RoomService } from './rooms.service.js';
import type { RoomActor } from './rooms.types.js';
import {
  CreateRoomBody,
  DoneSchema,
  HistoryQuery,
  HistorySchema,
  MemberBody,
  MemberReasonBody,
  MemberRoomParams,
  MemberRoomsSchema,
  MemberTokenParams,
  LangQuery,
  ModerationSchema,
  MuteBody,
  MutedSchema,
  PostBody,
  PostedSchema,
  ReactBody,
  ReactedSchema,
  ReadBody,
  ReadSchema,
  ReasonBody,
  RoomMessageParams,
  RoomParams,
  RoomSchema,
  UpdateRoomBody,
} from './rooms.schemas.js';
import { Type } from '@fastify/type-provider-typebox';

export interface RoomRouteDeps extends RouteContext {
  rooms: RoomService;
}

export const hintsOf = (request: FastifyRequest): LanguageHints => ({
  lang: (request.query as { lang?: string } | undefined)?.lang,
  acceptLanguage: request.headers['accept-language'],
});

const tags = ['rooms'];
const ok = { ok: true as const };

/**
 * The rooms' REST side: staff in the console (community routes, per docs/access.md roles) and
 * members through their personal link (public routes: the token is the credential). The live
 * side is the WebSocket (room-socket.routes.ts); these are its equivalents, and the outbox's.
 */
export const roomRoutes: RouteModule<RoomRouteDeps> = (api, { rooms, now }) => {
  const staff = (request: FastifyRequest) => {
    const { community, caller, role } = communityOf(request);
    return rooms.staffActor(community, caller, role, hintsOf(request));
  };

  // ── Staff ───────────────────────────────────────────────────────────────────────────────────

  api.get(
    '/communities/:slug/rooms',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'listRooms',
        tags,
        params: Type.Object({ slug: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Array(RoomSchema) },
      },
    },
    async (request) => rooms.listRooms(communityOf(request).community),
  );

  api.post(
    '/communities/:slug/rooms',
    {
      config: { access: { community: 'admin' } },
      schema: {
        operationId: 'createRoom',
        tags,
        params: Type.Object({ slug: Type.String({ maxLength: 64 }) }),
        body: CreateRoomBody,
        response: { 201: RoomSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const room = await rooms.createRoom(communityOf(request).community, request.body, now());
      return reply.status(201).send(room);
    },
  );

  api.patch(
    '/communities/:slug/rooms/:groupId',
    {
      config: { access: { community: 'assistant' } },
      schema: {
        operationId: 'updateRoom',
        tags,
        params: RoomParams,
        body: UpdateRoomBody,
        response: { 200: RoomSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => rooms.updateRoom(staff(request), request.params.groupId, request.body, now()),
  );

  api.get(
    '/communities/:slug/rooms/:groupId/messages',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'roomHistory',
        tags,
        params: RoomParams,
        querystring: HistoryQuery,
        response: { 200: HistorySchema, 404: ErrorResponse },
      },
    },
    async (request) => rooms.history(staff(request), request.params.groupId, request.query),
  );

  api.post(
    '/communities/:slug/rooms/:groupId/messages',
    {
      config: { access: { community: 'assistant' } },
      schema: {
        operationId: 'postInRoom',
        tags,
        params: RoomParams,
        body: PostBody,
        response: { 200: PostedSchema, 400: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => rooms.post(staff(request), request.params.groupId, request.body, now()),
  );

  api.post(
    '/communities/:slug/rooms/:groupId/reactions',
    {
      config: { access: { community: 'assistant' } },
      schema: {
        operationId: 'reactInRoom',
        tags,
        params: RoomParams,
        body: ReactBody,
        response: { 200: ReactedSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => rooms.react(staff(request), request.params.groupId, request.body, now()),
  );

  api.post(
    '/communities/:slug/rooms/:groupId/messages/:seq/hide',
    {
      config: { access: { community: 'assistant' } },
      schema: {
        operationId: 'hideRoomMessage',
        tags,
        params: RoomMessageParams,
        body: ReasonBody,
        response: { 200: DoneSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => {
      await rooms.hide(staff(request), request.params.groupId, request.params.seq, request.body.reason, now());
      return ok;
    },
  );

  api.post(
    '/communities/:slug/rooms/:groupId/mutes',
    {
      config: { access: { community: 'assistant' } },
      schema: {
        operationId: 'muteInRoom',
        tags,
        params: RoomParams,
        body: MuteBody,
        response: { 200: MutedSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => rooms.mute(staff(request), request.params.groupId, request.body, now()),
  );

  // Staff acting on a member of the room: removing (with a reason), blacklisting (with a reason), adding.
  const memberActions = [
    { path: 'removals', operationId: 'removeFromRoom', body: MemberReasonBody, act: rooms.remove },
    { path: 'blacklist', operationId: 'blacklistFromRoom', body: MemberReasonBody, act: rooms.blacklist },
    {
      path: 'members',
      operationId: 'addRoomMember',
      body: MemberBody,
      act: (actor: RoomActor, groupId: number, input: { memberId: number }, at: number) =>
        rooms.addMember(actor, groupId, input.memberId, at),
    },
  ] as const;
  for (const action of memberActions)
    api.post(
      `/communities/:slug/rooms/:groupId/${action.path}`,
      {
        config: { access: { community: 'operator' } },
        schema: {
          operationId: action.operationId,
          tags,
          params: RoomParams,
          body: action.body,
          response: { 200: DoneSchema, 400: ErrorResponse, 404: ErrorResponse },
        },
      },
      async (request) => {
        await action.act(
          staff(request),
          request.params.groupId,
          request.body as { memberId: number; reason: string },
          now(),
        );
        return ok;
      },
    );

  api.get(
    '/communities/:slug/rooms/:groupId/moderation',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'roomModeration',
        tags,
        params: RoomParams,
        response: { 200: ModerationSchema, 404: ErrorResponse },
      },
    },
    async (request) => rooms.moderationLog(staff(request), request.params.groupId),
  );

  // ── Members, through their personal link ───────────────────────────────────────────────────

  const member = (request: FastifyRequest) =>
    rooms.memberActor((request.params as { token: string }).token, hintsOf(request));

  api.get(
    '/m/:token/rooms',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'memberRooms',
        tags,
        security: [],
        params: MemberTokenParams,
        querystring: LangQuery,
        response: { 200: MemberRoomsSchema, 404: ErrorResponse },
      },
    },
    async (request) => {
      const actor = await member(request);
      return {
        me: { memberId: actor.memberId, name: actor.name, communityName: actor.community.name },
        rooms: await rooms.roomsOfMember(actor),
      };
    },
  );

  api.get(
    '/m/:token/rooms/:groupId/messages',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'memberRoomHistory',
        tags,
        security: [],
        params: MemberRoomParams,
        querystring: HistoryQuery,
        response: { 200: HistorySchema, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => rooms.history(await member(request), request.params.groupId, request.query),
  );

  api.post(
    '/m/:token/rooms/:groupId/messages',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'memberPostInRoom',
        tags,
        security: [],
        params: MemberRoomParams,
        querystring: LangQuery,
        body: PostBody,
        response: { 200: PostedSchema, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request) => rooms.post(await member(request), request.params.groupId, request.body, now()),
  );

  api.post(
    '/m/:token/rooms/:groupId/reactions',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'memberReactInRoom',
        tags,
        security: [],
        params: MemberRoomParams,
        querystring: LangQuery,
        body: ReactBody,
        response: { 200: ReactedSchema, 400: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => rooms.react(await member(request), request.params.groupId, request.body, now()),
  );

  api.put(
    '/m/:token/rooms/:groupId/read',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'memberReadInRoom',
        tags,
        security: [],
        params: MemberRoomParams,
        querystring: LangQuery,
        body: ReadBody,
        response: { 200: ReadSchema, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request) => rooms.markRead(await member(request), request.params.groupId, request.body.seq, now()),
  );
};
