/**
 * What an uploaded image may be (check-in photos, room images). The type is read from the file's first bytes, never from the
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

/** The configured limit: `SHEQUN_CHECKIN_IMAGE_MAX_BYTES`, else the default. */
export function maxImageBytes(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.SHEQUN_CHECKIN_IMAGE_MAX_BYTES);
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_MAX_IMAGE_BYTES;
}

/**
 * An image's width and height from its header (JPEG, PNG, GIF, WebP), or null when the header does
 * not tell (the image is then shown without a size).
 */
export function imageSize(bytes: Uint8Array): { width: number; height: number } | null {
  const type = sniffImageType(bytes);
  const u16be = (o: number) => (bytes[o] << 8) | bytes[o + 1];
  const u16le = (o: number) => bytes[o] | (bytes[o + 1] << 8);
  const u32be = (o: number) => ((bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]) >>> 0;
  if (type === 'image/png' && bytes.length >= 24) return { width: u32be(16), height: u32be(20) };
  if (type === 'image/gif' && bytes.length >= 10) return { width: u16le(6), height: u16le(8) };
  if (type === 'image/webp' && bytes.length >= 30) {
    const chunk = String.fromCharCode(bytes[12], bytes[13], bytes[14], bytes[15]);
    if (chunk === 'VP8X')
      return {
        width: 1 + (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)),
        height: 1 + (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16)),
      };
    if (chunk === 'VP8 ') return { width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
    if (chunk === 'VP8L') {
      const b = (o: number) => bytes[21 + o];
      return {
        width: 1 + (((b(1) & 0x3f) << 8) | b(0)),
        height: 1 + (((b(3) & 0xf) << 10) | (b(2) << 2) | ((b(1) & 0xc0) >> 6)),
      };
    }
    return null;
  }
  if (type === 'image/jpeg') {
    let o = 2;
    while (o + 9 < bytes.length) {
      if (bytes[o] !== 0xff) return null;
      const marker = bytes[o + 1];
      // Start-of-frame markers (not DHT 0xc4, JPG 0xc8, DAC 0xcc) carry the size.
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { width: u16be(o + 7), height: u16be(o + 5) };
      o += 2 + u16be(o + 2);
    }
  }
  return null;
}
