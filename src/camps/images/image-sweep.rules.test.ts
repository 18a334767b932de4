import { describe, expect, it } from 'vitest';
import { imageKey } from './checkin-image.rules.js';
import { CHECKIN_IMAGES_PREFIX, parseImageKey } from './image-sweep.rules.js';

const ID = '0123456789abcdef0123456789abcdef.jpg';

describe('parseImageKey', () => {
  it.each([
    ['a key imageKey makes', imageKey(3, 41, ID), { key: imageKey(3, 41, ID), campId: 3, memberId: 41 }],
    ['a leading zero (imageKey never writes one)', `checkins/03/41/${ID}`, null],
    ['a camp id too large to be exact', `checkins/9007199254740993/41/${ID}`, null],
    ['an id the upload never hands out', 'checkins/3/41/notes.txt', null],
    ['a deeper path', `checkins/3/41/x/${ID}`, null],
    ['a member missing', `checkins/3/${ID}`, null],
    ['another prefix', `avatars/3/41/${ID}`, null],
  ])('%s', (_case, key, expected) => {
    expect(parseImageKey(key)).toEqual(expected);
  });

  it('sweeps where imageKey writes', () => {
    expect(imageKey(1, 2, ID).startsWith(CHECKIN_IMAGES_PREFIX)).toBe(true);
  });
});
