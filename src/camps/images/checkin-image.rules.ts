/**
 * Where a check-in image lives; what an image may be is the kernel's (kernel/storage/image.rules.ts).
 */
export {
  DEFAULT_MAX_IMAGE_BYTES,
  IMAGE_TYPES,
  type ImageType,
  isImageId,
  maxImageBytes,
  sniffImageType,
} from '../../kernel/storage/image.rules.js';

/**
 * Where a member's image lives. The camp and member are part of the key, so an image id is only
 * ever found under the member who uploaded it: nobody can attach or read someone else's image.
 */
export function imageKey(campId: number, memberId: number, imageId: string): string {
  return `checkins/${campId}/${memberId}/${imageId}`;
}
