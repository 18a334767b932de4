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
