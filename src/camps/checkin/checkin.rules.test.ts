import { describe, expect, it } from 'vitest';
import { localDay, wallClockToUtc } from '../../kernel/time/local-day.js';
import { CAMP_TEMPLATES } from '../camp/camp.rules.js';
import {
  decideCheckin,
  parseChatCheckin,
  placeInstant,
  type CheckinCamp,
  type MemberCheckins,
} from './checkin.rules.js';

const local = (zone: string, iso: string) => {
  const [date, time] = iso.split(' ');
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return wallClockToUtc(zone, y, m, d, hh, mm);
};
const dayOf = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

function camp(
  timezone: string,
  start: string,
  end: string,
  first = '2024-03-01',
  overrides: Partial<CheckinCamp> = {},
): CheckinCamp {
  const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3));
  return {
    startDay: dayOf(first),
    lengthDays: 21,
    window: { start: minutes(start), end: minutes(end) },
    timezone,
    content: CAMP_TEMPLATES.custom.content,
    rules: { makeUpCards: 1, makeUpMaxDaysLate: 2 },
    ...overrides,
  };
}
const none: MemberCheckins = { days: new Set(), makeUpsUsed: 0 };

describe('placeInstant and decideCheckin: the window', () => {
  it.each([
    // zone, window, local wall-clock time, expected decision (day or code)
    ['Asia/Shanghai', '05:00', '08:00', '2024-03-05 05:00', '2024-03-05'],
    ['Asia/Shanghai', '05:00', '08:00', '2024-03-05 07:59', '2024-03-05'],
    ['Asia/Shanghai', '05:00', '08:00', '2024-03-05 08:00', 'OUTSIDE_WINDOW'],
    ['Asia/Shanghai', '05:00', '08:00', '2024-03-05 04:59', 'OUTSIDE_WINDOW'],
    // across midnight: the window belongs to the day it starts on
    ['Asia/Shanghai', '22:00', '02:00', '2024-03-05 22:00', '2024-03-05'],
    ['Asia/Shanghai', '22:00', '02:00', '2024-03-06 01:59', '2024-03-05'],
    ['Asia/Shanghai', '22:00', '02:00', '2024-03-06 02:00', 'OUTSIDE_WINDOW'],
    ['Asia/Shanghai', '22:00', '02:00', '2024-03-01 01:00', 'CAMP_NOT_STARTED'],
    ['Asia/Shanghai', '22:00', '02:00', '2024-03-22 01:00', '2024-03-21'],
    ['Asia/Shanghai', '22:00', '02:00', '2024-03-22 22:00', 'CAMP_ENDED'],
    ['America/New_York', '22:00', '02:00', '2024-03-06 00:30', '2024-03-05'],
    // spring forward in New York on 2024-03-10 (02:00 → 03:00): the window is on the wall clock
    ['America/New_York', '05:00', '08:00', '2024-03-10 05:00', '2024-03-10'],
    ['America/New_York', '05:00', '08:00', '2024-03-10 07:59', '2024-03-10'],
    ['America/New_York', '05:00', '08:00', '2024-03-10 04:59', 'OUTSIDE_WINDOW'],
    ['America/New_York', '05:00', '08:00', '2024-03-10 08:00', 'OUTSIDE_WINDOW'],
    ['America/New_York', '05:00', '08:00', '2024-03-09 05:30', '2024-03-09'],
    ['America/New_York', '05:00', '08:00', '2024-03-11 05:30', '2024-03-11'],
    ['America/New_York', '00:00', '24:00', '2024-03-10 23:59', '2024-03-10'],
    ['America/New_York', '00:00', '24:00', '2024-03-11 00:00', '2024-03-11'],
  ])('%s %s–%s at %s → %s', (zone, start, end, when, expected) => {
    const decision = decideCheckin(camp(zone, start, end), none, {}, local(zone, when));
    expect(decision.ok ? new Date(decision.day * 86_400_000).toISOString().slice(0, 10) : decision.code).toBe(expected);
  });

  it('reads the spring-forward hour by UTC instants too: 05:00 EDT is 09:00 UTC, 05:00 EST the day before is 10:00 UTC', () => {
    const window = { start: 300, end: 480 };
    expect(placeInstant(window, 'America/New_York', Date.parse('2024-03-10T09:00:00Z')).windowDay).toBe(
      dayOf('2024-03-10'),
    );
    expect(placeInstant(window, 'America/New_York', Date.parse('2024-03-10T08:59:00Z')).windowDay).toBeNull();
    expect(placeInstant(window, 'America/New_York', Date.parse('2024-03-09T09:30:00Z')).windowDay).toBeNull();
    expect(placeInstant(window, 'America/New_York', Date.parse('2024-03-09T10:00:00Z')).windowDay).toBe(
      dayOf('2024-03-09'),
    );
    // fall back (2024-11-03): 01:30 happens twice; both belong to a 01:00–02:00 window
    const night = { start: 60, end: 120 };
    expect(placeInstant(night, 'America/New_York', Date.parse('2024-11-03T05:30:00Z')).windowDay).toBe(
      dayOf('2024-11-03'),
    );
    expect(placeInstant(night, 'America/New_York', Date.parse('2024-11-03T06:30:00Z')).windowDay).toBe(
      dayOf('2024-11-03'),
    );
    expect(localDay('America/New_York', Date.parse('2024-11-03T06:30:00Z'))).toBe(dayOf('2024-11-03'));
  });
});

describe('decideCheckin: repeats, fields and make-ups', () => {
  const zone = 'Asia/Shanghai';
  const at = local(zone, '2024-03-05 12:00');
  const whole = camp(zone, '00:00', '24:00');

  it('refuses a second check-in the same day', () => {
    expect(decideCheckin(whole, { days: new Set([dayOf('2024-03-05')]), makeUpsUsed: 0 }, {}, at)).toMatchObject({
      ok: false,
      code: 'ALREADY_CHECKED_IN',
    });
  });

  it('names a missing required field, with the number label', () => {
    const reading = camp(zone, '00:00', '24:00', '2024-03-01', {
      content: { ...whole.content, number: true, numberLabel: 'pages' },
    });
    expect(decideCheckin(reading, none, { text: 'hi' }, at)).toMatchObject({
      ok: false,
      code: 'MISSING_FIELD',
      field: 'number',
      message: expect.stringContaining('pages'),
    });
    expect(decideCheckin(reading, none, { number: 0 }, at)).toMatchObject({ ok: true });
  });

  it.each([
    ['2024-03-04', 0, true, 'yesterday, a card left'],
    ['2024-03-03', 0, true, 'two days late is allowed'],
    ['2024-03-02', 0, 'MAKEUP_NOT_ALLOWED', 'three days late is too late'],
    ['2024-03-04', 1, 'MAKEUP_NOT_ALLOWED', 'no card left'],
    ['2024-03-05', 0, 'MAKEUP_NOT_ALLOWED', 'today is not a make-up'],
    ['2024-02-29', 0, 'MAKEUP_NOT_ALLOWED', 'before the camp'],
  ])('make-up for %s with %i used → %s (%s)', (day, used, expected, _why) => {
    const decision = decideCheckin(
      whole,
      { days: new Set(), makeUpsUsed: used as number },
      { makeUpDay: dayOf(day as string) },
      at,
    );
    expect(decision.ok ? true : decision.code).toBe(expected);
    if (decision.ok) expect(decision.kind).toBe('makeup');
  });

  it('lets a make-up fill a day outside the window and after the camp ended, within the delay', () => {
    const early = camp(zone, '05:00', '08:00');
    expect(decideCheckin(early, none, { makeUpDay: dayOf('2024-03-04') }, at)).toMatchObject({
      ok: true,
      kind: 'makeup',
    });
    expect(
      decideCheckin(early, none, { makeUpDay: dayOf('2024-03-21') }, local(zone, '2024-03-22 12:00')),
    ).toMatchObject({ ok: true });
  });
});

describe('parseChatCheckin', () => {
  it.each([
    ['打卡 今天读了 25 页', { text: '今天读了 25 页', number: 25, link: null }],
    [
      '#checkin 30 pages https://example.com/notes?x=1',
      { text: '30 pages https://example.com/notes?x=1', number: 30, link: 'https://example.com/notes?x=1' },
    ],
    ['#CheckIn', { text: '', number: null, link: null }],
    ['打卡：跑步5.5公里', { text: '跑步5.5公里', number: 5.5, link: null }],
    ['#打卡 早起', { text: '早起', number: null, link: null }],
    ['今天不打卡', null],
    ['#checking in later', null],
    ['打卡机坏了', null],
  ])('%s', (message, expected) => {
    expect(parseChatCheckin(message)).toEqual(expected);
  });
});
