import { describe, expect, it } from 'vitest';
import {
  cohortRetention,
  cohortRetentionFromCounts,
  median,
  medianOfCounts,
  nearestRank,
  nearestRankOfCounts,
  top20Share,
} from './metrics.rules.js';
import { isSilent, m7AndPeak, phaseOf, survives } from '../communities/phase.rules.js';
import { isPresent } from '../communities/presence.rules.js';
import { tierOf } from '../members/stats/tier.rules.js';

describe('tiers', () => {
  it.each([
    [{ messageDays: 4, activityEvents: 4 }, 'active'],
    [{ messageDays: 3, activityEvents: 40 }, 'observer'], // many messages on 3 days is not active
    [{ messageDays: 0, activityEvents: 1 }, 'observer'], // checks in but seldom speaks
    [{ messageDays: 0, activityEvents: 0 }, 'lurker'],
  ] as const)('%j → %s', (window, tier) => expect(tierOf(window)).toBe(tier));
});

describe('presence on day D', () => {
  it.each([
    [{ latestMembershipEventOnOrBeforeD: 'join', hasMembershipEvents: true, firstEventDay: 10 }, 10, true],
    [{ latestMembershipEventOnOrBeforeD: 'leave', hasMembershipEvents: true, firstEventDay: 1 }, 10, false],
    // joined later than D: has join/leave events, none on or before D
    [{ latestMembershipEventOnOrBeforeD: null, hasMembershipEvents: true, firstEventDay: 3 }, 5, false],
    [{ latestMembershipEventOnOrBeforeD: null, hasMembershipEvents: false, firstEventDay: 5 }, 5, true],
    [{ latestMembershipEventOnOrBeforeD: null, hasMembershipEvents: false, firstEventDay: 6 }, 5, false],
  ] as const)('%j on %i → %s', (facts, day, present) => expect(isPresent(facts, day)).toBe(present));
});

describe('median and p90', () => {
  it.each([
    [[], null, null],
    [[7], 7, 7],
    [[1, 2], 1.5, 2],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5.5, 9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6, 10], // ⌈9.9⌉ = 10th smallest
  ])('%j → median %s, p90 %s', (values, med, p90) => {
    expect(median(values)).toBe(med);
    expect(nearestRank(values, 0.9)).toBe(p90);
  });

  it('reads the same from values counted per distinct value', () => {
    const runs = [
      { value: 1, count: 3 },
      { value: 2, count: 1 },
      { value: 5, count: 4 },
      { value: 9, count: 2 },
    ];
    const values = [1, 1, 1, 2, 5, 5, 5, 5, 9, 9];
    expect(medianOfCounts(runs)).toBe(median(values)); // (5 + 5) / 2
    expect(nearestRankOfCounts(runs, 0.9)).toBe(nearestRank(values, 0.9));
    expect(medianOfCounts(runs.slice(0, 2))).toBe(1);
    expect(medianOfCounts([])).toBeNull();
    expect(nearestRankOfCounts([], 0.9)).toBeNull();
  });
});

describe('concentration', () => {
  it.each([
    [[10, 1, 1, 1, 1], 10 / 14],
    [[5], 1],
    [[3, 3, 3, 3, 3, 3], 6 / 18], // ⌈1.2⌉ = 2 authors
    [[], null],
    [[0, 0], null],
  ])('%j → %s', (counts, share) => expect(top20Share(counts)).toBe(share));
});

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

describe('retention', () => {
  it('counts only members whose window has elapsed', () => {
    const members = [
      { day0: 0, activeOffsets: new Set([1, 7, 14]) },
      { day0: 0, activeOffsets: new Set([13]) },
      { day0: 3, activeOffsets: new Set([30]) },
    ];
    // last day 16: week1 windows elapsed for day0=0 (0+13 ≤ 16) and day0=3 (16 ≤ 16)
    expect(cohortRetention(members, 16)).toEqual({
      size: 3,
      week1: 2 / 3,
      week2: null,
      week3: null,
      week4: null,
      d1: 1 / 3,
      d7: 1 / 3,
      d30: null,
    });
    expect(cohortRetention(members, 40)).toMatchObject({ week2: 1 / 3, week3: 0, week4: 1 / 3, d30: 1 / 3 });
  });

  it('gives the same rates from counts per day 0', () => {
    // Windows in RETENTION_WINDOWS order: week1..week4, d1, d7, d30.
    const days = [
      { day0: 0, size: 2, retained: [2, 1, 0, 0, 1, 1, 0] },
      { day0: 3, size: 1, retained: [0, 0, 0, 1, 0, 0, 1] },
    ];
    expect(cohortRetentionFromCounts(days, 16)).toEqual({
      size: 3,
      week1: 2 / 3,
      week2: null,
      week3: null,
      week4: null,
      d1: 1 / 3,
      d7: 1 / 3,
      d30: null,
    });
    expect(cohortRetentionFromCounts(days, 40)).toMatchObject({ week2: 1 / 3, week3: 0, week4: 1 / 3, d30: 1 / 3 });
  });
});
