import { describe, expect, it } from 'vitest';
import { asOfDay } from './community.rules.js';

describe('asOfDay', () => {
  it.each([
    ['imported history ending before today is shown as it ended', 100, 130, 100],
    ['data up to today', 130, 130, 130],
    ['data past today (a clock ahead elsewhere) is cut at today', 131, 130, 130],
    ['no events yet', null, 130, 130],
  ])('%s', (_name, last, today, expected) => {
    expect(asOfDay(last, today)).toBe(expected);
  });
});
