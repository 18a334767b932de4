import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../errors.js';
import type { Blob } from '../storage/blob-store.js';

/** Images are served as inert downloads of their sniffed type: no sniffing, no script, private. */
export function sendImage(res: FastifyReply, blob: Blob) {
  return res
    .type(blob.contentType)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'")
    .header('cache-control', 'private, max-age=86400')
    .send(blob.bytes);
}

/**
 * The one file of a multipart upload, refused with `tooLarge()` past `maxBytes` (while reading,
 * so an oversized upload is never held whole).
 */
export async function readImageUpload(
  request: FastifyRequest,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  if (!request.isMultipart()) throw new ValidationError('image', 'send the image as multipart/form-data');
  const part = await request.file({ limits: { fileSize: maxBytes } });
  if (!part) throw new ValidationError('image', 'no file in the upload');
  try {
    return await part.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    throw error;
  }
}
