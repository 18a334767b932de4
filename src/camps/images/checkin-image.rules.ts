/**
 * What a check-in image may be. The type is read from the file's first bytes, never from the
 * name or the declared type, and only raster formats pass: an SVG or HTML file could carry script.
 */

export const IMAGE_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
} as const;

export type ImageType = keyof typeof IMAGE_TYPES;

/** 5 MiB: a phone photo after the browser's usual JPEG compression fits comfortably. */
export const DEFAULT_MAX_IMAGE_BYTES = 5 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0) =>
  bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b);

/**
 * The image type the bytes actually are, or null.
 *
 * @example
 * sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0])) // 'image/jpeg'
 * sniffImageType(Buffer.from('<svg xmlns=…'))           // null
 */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8))
    return 'image/webp';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38]) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61)
    return 'image/gif';
  return null;
}

const IMAGE_ID = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;

/** An image id as handed out at upload: 128 random bits and the extension of its sniffed type. */
export function isImageId(value: string): boolean {
  return IMAGE_ID.test(value);
}

/**
 * Where a member's image lives. The camp and member are part of the key, so an image id is only
 * ever found under the member who uploaded it: nobody can attach or read someone else's image.
 */
export function imageKey(campId: number, memberId: number, imageId: string): string {
  return `checkins/${campId}/${memberId}/${imageId}`;
}

/** The configured limit: `SHEQUN_CHECKIN_IMAGE_MAX_BYTES`, else the default. */
export function maxImageBytes(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.SHEQUN_CHECKIN_IMAGE_MAX_BYTES);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_IMAGE_BYTES;
}
