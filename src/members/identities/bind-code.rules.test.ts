import { describe, expect, it } from 'vitest';
import { BIND_CODE_ALPHABET, bindCodeOf, codeInMessage } from './bind-code.rules.js';

describe('bind codes in messages', () => {
  it.each([
    ['ABCD2345', 'ABCD2345'],
    ['  abcd2345 ', 'ABCD2345'],
    ['bind abcd2345', 'ABCD2345'],
    ['BIND ABCD2345', 'ABCD2345'],
    ['绑定 ABCD2345', 'ABCD2345'],
    ['绑定ABCD2345', 'ABCD2345'],
  ])('reads %j as %s', (text, code) => {
    expect(codeInMessage(text)).toBe(code);
  });

  it.each([null, '', 'ABCD234', 'ABCD23456', 'ABCD2340', 'ABCDI234', 'my code ABCD2345', 'bind: ABCD2345'])(
    'reads no code in %j',
    (text) => {
      expect(codeInMessage(text)).toBeNull();
    },
  );

  it('makes codes of unambiguous characters only', () => {
    expect(BIND_CODE_ALPHABET).not.toMatch(/[01ILO]/);
    expect(bindCodeOf([0, 1, 2, 3, 4, 5, 6, BIND_CODE_ALPHABET.length - 1])).toBe('ABCDEFG9');
  });
});
