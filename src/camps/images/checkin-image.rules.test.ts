import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_IMAGE_BYTES, imageKey, isImageId, maxImageBytes, sniffImageType } from './checkin-image.rules.js';

const bytes = (...values: Array<number | string>) =>
  Buffer.concat(values.map((v) => (typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from([v]))));

describe('sniffImageType', () => {
  it.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF'), 'image/jpeg'],
    ['PNG', bytes(0x89, 'PNG\r\n\x1a\n', 0, 0, 0, 13, 'IHDR'), 'image/png'],
    ['WebP', bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '), 'image/webp'],
    ['GIF89a', bytes('GIF89a', 1, 0), 'image/gif'],
    ['GIF87a', bytes('GIF87a', 1, 0), 'image/gif'],
    ['SVG (can carry script)', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), null],
    ['HTML named .jpg', bytes('<html><body>hi</body></html>'), null],
    ['a RIFF file that is not WebP (WAV)', bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '), null],
    ['GIF with a bad version', bytes('GIF88a', 1, 0), null],
    ['truncated PNG signature', bytes(0x89, 'PN'), null],
    ['empty', Buffer.alloc(0), null],
  ])('%s → %s', (_name, input, expected) => {
    expect(sniffImageType(input)).toBe(expected);
  });
});

describe('image ids and keys', () => {
  it.each([
    ['0123456789abcdef0123456789abcdef.jpg', true],
    ['0123456789abcdef0123456789abcdef.webp', true],
    ['0123456789abcdef0123456789abcdef.svg', false],
    ['../../etc/passwd', false],
    ['0123456789ABCDEF0123456789abcdef.png', false],
    ['0123456789abcdef.png', false],
  ])('%s valid: %s', (id, valid) => {
    expect(isImageId(id)).toBe(valid);
  });

  it('files an image under its camp and member', () => {
    expect(imageKey(3, 41, '0123456789abcdef0123456789abcdef.png')).toBe(
      'checkins/3/41/0123456789abcdef0123456789abcdef.png',
    );
  });

  it('reads the size limit from the environment, ignoring nonsense', () => {
    expect(maxImageBytes({})).toBe(DEFAULT_MAX_IMAGE_BYTES);
    expect(maxImageBytes({ SHEQUN_CHECKIN_IMAGE_MAX_BYTES: '1000' })).toBe(1000);
    expect(maxImageBytes({ SHEQUN_CHECKIN_IMAGE_MAX_BYTES: '-5' })).toBe(DEFAULT_MAX_IMAGE_BYTES);
    expect(maxImageBytes({ SHEQUN_CHECKIN_IMAGE_MAX_BYTES: 'lots' })).toBe(DEFAULT_MAX_IMAGE_BYTES);
  });
});
