import { describe, expect, it } from 'vitest';
import { asOfDay, assertSlug, mergeSettings, suggestSlug } from './community.rules.js';

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

describe('suggestSlug', () => {
  it.each([
    ['Reading Club 2025', 'reading-club-2025'],
    ['  Café   Crème!! ', 'cafe-creme'],
    ['早起营', 'community'],
    ['早起营 Early Risers', 'early-risers'],
    ['a'.repeat(80), 'a'.repeat(56)],
  ])('%s → %s', (name, slug) => {
    expect(suggestSlug(name)).toBe(slug);
    expect(() => assertSlug(suggestSlug(name))).not.toThrow();
  });
});

describe('mergeSettings', () => {
  it('replaces given keys, removes nulls and keeps what it does not know', () => {
    expect(
      mergeSettings({ locale: 'en', future: 1, questions: { marks: ['?'] } }, { locale: 'zh-CN', questions: null }),
    ).toEqual({
      locale: 'zh-CN',
      future: 1,
    });
  });
});
