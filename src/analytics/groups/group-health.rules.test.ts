import { describe, expect, it } from 'vitest';
import { m7AndPeak, phaseOf } from '../../communities/phase.rules.js';
import { groupHealth, nonStaffDailyMessages, phaseAsOf } from './group-health.rules.js';

const series = (entries: Array<[number, number]>) => new Map(entries);
const daily = (from: number, to: number, n: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => [from + i, n] as [number, number]);

describe('phaseAsOf', () => {
  it.each([
    [
      'steady: honeymoon since the first day',
      daily(0, 20, 5),
      0,
      20,
      { phase: 'honeymoon', since: 0, m7: 35, peak: 35, silent: false },
    ],
    // 10 a day for 20 days, then nothing: m7 70 → 60 50 (honeymoon) 40 30 20 (cooling) 10 (fading) 0 (silent)
    [
      'silent since the 7th quiet day',
      daily(0, 19, 10),
      0,
      27,
      { phase: 'silent', since: 26, m7: 0, peak: 70, silent: true },
    ],
    [
      'fading since m7 fell below 0.2·peak',
      daily(0, 19, 10),
      0,
      25,
      { phase: 'fading', since: 25, m7: 10, peak: 70, silent: false },
    ],
    ['cooling', daily(0, 19, 10), 0, 23, { phase: 'cooling', since: 22, m7: 30, peak: 70, silent: false }],
    [
      'a new group is not silent before a full week',
      [],
      10,
      14,
      { phase: 'honeymoon', since: 10, m7: 0, peak: 0, silent: false },
    ],
    [
      'a group without events has not started',
      [],
      null,
      14,
      { phase: 'honeymoon', since: 14, m7: 0, peak: 0, silent: false },
    ],
    [
      'revived after silence: the new phase counts from the revival',
      [...daily(0, 3, 10), [20, 40]] as Array<[number, number]>,
      0,
      21,
      { phase: 'honeymoon', since: 20, m7: 40, peak: 40, silent: false },
    ],
  ] as const)('%s', (_name, entries, first, asOf, expected) => {
    expect(phaseAsOf(series([...entries]), first, asOf)).toEqual(expected);
  });

  it('agrees with the report rules on m7, peak and phase, day by day', () => {
    const messages = series([
      [0, 3],
      [1, 9],
      [4, 1],
      [9, 20],
      [10, 2],
      [17, 1],
      [30, 4],
    ]);
    for (let asOf = 0; asOf <= 40; asOf++) {
      const { m7, peak } = m7AndPeak(messages, 0, asOf);
      const state = phaseAsOf(messages, 0, asOf);
      expect({ m7: state.m7, peak: state.peak }).toEqual({ m7, peak });
      expect(state.phase).toBe(phaseOf({ m7, peak, silent: state.silent }));
    }
  });
});

describe('groupHealth', () => {
  it.each([
    ['honeymoon, 30% weekly active', { phase: 'honeymoon', wau: 30, size: 100 }, 84],
    ['honeymoon, half or more weekly active', { phase: 'honeymoon', wau: 80, size: 100 }, 100],
    ['cooling, nobody active', { phase: 'cooling', wau: 0, size: 100 }, 36],
    ['fading, 10% active', { phase: 'fading', wau: 10, size: 100 }, 23],
    ['silent, empty group', { phase: 'silent', wau: 0, size: 0 }, 0],
  ] as const)('%s → %i', (_name, group, expected) => {
    expect(groupHealth(group)).toBe(expected);
  });
});

describe('nonStaffDailyMessages', () => {
  it('subtracts the messages of staff in that group only', () => {
    const roles = [
      { member_id: 7, group_id: 1 },
      { member_id: 8, group_id: null },
    ];
    const result = nonStaffDailyMessages(
      [1, 2],
      [
        { group_id: 1, day: 5, messages: 10 },
        { group_id: 2, day: 5, messages: 6 },
      ],
      [
        { group_id: 1, member_id: 7, day: 5, messages: 3 },
        { group_id: 2, member_id: 7, day: 5, messages: 2 }, // 7 is staff in group 1 only
        { group_id: 2, member_id: 8, day: 5, messages: 1 }, // 8 is staff everywhere
      ],
      roles,
    );
    expect(result.get(1)!.get(5)).toBe(7);
    expect(result.get(2)!.get(5)).toBe(5);
  });
});
