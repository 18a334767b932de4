import { describe, expect, it } from 'vitest';
import {
  assertTimeZone,
  createDayResolver,
  dayToIso,
  isoToDay,
  isoWeek,
  localHourAndWeekday,
  wallClockToUtc,
} from './local-day.js';

describe('local days', () => {
  it.each([
    // [zone, UTC instant, expected local date] — across midnight in the community's zone
    ['Asia/Shanghai', '2024-01-01T15:59:59Z', '2024-01-01'],
    ['Asia/Shanghai', '2024-01-01T16:00:00Z', '2024-01-02'],
    ['America/New_York', '2024-03-10T04:59:59Z', '2024-03-09'], // 23:59:59 EST
    ['America/New_York', '2024-03-10T05:00:00Z', '2024-03-10'], // DST starts that night
    ['America/New_York', '2024-03-11T03:59:59Z', '2024-03-10'], // 23:59:59 EDT
    ['America/New_York', '2024-03-11T04:00:00Z', '2024-03-11'],
    ['Europe/London', '2024-10-27T23:30:00Z', '2024-10-27'], // after fall-back, GMT
    ['Europe/London', '2024-10-26T23:30:00Z', '2024-10-27'], // 00:30 BST
    ['Asia/Kathmandu', '2024-01-01T18:14:00Z', '2024-01-01'], // +05:45
    ['Asia/Kathmandu', '2024-01-01T18:15:00Z', '2024-01-02'],
    ['UTC', '1969-12-31T23:59:59Z', '1969-12-31'],
  ])('%s: %s is on %s', (zone, instant, expected) => {
    const dayOf = createDayResolver(zone);
    expect(dayToIso(dayOf(Date.parse(instant)))).toBe(expected);
  });

  it('rejects unknown zones and impossible dates', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(/IANA/);
    expect(() => isoToDay('2024-02-30')).toThrow(/calendar date/);
    expect(() => isoToDay('2024-2-3')).toThrow(/YYYY-MM-DD/);
    expect(dayToIso(isoToDay('2024-02-29'))).toBe('2024-02-29');
  });

  it.each([
    ['2024-12-30', '2025-W01'],
    ['2021-01-03', '2020-W53'],
    ['2024-01-01', '2024-W01'],
    ['2023-01-01', '2022-W52'],
    ['2026-11-23', '2026-W48'],
  ])('ISO week of %s is %s', (date, week) => {
    expect(isoWeek(isoToDay(date))).toBe(week);
  });

  it('converts wall-clock times, including across daylight-saving changes', () => {
    expect(new Date(wallClockToUtc('Asia/Shanghai', 2024, 1, 1, 8)).toISOString()).toBe('2024-01-01T00:00:00.000Z');
    // 2024-03-10 02:30 does not exist in New York: read with the offset before the change.
    expect(new Date(wallClockToUtc('America/New_York', 2024, 3, 10, 2, 30)).toISOString()).toBe(
      '2024-03-10T07:30:00.000Z',
    );
    // 2024-11-03 01:30 happens twice: the earlier instant (EDT) is chosen.
    expect(new Date(wallClockToUtc('America/New_York', 2024, 11, 3, 1, 30)).toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
    expect(new Date(wallClockToUtc('America/New_York', 2024, 11, 3, 3, 0)).toISOString()).toBe(
      '2024-11-03T08:00:00.000Z',
    );
  });

  it('gives local hour and weekday', () => {
    expect(localHourAndWeekday('Asia/Shanghai', Date.parse('2026-11-22T17:00:00Z'))).toEqual({ hour: 1, weekday: 1 });
  });
});
