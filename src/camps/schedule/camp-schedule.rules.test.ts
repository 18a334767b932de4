import { describe, expect, it } from 'vitest';
import { isoToDay, localDay } from '../../kernel/time/local-day.js';
import {
  campDayInstant,
  communityLocale,
  dueActions,
  praiseTimeOf,
  type ScheduledCamp,
} from './camp-schedule.rules.js';
import { campFromTemplate } from '../camp/camp.rules.js';

const earlyRiser: ScheduledCamp = {
  startDay: isoToDay('2024-06-03'),
  lengthDays: 21,
  window: { start: 300, end: 480 },
  reminderTime: '07:30',
  praiseTime: '08:00',
};
const nightOwl: ScheduledCamp = {
  startDay: isoToDay('2024-06-03'),
  lengthDays: 21,
  window: { start: 1320, end: 120 },
  reminderTime: '01:00',
  praiseTime: '23:30',
};
const readingNy = (start: string): ScheduledCamp => ({
  startDay: isoToDay(start),
  lengthDays: 30,
  window: { start: 0, end: 1440 },
  reminderTime: '21:00',
  praiseTime: '22:00',
});
const gapNy: ScheduledCamp = { ...readingNy('2024-03-01'), reminderTime: '02:30', praiseTime: null };

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

describe('dueActions', () => {
  it.each([
    // [case, camp, zone, UTC instant, reminder day, praise day]
    ['early riser: not yet at 07:29', earlyRiser, SH, '2024-06-04T23:29:00Z', null, null],
    ['early riser: reminder at 07:30', earlyRiser, SH, '2024-06-04T23:30:00Z', '2024-06-05', null],
    ['early riser: reminder until the window closes', earlyRiser, SH, '2024-06-04T23:59:59Z', '2024-06-05', null],
    [
      'early riser: praise at 08:00, no reminder after the deadline',
      earlyRiser,
      SH,
      '2024-06-05T00:00:00Z',
      null,
      '2024-06-05',
    ],
    ['early riser: praise no longer due three hours later', earlyRiser, SH, '2024-06-05T03:00:00Z', null, null],
    ['early riser: nothing before the first day', earlyRiser, SH, '2024-06-01T23:45:00Z', null, null],
    ['early riser: the last day still reminds', earlyRiser, SH, '2024-06-22T23:45:00Z', '2024-06-23', null],
    ['early riser: nothing after the last day', earlyRiser, SH, '2024-06-23T23:45:00Z', null, null],
    // A window crossing midnight: 01:00 on the 6th is camp day the 5th, whose window is still open.
    ["night owl: 23:00 is before that day's 01:00 reminder", nightOwl, SH, '2024-06-05T15:00:00Z', null, null],
    ['night owl: 01:00 reminds for the day before', nightOwl, SH, '2024-06-05T17:00:00Z', '2024-06-05', '2024-06-05'],
    ['night owl: closed at 02:00', nightOwl, SH, '2024-06-05T18:00:00Z', null, '2024-06-05'],
    // New York springs forward on 2024-03-10: 21:00 is 02:00Z the day before, 01:00Z that day.
    [
      'DST start: 21:00 EST on the 9th is 02:00Z',
      readingNy('2024-03-01'),
      NY,
      '2024-03-10T02:00:00Z',
      '2024-03-09',
      null,
    ],
    ['DST start: 20:59 EDT on the 10th is not yet', readingNy('2024-03-01'), NY, '2024-03-11T00:59:00Z', null, null],
    [
      'DST start: 21:00 EDT on the 10th is 01:00Z',
      readingNy('2024-03-01'),
      NY,
      '2024-03-11T01:00:00Z',
      '2024-03-10',
      null,
    ],
    ['DST start: praise at 22:00 EDT', readingNy('2024-03-01'), NY, '2024-03-11T02:00:00Z', '2024-03-10', '2024-03-10'],
    // 02:30 does not exist on 2024-03-10; it is read as 03:30 EDT (07:30Z).
    [
      'DST gap: a time in the skipped hour fires an hour later on the clock',
      gapNy,
      NY,
      '2024-03-10T07:29:00Z',
      null,
      null,
    ],
    ['DST gap: … at 03:30 EDT', gapNy, NY, '2024-03-10T07:30:00Z', '2024-03-10', null],
    // New York falls back on 2024-11-03: 21:00 EST is 02:00Z on the 4th (01:00Z on the 3rd the day before).
    [
      'DST end: 21:00 EDT on the 2nd is 01:00Z',
      readingNy('2024-10-20'),
      NY,
      '2024-11-03T01:00:00Z',
      '2024-11-02',
      null,
    ],
    [
      'DST end: 20:00 EST on the 3rd (01:00Z) is not yet',
      readingNy('2024-10-20'),
      NY,
      '2024-11-04T01:00:00Z',
      null,
      null,
    ],
    [
      'DST end: 21:00 EST on the 3rd is 02:00Z',
      readingNy('2024-10-20'),
      NY,
      '2024-11-04T02:00:00Z',
      '2024-11-03',
      null,
    ],
  ] as const)('%s', (_name, camp, zone, iso, reminder, praise) => {
    const now = Date.parse(iso);
    expect(dueActions(camp, zone, localDay(zone, now), now)).toEqual({
      reminderDay: reminder === null ? null : isoToDay(reminder),
      praiseDay: praise === null ? null : isoToDay(praise),
    });
  });

  it('places a time past midnight of a crossing window on the next date', () => {
    const day = isoToDay('2024-06-05');
    expect(new Date(campDayInstant(nightOwl.window, SH, day, 60)).toISOString()).toBe('2024-06-05T17:00:00.000Z');
    expect(new Date(campDayInstant(nightOwl.window, SH, day, 23 * 60)).toISOString()).toBe('2024-06-05T15:00:00.000Z');
  });
});

describe('praise times', () => {
  it('defaults per template and validates like the reminder time', () => {
    expect(campFromTemplate('early-riser-21').settings.praiseTime).toBe('08:00');
    expect(campFromTemplate('reading-30').settings.praiseTime).toBe('22:00');
    expect(campFromTemplate('reading-30', { settings: { praiseTime: null } }).settings.praiseTime).toBeNull();
    expect(() => campFromTemplate('custom', { settings: { praiseTime: '7pm' } })).toThrow(
      expect.objectContaining({ field: 'settings.praiseTime' }),
    );
  });

  it("gives camps stored before praise times their template's", () => {
    expect(praiseTimeOf('early-riser-21', { reminderTime: '07:30' })).toBe('08:00');
    expect(praiseTimeOf('early-riser-21', { praiseTime: null })).toBeNull();
    expect(praiseTimeOf('gone-template', {})).toBeNull();
  });
});

describe('communityLocale', () => {
  it.each([
    [{ locale: 'en' }, 'en'],
    [{ locale: 'zh-CN' }, 'zh-CN'],
    [{ locale: 'fr' }, 'zh-CN'],
    [{}, 'zh-CN'],
  ])('%j → %s', (settings, locale) => {
    expect(communityLocale(settings)).toBe(locale);
  });
});
