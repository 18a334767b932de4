import { describe, expect, it } from 'vitest';
import { isoToDay, wallClockToUtc } from '../../kernel/time/local-day.js';
import {
  heatmapOf,
  isNightHour,
  offsetSegments,
  ruleTagsOf,
  tierHistory,
  weekdayIndex,
  type RuleTagFacts,
} from './member-stats.rules.js';

const none: RuleTagFacts = {
  messages: 0,
  nightMessages: 0,
  weekendMessages: 0,
  questions: 0,
  longestCheckinStreak: 0,
  firstDay: null,
};

describe('rule tags', () => {
  it.each([
    ['night owl at exactly 30%', { messages: 10, nightMessages: 3 }, ['night_owl']],
    ['not a night owl below 30%', { messages: 10, nightMessages: 2 }, []],
    ['too few messages to judge the night', { messages: 4, nightMessages: 4 }, []],
    ['weekend poster at exactly 50%', { messages: 6, weekendMessages: 3 }, ['weekend_poster']],
    ['too few messages to judge weekends', { messages: 4, weekendMessages: 4 }, []],
    ['question asker from 3 questions', { questions: 3 }, ['question_asker']],
    ['two questions are not enough', { questions: 2 }, []],
    ['streak keeper from 7 days', { longestCheckinStreak: 7 }, ['streak_keeper']],
    ['6 days is no streak', { longestCheckinStreak: 6 }, []],
    ['newcomer on the as-of day', { firstDay: 100 }, ['newcomer']],
    ['newcomer 6 days before', { firstDay: 94 }, ['newcomer']],
    ['not a newcomer 7 days before', { firstDay: 93 }, []],
  ] as const)('%s', (_name, facts, tags) => expect(ruleTagsOf({ ...none, ...facts }, 100)).toEqual(tags));

  it.each([
    [22, false],
    [23, true],
    [0, true],
    [4, true],
    [5, false],
  ])('hour %i is night: %s', (hour, night) => expect(isNightHour(hour)).toBe(night));
});

describe('zone offset segments', () => {
  it('has one segment where the zone does not change', () => {
    expect(offsetSegments('Asia/Shanghai', Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31))).toEqual([
      { from: Date.UTC(2024, 0, 1), offset: 8 * 3_600_000 },
    ]);
  });

  it('finds New York’s DST changes to the instant', () => {
    const segments = offsetSegments('America/New_York', Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31));
    expect(segments).toEqual([
      { from: Date.UTC(2024, 0, 1), offset: -5 * 3_600_000 },
      { from: Date.UTC(2024, 2, 10, 7), offset: -4 * 3_600_000 }, // 02:00 EST
      { from: Date.UTC(2024, 10, 3, 6), offset: -5 * 3_600_000 }, // 02:00 EDT
    ]);
  });

  it('handles quarter-hour zones', () => {
    expect(offsetSegments('Asia/Kathmandu', 0 + Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1))[0].offset).toBe(
      5.75 * 3_600_000,
    );
  });
});

describe('heatmap', () => {
  it('places local hours on weekday × hour', () => {
    const localHour = (iso: string, hour: number) => isoToDay(iso) * 24 + hour;
    const grid = heatmapOf([
      { localHour: localHour('2024-05-20', 9), messages: 2 }, // Monday
      { localHour: localHour('2024-05-26', 23), messages: 5 }, // Sunday
      { localHour: localHour('2024-05-27', 9), messages: 1 }, // Monday again
    ]);
    expect(grid).toHaveLength(7);
    expect(grid[0][9]).toBe(3);
    expect(grid[6][23]).toBe(5);
    expect(grid.flat().reduce((a, b) => a + b, 0)).toBe(8);
  });

  it('numbers weekdays from Monday', () => {
    expect(weekdayIndex(isoToDay('2024-05-20'))).toBe(0);
    expect(weekdayIndex(isoToDay('2024-05-26'))).toBe(6);
    expect(wallClockToUtc('Asia/Shanghai', 2024, 5, 20)).toBeGreaterThan(0);
  });
});

describe('tier history', () => {
  const asOf = isoToDay('2024-05-22'); // a Wednesday
  const day = (iso: string, messages: number, checkins = 0) => ({ day: isoToDay(iso), messages, checkins });

  it('ends at the as-of day, preceded by Sundays', () => {
    const points = tierHistory([], isoToDay('2024-01-01'), asOf, 3).map((p) => p.day);
    expect(points).toEqual([isoToDay('2024-05-12'), isoToDay('2024-05-19'), asOf]);
  });

  it('has no extra point when the as-of day is a Sunday', () => {
    expect(tierHistory([], 0, isoToDay('2024-05-19'), 2).map((p) => p.day)).toEqual([
      isoToDay('2024-05-12'),
      isoToDay('2024-05-19'),
    ]);
  });

  it('follows the 14-day window', () => {
    const days = [
      day('2024-05-06', 1),
      day('2024-05-07', 1),
      day('2024-05-08', 1),
      day('2024-05-09', 1),
      day('2024-05-20', 0, 1),
    ];
    const history = tierHistory(days, isoToDay('2024-05-06'), asOf, 4);
    expect(history.map((p) => p.tier)).toEqual([null, 'active', 'active', 'observer']);
    // 04-28 is before the member's first day; 05-22's window (05-09..05-22) has one message day and a check-in.
  });
});
