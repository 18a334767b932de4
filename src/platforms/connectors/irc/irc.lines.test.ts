import { describe, expect, it } from 'vitest';
import { IRC_TEXT_BYTES, ircLines, oneLine } from './irc.lines.js';

const bytes = (line: string) => Buffer.byteLength(line, 'utf8');

describe('IRC lines', () => {
  it('sends each line of the text as its own line, without empty ones', () => {
    expect(ircLines('hello\r\n\nworld\r  \n!')).toEqual(['hello', 'world', '!']);
    expect(ircLines('')).toEqual([]);
    expect(ircLines(' \n ')).toEqual([]);
  });

  it('cuts a long line at a space, each piece within the byte budget', () => {
    const text = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const lines = ircLines(text);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.every((l) => bytes(l) <= IRC_TEXT_BYTES)).toBe(true);
    expect(lines.join(' ')).toBe(text);
    expect(lines.every((l) => !l.startsWith(' ') && !l.endsWith(' '))).toBe(true);
  });

  it('never cuts inside a character: Chinese text without spaces, emoji sequences', () => {
    const chinese = '今天打卡完成了，继续加油！'.repeat(40); // 3 bytes a character
    const lines = ircLines(chinese, 100);
    expect(lines.every((l) => bytes(l) <= 100)).toBe(true);
    expect(lines.join('')).toBe(chinese);
    const family = '👨‍👩‍👧‍👦'; // one grapheme of 25 bytes
    const emoji = ircLines(family.repeat(10), 60);
    expect(emoji.join('')).toBe(family.repeat(10));
    expect(emoji.every((l) => bytes(l) <= 60 && [...new Intl.Segmenter().segment(l)].length <= 2)).toBe(true);
  });

  it('drops characters a line cannot carry', () => {
    expect(ircLines('a\0b')).toEqual(['ab']);
  });

  it('makes one line for a topic', () => {
    expect(oneLine('Camp day 3\n\nCheck in by 22:00')).toBe('Camp day 3 Check in by 22:00');
    expect(bytes(oneLine('x '.repeat(400), 50))).toBeLessThanOrEqual(50);
  });
});
