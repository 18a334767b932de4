import { describe, expect, it } from 'vitest';
import { isSilent, m7AndPeak, phaseOf, survives } from './phase.rules.js';

describe('lifecycle', () => {
  const series = (entries: Array<[number, number]>) => new Map(entries);
  it('rolls M7 and keeps the peak', () => {
    // 10 messages on each of days 0..6, then 1 on day 10
    const byDay = series([
      [0, 10],
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 10],
      [5, 10],
      [6, 10],
      [10, 1],
    ]);
    expect(m7AndPeak(byDay, 0, 6)).toEqual({ m7: 70, peak: 70 });
    expect(m7AndPeak(byDay, 0, 10)).toEqual({ m7: 31, peak: 70 }); // days 4..10
    expect(m7AndPeak(byDay, 0, 16)).toEqual({ m7: 1, peak: 70 });
    expect(m7AndPeak(byDay, 0, 17)).toEqual({ m7: 0, peak: 70 });
  });
  it.each([
    [{ m7: 60, peak: 100, silent: false }, 'honeymoon'],
    [{ m7: 59, peak: 100, silent: false }, 'cooling'],
    [{ m7: 20, peak: 100, silent: false }, 'cooling'],
    [{ m7: 19, peak: 100, silent: false }, 'fading'],
    [{ m7: 0, peak: 0, silent: false }, 'honeymoon'], // a new group with only staff talk yet
    [{ m7: 0, peak: 9, silent: true }, 'silent'],
  ] as const)('%j → %s', (g, phase) => expect(phaseOf(g)).toBe(phase));
  it('is silent only after a full window', () => {
    expect(isSilent(0, 0, 5)).toBe(false);
    expect(isSilent(0, 0, 6)).toBe(true);
    expect(isSilent(1, 0, 60)).toBe(false);
  });
  it('survival(n)', () => {
    const byDay = series([
      [0, 3],
      [8, 1],
    ]);
    expect(survives(byDay, 0, 6)).toBe(true); // day 0 still in D-6..D
    expect(survives(byDay, 0, 7)).toBe(false);
    expect(survives(byDay, 0, 14)).toBe(true);
    expect(survives(byDay, 0, 15)).toBe(false);
  });
});
