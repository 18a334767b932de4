import { createHash, randomBytes } from 'node:crypto';
import { digest } from '../../kernel/crypto/secrets.js';
import type { Db } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import { AppError, NotFoundError, ValidationError } from '../../kernel/errors.js';
import type { Blob, BlobStore } from '../../kernel/storage/blob-store.js';
import { findByTokenHash } from '../camp/camp.repo.js';
import { requireCamp } from '../camp/camp.service.js';
import { IMAGE_TYPES, imageKey, isImageId, sniffImageType, type ImageType } from './checkin-image.rules.js';
import { findCheckin } from '../checkin/checkin.repo.js';
import { DEFAULT_ORPHAN_AGE_MS } from './image-sweep.service.js';

export class ImageTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super('IMAGE_TOO_LARGE', `the image is larger than ${Math.floor(maxBytes / 1024 / 1024)} MB`, 413);
  }
}

async function memberOfLink(db: Db, token: string): Promise<{ campId: number; memberId: number }> {
  const target = await findByTokenHash(db, digest(token));
  if (!target) throw new NotFoundError('personal link');
  return { campId: Number(target.id), memberId: Number(target.member_id) };
}

/**
 * Stores an image a member uploads through their personal link, before the check-in that carries
 * it: the page uploads while the member types. Only JPEG, PNG, WebP and GIF, judged by content.
 * An image no check-in names is deleted by `sweepOrphanImages` (image-sweep.service.ts) once it is
 * a day old; `shequn start` runs the sweep every hour.
 *
 * @example
 * const { imageId } = await storeMemberImage(db, files, token, bytes);
 * await checkInByToken(handle, token, { imageId }, now);
 */
export async function storeMemberImage(db: Db, files: BlobStore, token: string, bytes: Buffer) {
  const { campId, memberId } = await memberOfLink(db, token);
  const type = sniffImageType(bytes);
  if (!type) throw new ValidationError('image', 'the file is not a JPEG, PNG, WebP or GIF image', 'UNSUPPORTED_IMAGE');
  const { imageId } = await putImage(files, campId, memberId, randomBytes(16).toString('hex'), bytes, type);
  return { imageId, contentType: type, bytes: bytes.length };
}

/** Stores a member's image as `<stem>.<extension of its type>` (`isImageId`'s form; the stem is 32 hex digits). */
async function putImage(
  files: BlobStore,
  campId: number,
  memberId: number,
  stem: string,
  bytes: Buffer,
  type: ImageType,
) {
  const imageId = `${stem}.${IMAGE_TYPES[type]}`;
  const key = imageKey(campId, memberId, imageId);
  await files.put(key, bytes, type);
  return { imageId, key };
}

/**
 * Stores the photo of a check-in posted in a group chat, for one camp, under an id made from the
 * message's own key (`<platform>:<source id>`): a platform's retry of the message stores the same
 * photo in the same place. Null when the bytes are no JPEG, PNG, WebP or GIF image.
 *
 * @example
 * await storeChatImage(files, 3, 41, 'telegram:5001:17', bytes) // 'checkins/3/41/9f…2e.jpg'
 */
export async function storeChatImage(
  files: BlobStore,
  campId: number,
  memberId: number,
  messageKey: string,
  bytes: Buffer,
): Promise<string | null> {
  const type = sniffImageType(bytes);
  if (!type) return null;
  const { key } = await putImage(
    files,
    campId,
    memberId,
    createHash('sha256').update(messageKey).digest('hex').slice(0, 32),
    bytes,
    type,
  );
  return key;
}

/**
 * How young an upload must be to be attached to a check-in: an hour less than the age at which
 * the sweep deletes uploads no check-in names. A photo the sweep is judging is that old, so no
 * check-in can be naming it at that moment, and one attached in time is named (committed) long
 * before the sweep looks at it.
 */
export const ATTACH_WITHIN_MS = DEFAULT_ORPHAN_AGE_MS - 60 * 60_000;

/**
 * The stored key of an image a check-in names, checked to be the member's own upload and young
 * enough to attach (`ATTACH_WITHIN_MS`).
 *
 * @example
 * await imagePathFor(files, 3, 41, '0f…c.jpg', Date.now()) // 'checkins/3/41/0f…c.jpg'
 */
export async function imagePathFor(
  files: BlobStore,
  campId: number,
  memberId: number,
  imageId: string,
  now: number,
): Promise<string> {
  if (!isImageId(imageId)) throw new ValidationError('imageId', 'imageId: not an id returned by the image upload');
  const key = imageKey(campId, memberId, imageId);
  const uploadedAt = await files.modifiedAt(key);
  if (uploadedAt === null) throw new ValidationError('imageId', 'imageId: no such image; upload it first');
  if (now - uploadedAt >= ATTACH_WITHIN_MS) {
    throw new ValidationError(
      'imageId',
      `imageId: uploaded more than ${ATTACH_WITHIN_MS / 3_600_000} hours ago; upload the photo again`,
      'IMAGE_EXPIRED',
    );
  }
  return key;
}

/** `imagePathFor` for the member behind a personal link. */
export async function imagePathForLink(
  db: Db,
  files: BlobStore,
  token: string,
  imageId: string,
  now: number,
): Promise<string> {
  const { campId, memberId } = await memberOfLink(db, token);
  return imagePathFor(files, campId, memberId, imageId, now);
}

/** A member's own uploaded image, through their personal link. */
export async function readMemberImage(db: Db, files: BlobStore, token: string, imageId: string): Promise<Blob> {
  const { campId, memberId } = await memberOfLink(db, token);
  const blob = isImageId(imageId) ? await files.get(imageKey(campId, memberId, imageId)) : null;
  if (!blob) throw new NotFoundError('image');
  return blob;
}

/** The image of a check-in, for staff of the camp's community. */
export async function readCheckinImage(
  db: Db,
  files: BlobStore,
  community: Community,
  campId: number,
  checkinId: number,
): Promise<Blob> {
  await requireCamp(db, community, campId);
  const row = await findCheckin(db, campId, checkinId);
  const blob = row?.image_path ? await files.get(row.image_path) : null;
  if (!blob) throw new NotFoundError(`image of check-in ${checkinId}`);
  return blob;
}
