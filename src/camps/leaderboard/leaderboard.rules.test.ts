import { describe, expect, it } from 'vitest';
import type { PointsEntry } from '../rewards/gamification.rules.js';
import {
  DEFAULT_ROLE_MODEL_RULES,
  describeRoleModel,
  entryInWindow,
  leaderboard,
  pickRoleModels,
  type TodayCheckin,
} from './leaderboard.rules.js';

const TODAY = 20_000;
let nextKey = 1;
const entry = (memberId: number, points: number, daysAgo = 0, campId: number | null = 1): PointsEntry => ({
  key: `k${nextKey++}`,
  memberId,
  campId,
  day: TODAY - daysAgo,
  action: 'checkin',
  points,
});
const ranks = (rows: ReturnType<typeof leaderboard>) => rows.map((r) => [r.rank, r.memberId, r.points]);

describe('entryInWindow', () => {
  it.each([
    ['last-7-days', 0, 1, true],
    ['last-7-days', 6, 1, true],
    ['last-7-days', 7, 1, false],
    ['last-30-days', 29, 1, true],
    ['last-30-days', 30, 1, false],
    ['camp', 400, 1, true],
    ['camp', 0, 2, false],
    ['camp', 0, null, false],
    ['all-time', 4000, null, true],
    ['all-time', -1, 1, false],
  ] as const)('%s: an entry %i days ago in camp %s → %s', (window, daysAgo, campId, expected) => {
    expect(entryInWindow(entry(1, 10, daysAgo, campId), window, TODAY, 1)).toBe(expected);
  });

  it('the camp window without a camp id holds nothing', () => {
    expect(entryInWindow(entry(1, 10), 'camp', TODAY)).toBe(false);
  });
});

describe('leaderboard', () => {
  it('ranks by points with competition ranking (1, 1, 3)', () => {
    const entries = [entry(1, 30), entry(2, 50), entry(3, 50), entry(4, 10), entry(5, 30)];
    expect(ranks(leaderboard(entries, 'all-time', TODAY))).toEqual([
      [1, 2, 50],
      [1, 3, 50],
      [3, 1, 30],
      [3, 5, 30],
      [5, 4, 10],
    ]);
  });

  it('lists first among equals the member who got there first, then the lower id', () => {
    const entries = [entry(9, 20, 1), entry(9, 20, 5), entry(3, 40, 0), entry(7, 40, 3)];
    expect(ranks(leaderboard(entries, 'last-7-days', TODAY))).toEqual([
      [1, 7, 40],
      [1, 9, 40],
      [1, 3, 40],
    ]);
  });

  it('sums only the window', () => {
    const entries = [entry(1, 10, 0), entry(1, 10, 8), entry(2, 15, 6), entry(3, 100, 31)];
    expect(ranks(leaderboard(entries, 'last-7-days', TODAY))).toEqual([
      [1, 2, 15],
      [2, 1, 10],
    ]);
    expect(ranks(leaderboard(entries, 'last-30-days', TODAY))).toEqual([
      [1, 1, 20],
      [2, 2, 15],
    ]);
    expect(ranks(leaderboard(entries, 'all-time', TODAY))).toEqual([
      [1, 3, 100],
      [2, 1, 20],
      [3, 2, 15],
    ]);
  });

  it('the camp window counts that camp only, whenever earned', () => {
    const entries = [entry(1, 10, 40, 1), entry(1, 99, 0, 2), entry(2, 5, 0, null)];
    expect(ranks(leaderboard(entries, 'camp', TODAY, { campId: 1 }))).toEqual([[1, 1, 10]]);
  });

  it('nets reversals: a member whose points were all voided leaves the board', () => {
    const entries = [entry(1, 10), entry(1, -10), entry(2, 20), entry(2, -10)];
    expect(ranks(leaderboard(entries, 'all-time', TODAY))).toEqual([[1, 2, 10]]);
  });

  it('leaves out excluded (blacklisted) members without leaving a gap in ranks', () => {
    const entries = [entry(1, 90), entry(2, 50), entry(3, 40)];
    expect(ranks(leaderboard(entries, 'all-time', TODAY, { excluded: new Set([1]) }))).toEqual([
      [1, 2, 50],
      [2, 3, 40],
    ]);
  });

  it('cuts at the limit after ranking, keeping shared ranks', () => {
    const entries = [entry(1, 50), entry(2, 40), entry(3, 40), entry(4, 30)];
    expect(ranks(leaderboard(entries, 'all-time', TODAY, { limit: 2 }))).toEqual([
      [1, 1, 50],
      [2, 2, 40],
    ]);
  });

  it('is empty without entries', () => {
    expect(leaderboard([], 'last-7-days', TODAY)).toEqual([]);
  });

  it('ignores entries dated after today (a board recomputed for a past day)', () => {
    expect(leaderboard([entry(1, 10, -1)], 'all-time', TODAY)).toEqual([]);
  });
});

describe('pickRoleModels', () => {
  const T0 = 1_700_000_000_000;
  let nextId = 1;
  const c = (memberId: number, minuteOfDay: number, extra: Partial<TodayCheckin> = {}): TodayCheckin => ({
    checkinId: nextId++,
    memberId,
    day: TODAY,
    atMs: T0 + minuteOfDay * 60_000,
    minuteOfDay,
    text: '读了二十页',
    likes: 0,
    currentStreak: 1,
    kind: 'normal',
    voided: false,
    flagged: false,
    ...extra,
  });
  const picks = (list: TodayCheckin[], blacklisted?: Set<number>, max?: number) =>
    pickRoleModels(list, TODAY, blacklisted, {
      ...DEFAULT_ROLE_MODEL_RULES,
      max: max ?? DEFAULT_ROLE_MODEL_RULES.max,
    }).map((r) => [r.reason, r.memberId]);
  const longText = '今天读完了第五章，'.repeat(6);

  it('picks by each rule in order, one member once', () => {
    const list = [
      c(1, 320, { currentStreak: 12, likes: 30 }),
      c(2, 330, { likes: 9 }),
      c(3, 310, { text: longText }),
      c(4, 305),
    ];
    expect(picks(list, undefined, 4)).toEqual([
      ['longest-streak', 1],
      ['most-liked', 2],
      ['most-thoughtful', 3],
      ['earliest', 4],
    ]);
  });

  it('stops at the maximum (3 by default)', () => {
    const list = [c(1, 320, { currentStreak: 12 }), c(2, 330, { likes: 9 }), c(3, 310, { text: longText }), c(4, 305)];
    expect(picks(list)).toEqual([
      ['longest-streak', 1],
      ['most-liked', 2],
      ['most-thoughtful', 3],
    ]);
  });

  it('skips a rule nobody qualifies for and moves on', () => {
    const list = [c(1, 320, { currentStreak: 2 }), c(2, 300)];
    expect(picks(list)).toEqual([['earliest', 2]]);
  });

  it('a member who wins every rule is picked once; the next best fills the other rules', () => {
    const list = [
      c(1, 300, { currentStreak: 9, likes: 9, text: longText }),
      c(2, 310, { likes: 2 }),
      c(3, 320, { currentStreak: 3 }),
    ];
    expect(picks(list)).toEqual([
      ['longest-streak', 1],
      ['most-liked', 2],
      ['earliest', 3],
    ]);
  });

  it('breaks ties toward the earlier check-in', () => {
    const list = [c(5, 330, { currentStreak: 7 }), c(6, 320, { currentStreak: 7 })];
    expect(picks(list)[0]).toEqual(['longest-streak', 6]);
  });

  it('excludes voided, flagged, make-up, other days and blacklisted', () => {
    const list = [
      c(1, 300, { currentStreak: 30, voided: true }),
      c(2, 300, { currentStreak: 29, flagged: true }),
      c(3, 300, { currentStreak: 28, kind: 'makeup' }),
      c(4, 300, { currentStreak: 27, day: TODAY - 1 }),
      c(5, 300, { currentStreak: 26 }),
      c(6, 301, { currentStreak: 4 }),
    ];
    expect(picks(list, new Set([5]))).toEqual([['longest-streak', 6]]);
  });

  it('orders "earliest" by the instant, so 23:55 comes before 00:05 in a window spanning midnight', () => {
    const list = [c(1, 5, { atMs: T0 + 10 * 60_000 }), c(2, 1435, { atMs: T0 })];
    expect(pickRoleModels(list, TODAY)).toEqual([
      { memberId: 2, checkinId: list[1].checkinId, reason: 'earliest', params: { time: '23:55' } },
    ]);
  });

  it('is empty for an empty day', () => {
    expect(pickRoleModels([], TODAY)).toEqual([]);
  });

  it('says what they did, in both languages', () => {
    const [streak, liked, thoughtful, earliest] = pickRoleModels(
      [c(1, 320, { currentStreak: 12 }), c(2, 330, { likes: 9 }), c(3, 310, { text: longText }), c(4, 305)],
      TODAY,
      undefined,
      { ...DEFAULT_ROLE_MODEL_RULES, max: 4 },
    );
    expect(describeRoleModel(streak, 'zh-CN')).toBe('已连续打卡 12 天');
    expect(describeRoleModel(liked, 'en')).toBe("today's check-in got 9 likes");
    expect(describeRoleModel(thoughtful, 'zh-CN')).toBe('写下了 54 字的用心分享');
    expect(describeRoleModel(earliest, 'en')).toBe('was first to check in, at 05:05');
  });
});
