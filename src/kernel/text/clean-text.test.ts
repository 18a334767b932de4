import { describe, expect, it } from 'vitest';
import { cleanStrings, cleanText } from './clean-text.js';

describe('cleanText', () => {
  it('removes C0 controls but tab and line ends, and lone surrogates; keeps pairs, DEL and the rest', () => {
    expect(cleanText('a\u0000b\u0001c\u001fd\te\nf\rg\u007fh')).toBe('abcd\te\nf\rg\u007fh');
    expect(cleanText('x\ud800y\udc00z😀')).toBe('xyz😀');
  });

  it('returns the very string when there is nothing to remove', () => {
    const text = '早起打卡 🎉\n';
    expect(cleanText(text)).toBe(text);
  });
});

describe('cleanStrings', () => {
  it('cleans every string of a parsed JSON value, keys too, in place', () => {
    const body = { text: 'a\u0000b', list: ['\u0001x', 3, null, { 'k\u0000': 'v\u0000' }], n: 1, ok: true };
    expect(cleanStrings(body)).toBe(body);
    expect(body).toEqual({ text: 'ab', list: ['x', 3, null, { k: 'v' }], n: 1, ok: true });
    expect(cleanStrings('q\u0000')).toBe('q');
    expect(cleanStrings(undefined)).toBe(undefined);
  });

  it('cleans a query string object (null prototype) and leaves buffers alone', () => {
    const query = Object.assign(Object.create(Object.create(null)), { q: 'bo\u0000b' });
    expect(cleanStrings(query).q).toBe('bob');
    const buffer = Buffer.from([0]);
    expect(cleanStrings({ buffer }).buffer).toBe(buffer);
  });
});
