import { imageKey, isImageId } from './checkin-image.rules.js';

/** Where every check-in image lives: the first segment of `imageKey`. */
export const CHECKIN_IMAGES_PREFIX = 'checkins/';

/** A stored key read back as the check-in image it names. */
export interface ParsedImageKey {
  key: string;
  campId: number;
  memberId: number;
}

const IMAGE_KEY_SHAPE = /^checkins\/(\d+)\/(\d+)\/([^/]+)$/;

/**
 * The camp and member a stored key belongs to, or null when `imageKey` could not have produced
 * it (a leading zero, a number too large to be exact, an id the upload never hands out): the
 * sweep leaves alone what it cannot account for.
 *
 * @example
 * parseImageKey('checkins/3/41/0123456789abcdef0123456789abcdef.jpg') // { key, campId: 3, memberId: 41 }
 * parseImageKey('checkins/3/41/notes.txt')                            // null
 */
export function parseImageKey(key: string): ParsedImageKey | null {
  const match = IMAGE_KEY_SHAPE.exec(key);
  if (!match || !isImageId(match[3])) return null;
  const campId = Number(match[1]);
  const memberId = Number(match[2]);
  return imageKey(campId, memberId, match[3]) === key ? { key, campId, memberId } : null;
}
