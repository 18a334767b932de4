import { describe, expect, it } from 'vitest';
import { cachedDecoder, decodeBinary, decodeBinaryStrings, decodeBinaryValue } from './binary-strings.js';

/** What a Latin-1 decoding of the UTF-8 file gives for `text`. */
const binary = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const TEXTS = ['', 'plain ASCII', '早起打卡 ✓', 'Zoë 🎉 \u2028', 'a\tb\n"c"'];

describe('binary strings', () => {
  it.each(TEXTS)('decodes %j back to its text, alone and in a batch', (text) => {
    expect(decodeBinary(binary(text))).toBe(text);
    expect(decodeBinaryStrings(['x', binary(text), binary('尾')])).toEqual(['x', text, '尾']);
  });

  it('decodes an empty batch to nothing', () => {
    expect(decodeBinaryStrings([])).toEqual([]);
  });

  it('remembers what it decoded, and answers the same', () => {
    const decode = cachedDecoder();
    const name = binary('张三');
    expect(decode(name)).toBe('张三');
    expect(decode(name)).toBe('张三');
    expect(decode('user1')).toBe('user1');
  });

  it('decodes keys and strings at any depth, leaving other values alone', () => {
    const value = { [binary('名')]: [binary('值'), 1, null, { [binary('深')]: true }] };
    expect(decodeBinaryValue(value)).toEqual({ 名: ['值', 1, null, { 深: true }] });
  });
});
