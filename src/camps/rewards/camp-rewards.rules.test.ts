import { describe, expect, it } from 'vitest';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import {
  badgeName,
  milestoneConfigOf,
  rewardCandidates,
  type RewardCamp,
  type StoredCheckin,
} from './camp-rewards.rules.js';

const TZ = 'Asia/Shanghai';
/** Camp day n (1-based) of a camp starting 2024-06-03 (epoch day 19877). */
const START = 19877;
const dayOf = (n: number) => START + n - 1;
/** Instant of camp day n at hh:mm local time. */
const atDay = (n: number, hh: number, mm = 0) => wallClockToUtc(TZ, 2024, 6, 2 + n, hh, mm);

const camp = (lengthDays = 21, milestones = [3, 7, 15, 21]): RewardCamp => ({
  id: 1,
  memberId: 5,
  streakCamp: {
    startDay: START,
    lengthDays,
    rules: { makeUpCards: 2, freezes: 0, freezeEarnedEveryDays: 0, missPolicy: 'reset' },
    milestones,
  },
  window: { start: 6 * 60, end: 9 * 60 },
  timezone: TZ,
  milestones: milestoneConfigOf(milestones),
});

/** Stored check-ins on the given camp days at `hh`:00, ids 1, 2, … */
const stored = (days: number[], hh = 8, voided: number[] = []): StoredCheckin[] =>
  days.map((n, i) => ({ id: i + 1, day: dayOf(n), kind: 'normal', voided: voided.includes(n), at: atDay(n, hh) }));

describe('milestoneConfigOf', () => {
  it.each([
    [
      'days the default table lists keep its points and badges',
      [7, 21],
      [
        { day: 7, points: 30, badge: 'milestone-7' },
        { day: 21, points: 100, badge: 'milestone-21' },
      ],
    ],
    [
      'other days earn 5 points a day and no badge',
      [30, 100],
      [
        { day: 30, points: 150 },
        { day: 100, points: 500 },
      ],
    ],
    ['no milestones', [], []],
  ] as const)('%s', (_name, days, expected) => {
    expect(milestoneConfigOf(days).milestones).toEqual(expected);
  });
});

describe('badgeName', () => {
  it.each([
    ['early-bird', { 'zh-CN': '早起鸟', en: 'Early bird' }],
    ['milestone-21', { 'zh-CN': '坚持 21 天', en: '21-day milestone' }],
    ['something-else', { 'zh-CN': 'something-else', en: 'something-else' }],
  ])('%s', (code, name) => expect(badgeName(code)).toEqual(name));
});

describe('rewardCandidates', () => {
  it('pays a first check-in 10 points and nothing more', () => {
    const r = rewardCandidates(camp(), [], { id: 9, day: dayOf(1), kind: 'normal', at: atDay(1, 8) }, dayOf(1));
    expect(r.points).toEqual([
      { key: 'checkin:9', memberId: 5, campId: 1, day: dayOf(1), action: 'checkin', points: 10 },
    ]);
    expect([r.milestones, r.badges]).toEqual([[], []]);
  });

  it('on the 7th day in a row pays the streak bonus, milestone 7 and its badge, and the streak keeper badge', () => {
    const r = rewardCandidates(
      camp(),
      stored([1, 2, 3, 4, 5, 6]),
      { id: 7, day: dayOf(7), kind: 'normal', at: atDay(7, 8) },
      dayOf(7),
    );
    expect(r.points.map((e) => [e.key, e.points])).toEqual([
      ['checkin:7', 10],
      [`streak-bonus:1:5:${dayOf(1)}:7`, 20],
    ]);
    expect(r.milestones.map(({ milestone, entry }) => [milestone.day, entry?.key, entry?.points])).toEqual([
      [7, 'milestone:1:5:7', 30],
    ]);
    expect(r.badges.map((b) => b.code)).toEqual(['streak-keeper', 'milestone-7']);
  });

  it("pays a make-up on the day it is made, and the bonus of the run it joins, keyed by the joined run's first day", () => {
    // Days 1–3 and 5–7 done, day 4 missed; on day 8 (not yet checked in) day 4 is made up.
    const r = rewardCandidates(
      camp(),
      stored([1, 2, 3, 5, 6, 7]),
      { id: 20, day: dayOf(4), kind: 'makeup', at: atDay(8, 12) },
      dayOf(8),
    );
    expect(r.points.map((e) => [e.key, e.action, e.day, e.points])).toEqual([
      ['checkin:20', 'makeup-checkin', dayOf(8), 5],
      [`streak-bonus:1:5:${dayOf(1)}:7`, 'streak-bonus', dayOf(8), 20],
    ]);
    expect(r.milestones.map(({ milestone }) => milestone.day)).toEqual([7]);
  });

  it('counts no voided check-in toward milestones, and finds a comeback after three missed days', () => {
    const r = rewardCandidates(
      camp(),
      stored([1, 2], 8, [2]),
      { id: 3, day: dayOf(6), kind: 'normal', at: atDay(6, 8) },
      dayOf(6),
    );
    expect(r.milestones).toEqual([]);
    expect(r.badges).toEqual([{ code: 'comeback', params: { missedDays: 4 } }]);
  });

  it('counts early check-ins (within 30 minutes of 06:00) toward the early bird badge, make-ups never', () => {
    const early = (days: number[]) =>
      days.map((n, i) => ({ id: i + 1, day: dayOf(n), kind: 'normal' as const, voided: false, at: atDay(n, 6, 10) }));
    const fifth = { id: 5, day: dayOf(5), kind: 'normal' as const, at: atDay(5, 6, 29) };
    expect(rewardCandidates(camp(), early([1, 2, 3, 4]), fifth, dayOf(5)).badges.map((b) => b.code)).toEqual([
      'early-bird',
    ]);
    const late = { ...fifth, at: atDay(5, 6, 30) };
    expect(rewardCandidates(camp(), early([1, 2, 3, 4]), late, dayOf(5)).badges).toEqual([]);
  });

  it('awards perfect attendance when every camp day has an on-time check-in', () => {
    const r = rewardCandidates(
      camp(3, [3]),
      stored([1, 2]),
      { id: 3, day: dayOf(3), kind: 'normal', at: atDay(3, 8) },
      dayOf(3),
    );
    expect(r.badges.map((b) => b.code)).toEqual(['perfect-attendance']);
    expect(r.milestones.map(({ milestone, entry }) => [milestone.day, entry?.points])).toEqual([[3, 10]]);
  });
});
