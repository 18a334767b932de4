import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { digest } from '../kernel/crypto/secrets.js';
import { communityOf } from '../kernel/http/access.js';
import { readImageUpload, sendImage } from '../kernel/http/images.js';
import type { RouteModule } from '../kernel/http/route-module.js';
import { ErrorResponse } from '../kernel/http/schemas.js';
import { hintsOf, type RoomRouteDeps } from './rooms.routes.js';
import { RoomRefusal } from './rooms.rules.js';
import { LangQuery, MemberRoomParams, RoomParams } from './rooms.schemas.js';
import type { RoomActor } from './rooms.types.js';

const ImageBinary = Type.String({ format: 'binary', description: 'the image (JPEG, PNG, WebP or GIF)' });
const UploadedRoomImage = Type.Object(
  {
    imageId: Type.String(),
    width: Type.Union([Type.Integer(), Type.Null()]),
    height: Type.Union([Type.Integer(), Type.Null()]),
    bytes: Type.Integer(),
  },
  { title: 'UploadedRoomImage' },
);
const ImageAddress = {
  owner: Type.String({ maxLength: 16, description: 'the frame image `owner`' }),
  imageId: Type.String({ maxLength: 64 }),
};

/**
 * Images in rooms: uploaded first (the answer's `imageId` goes into the post), read by anyone who
 * may read the room. The check-in image limit and formats apply; stored under `rooms/`.
 */
export const roomImageRoutes: RouteModule<RoomRouteDeps> = (api, { rooms }) => {
  const tags = ['rooms'];
  const upload = async (actor: RoomActor, groupId: number, request: FastifyRequest, res: FastifyReply) => {
    const max = rooms.maxImageBytes;
    const bytes = await readImageUpload(
      request,
      max,
      () => new RoomRefusal('ROOM_IMAGE_TOO_LARGE', actor.locale, { max: Math.floor(max / 1024 / 1024) }),
    );
    return res.status(201).send(await rooms.uploadImage(actor, groupId, bytes));
  };
  const staff = (request: FastifyRequest) => {
    const { community, caller, role } = communityOf(request);
    return rooms.staffActor(community, caller, role, hintsOf(request));
  };
  const uploadSchema = {
    tags,
    consumes: ['multipart/form-data'],
    description:
      'multipart/form-data with one file field `image`: JPEG, PNG, WebP or GIF up to the check-in image limit.',
    response: {
      201: UploadedRoomImage,
      400: ErrorResponse,
      403: ErrorResponse,
      404: ErrorResponse,
      413: ErrorResponse,
    },
  };

  api.post(
    '/m/:token/rooms/:groupId/images',
    {
      config: {
        access: 'public',
        rateLimit: {
          max: 30,
          timeWindow: '1 hour',
          keyGenerator: (req: any) => `room-image|${digest(String(req.params?.token ?? ''))}`,
        },
      },
      schema: {
        ...uploadSchema,
        operationId: 'memberUploadRoomImage',
        security: [],
        params: MemberRoomParams,
        querystring: LangQuery,
      },
    },
    async (request, res) =>
      upload(await rooms.memberActor(request.params.token, hintsOf(request)), request.params.groupId, request, res),
  );

  api.get(
    '/m/:token/rooms/:groupId/images/:owner/:imageId',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'memberRoomImage',
        tags,
        security: [],
        params: Type.Object({ ...MemberRoomParams.properties, ...ImageAddress }),
        response: { 200: ImageBinary, 404: ErrorResponse },
      },
    },
    async (request, res) => {
      const actor = await rooms.memberActor(request.params.token, hintsOf(request));
      const { groupId, owner, imageId } = request.params;
      return sendImage(res, await rooms.readImage(actor, groupId, owner, imageId));
    },
  );

  api.post(
    '/communities/:slug/rooms/:groupId/images',
    {
      config: { access: { community: 'assistant' } },
      schema: { ...uploadSchema, operationId: 'uploadRoomImage', params: RoomParams },
    },
    async (request, res) => upload(staff(request), request.params.groupId, request, res),
  );

  api.get(
    '/communities/:slug/rooms/:groupId/images/:owner/:imageId',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'roomImage',
        tags,
        params: Type.Object({ ...RoomParams.properties, ...ImageAddress }),
        response: { 200: ImageBinary, 404: ErrorResponse },
      },
    },
    async (request, res) => {
      const { groupId, owner, imageId } = request.params;
      return sendImage(res, await rooms.readImage(staff(request), groupId, owner, imageId));
    },
  );
};
