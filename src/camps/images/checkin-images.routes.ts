import { Type } from '@fastify/type-provider-typebox';
import { digest } from '../../kernel/crypto/secrets.js';
import { readImageUpload, sendImage } from '../../kernel/http/images.js';
import { communityOf } from '../../kernel/http/access.js';
import type { BlobStore } from '../../kernel/storage/blob-store.js';
import type { RouteContext, RouteModule } from '../../kernel/http/route-module.js';
import { ErrorResponse } from '../../kernel/http/schemas.js';
import { CheckinParams, TokenParams } from '../camp/camp.schemas.js';
import { maxImageBytes } from './checkin-image.rules.js';
import { ImageTooLargeError, readCheckinImage, readMemberImage, storeMemberImage } from './checkin-images.service.js';

const ImageBinary = Type.String({ format: 'binary', description: 'the image (JPEG, PNG, WebP or GIF)' });
const ImageIdParams = Type.Object({ token: TokenParams.properties.token, imageId: Type.String({ maxLength: 64 }) });

/**
 * Check-in images: a member uploads one through their personal link and then names its id in the
 * check-in; staff see a check-in's image. Stored on disk or S3 (src/kernel/storage).
 */
export const checkinImageRoutes: RouteModule<RouteContext & { files: BlobStore }> = (api, { handle, files }) => {
  const maxBytes = maxImageBytes(process.env);

  api.post(
    '/m/:token/images',
    {
      config: {
        access: 'public',
        // A link is one member: plenty for a day's photos, too few to fill a disk.
        rateLimit: {
          max: 30,
          timeWindow: '1 hour',
          keyGenerator: (req: any) => `image|${digest(String(req.params?.token ?? ''))}`,
        },
      },
      schema: {
        operationId: 'uploadCheckinImage',
        tags: ['member pages'],
        security: [],
        description: `multipart/form-data with one file field \`image\`: JPEG, PNG, WebP or GIF up to ${maxBytes} bytes. Answers with the id to send as \`imageId\` in the check-in.`,
        consumes: ['multipart/form-data'],
        params: TokenParams,
        response: {
          201: Type.Object(
            { imageId: Type.String(), contentType: Type.String(), bytes: Type.Integer() },
            { title: 'UploadedImage' },
          ),
          400: ErrorResponse,
          404: ErrorResponse,
          413: ErrorResponse,
        },
      },
    },
    async (request, res) => {
      const bytes = await readImageUpload(request, maxBytes, () => new ImageTooLargeError(maxBytes));
      return res.status(201).send(await storeMemberImage(handle.db, files, request.params.token, bytes));
    },
  );

  api.get(
    '/m/:token/images/:imageId',
    {
      config: { access: 'public' },
      schema: {
        operationId: 'getMemberCheckinImage',
        tags: ['member pages'],
        security: [],
        params: ImageIdParams,
        response: { 200: ImageBinary, 404: ErrorResponse },
      },
    },
    async (request, res) =>
      sendImage(res, await readMemberImage(handle.db, files, request.params.token, request.params.imageId)),
  );

  api.get(
    '/communities/:slug/camps/:campId/checkins/:checkinId/image',
    {
      config: { access: { community: 'analyst' } },
      schema: {
        operationId: 'getCheckinImage',
        tags: ['camps'],
        params: CheckinParams,
        response: { 200: ImageBinary, 404: ErrorResponse },
      },
    },
    async (request, res) => {
      const { campId, checkinId } = request.params;
      return sendImage(
        res,
        await readCheckinImage(handle.db, files, communityOf(request).community, campId, checkinId),
      );
    },
  );
};
