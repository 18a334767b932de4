import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../kernel/errors.js';
import { wallClockToUtc, zoneOffsetMs } from '../../kernel/time/local-day.js';
import {
  assertLevels,
  badgesEarned,
  DEFAULT_LEVELS,
  fillTemplate,
  levelFor,
  minutesIntoWindow,
  pointsForCheckin,
  pointsForContribution,
  progressBetween,
  reversalOf,
  type BadgeHistory,
  type CheckinFact,
} from './gamification.rules.js';

describe('fillTemplate', () => {
  it.each([
    ['fills every placeholder', '{name}，第 {days} 天', { name: '小王', days: 7 }, '小王，第 7 天'],
    ['repeats a placeholder', '{a}-{a}', { a: 1 }, '1-1'],
    ['leaves an unknown placeholder visible', 'hi {who}', {}, 'hi {who}'],
    ['does not re-expand a value that looks like a placeholder', '{x}', { x: '{y}', y: 'no' }, '{y}'],
  ])('%s', (_name, template, params, expected) => {
    expect(fillTemplate(template, params)).toBe(expected);
  });
});

describe('progressBetween', () => {
  it.each([
    ['halfway', [100, 200, 300], { remaining: 100, ratio: 0.5 }],
    ['at the start', [100, 100, 300], { remaining: 200, ratio: 0 }],
    ['reached', [100, 300, 300], { remaining: 0, ratio: 1 }],
    ['past the target', [100, 350, 300], { remaining: 0, ratio: 1 }],
    ['below the start (a reversal) clamps to 0', [100, 50, 300], { remaining: 250, ratio: 0 }],
    ['an empty span counts as done', [5, 5, 5], { remaining: 0, ratio: 1 }],
  ] as const)('%s', (_name, [from, done, target], expected) => {
    expect(progressBetween(from, done, target)).toMatchObject(expected);
  });
});

describe('pointsForCheckin', () => {
  const checkin = { id: 9, campId: 1, memberId: 5, day: 100, kind: 'normal' } as const;
  const keysAndPoints = (entries: ReturnType<typeof pointsForCheckin>) => entries.map((e) => [e.key, e.points]);

  it.each([
    ['a plain check-in', checkin, { startDay: 100, before: 0, after: 1 }, [['checkin:9', 10]]],
    [
      'a make-up is worth less, under the same key space',
      { ...checkin, kind: 'makeup' as const },
      { startDay: 95, before: 2, after: 3 },
      [['checkin:9', 5]],
    ],
    [
      'the 7th day in a row pays a bonus keyed by the streak',
      checkin,
      { startDay: 94, before: 6, after: 7 },
      [
        ['checkin:9', 10],
        ['streak-bonus:1:5:94:7', 20],
      ],
    ],
    ['day 8 pays no bonus', checkin, { startDay: 93, before: 7, after: 8 }, [['checkin:9', 10]]],
    [
      'day 14 pays the second bonus',
      checkin,
      { startDay: 87, before: 13, after: 14 },
      [
        ['checkin:9', 10],
        ['streak-bonus:1:5:87:14', 20],
      ],
    ],
    [
      'a make-up joining two runs can cross two multiples',
      { ...checkin, kind: 'makeup' as const },
      { startDay: 80, before: 5, after: 15 },
      [
        ['checkin:9', 5],
        ['streak-bonus:1:5:80:7', 20],
        ['streak-bonus:1:5:80:14', 20],
      ],
    ],
    [
      'a streak that did not grow (a retry) pays no bonus',
      checkin,
      { startDay: 94, before: 7, after: 7 },
      [['checkin:9', 10]],
    ],
  ] as const)('%s', (_name, input, streak, expected) => {
    expect(keysAndPoints(pointsForCheckin(input, streak))).toEqual(expected);
  });

  it('pays a new streak its bonus again (a different start day), the same streak never twice', () => {
    const first = pointsForCheckin(checkin, { startDay: 94, before: 6, after: 7 });
    const retried = pointsForCheckin(checkin, { startDay: 94, before: 6, after: 7 });
    const later = pointsForCheckin({ ...checkin, id: 30, day: 130 }, { startDay: 124, before: 6, after: 7 });
    expect(retried.map((e) => e.key)).toEqual(first.map((e) => e.key));
    expect(later[1].key).not.toBe(first[1].key);
  });

  it('follows configured rules; a zero interval disables the bonus', () => {
    const rules = { checkin: 3, makeupCheckin: 1, streakBonus: 50, streakBonusEvery: 0, helpfulAnswer: 0, referral: 0 };
    expect(keysAndPoints(pointsForCheckin(checkin, { startDay: 94, before: 6, after: 7 }, rules))).toEqual([
      ['checkin:9', 3],
    ]);
  });
});

describe('pointsForContribution and reversalOf', () => {
  it('keys a helpful answer by its message and a referral by the newcomer', () => {
    expect(pointsForContribution({ action: 'helpful-answer', messageId: 77 }, 5, 100)).toEqual({
      key: 'helpful-answer:77',
      memberId: 5,
      campId: null,
      day: 100,
      action: 'helpful-answer',
      points: 5,
    });
    expect(pointsForContribution({ action: 'referral', referredMemberId: 12 }, 5, 100, undefined, 3)).toMatchObject({
      key: 'referral:12',
      campId: 3,
      points: 20,
    });
  });

  it('takes back a voided check-in under its own key, dated the day of the void', () => {
    const [entry] = pointsForCheckin(
      { id: 9, campId: 1, memberId: 5, day: 100, kind: 'normal' },
      { startDay: 100, before: 0, after: 1 },
    );
    expect(reversalOf(entry, 103)).toEqual({
      key: 'void:checkin:9',
      memberId: 5,
      campId: 1,
      day: 103,
      action: 'checkin',
      points: -10,
    });
  });
});

describe('levelFor', () => {
  it.each([
    [0, 0, '新手', { from: 0, target: 100, remaining: 100, ratio: 0 }],
    [-20, 0, '新手', { remaining: 120, ratio: 0 }],
    [99, 0, '新手', { remaining: 1 }],
    [100, 1, '学徒', { from: 100, target: 300, ratio: 0 }],
    [150, 1, '学徒', { remaining: 150, ratio: 0.25 }],
    [799, 2, '达人', { remaining: 1 }],
    [800, 3, '大师', { target: 2000 }],
  ] as const)('%i points → level %i %s', (points, index, name, progress) => {
    const standing = levelFor(points);
    expect(standing.index).toBe(index);
    expect(standing.level.name['zh-CN']).toBe(name);
    expect(standing.progress).toMatchObject(progress);
  });

  it('has no next level and no progress at the top', () => {
    expect(levelFor(10_000)).toMatchObject({ index: 4, next: null, progress: null });
    expect(levelFor(10_000).level.name.en).toBe('Grandmaster');
  });

  it('works with a single level', () => {
    expect(levelFor(50, [DEFAULT_LEVELS[0]])).toMatchObject({ index: 0, next: null, progress: null });
  });
});

describe('assertLevels', () => {
  const name = { 'zh-CN': 'x', en: 'x' };
  it.each([
    ['no levels', [], 'at least one'],
    ['a first level above 0', [{ minPoints: 10, name }], 'starts at 0'],
    [
      'thresholds not rising',
      [
        { minPoints: 0, name },
        { minPoints: 50, name },
        { minPoints: 50, name },
      ],
      'must rise',
    ],
  ])('rejects %s', (_name, levels, message) => {
    expect(() => assertLevels(levels)).toThrow(ValidationError);
    expect(() => assertLevels(levels)).toThrow(message);
  });

  it('accepts the defaults', () => {
    expect(assertLevels(DEFAULT_LEVELS)).toBe(DEFAULT_LEVELS);
  });
});

describe('badgesEarned', () => {
  const START = 1000;
  let nextId = 1;
  const at = (day: number, minuteOfDay = 7 * 60, extra: Partial<CheckinFact> = {}): CheckinFact => ({
    id: nextId++,
    memberId: 5,
    day: START + day,
    minuteOfDay,
    kind: 'normal',
    voided: false,
    ...extra,
  });
  const history = (extra: Partial<BadgeHistory>): BadgeHistory => ({
    checkins: [],
    camp: { startDay: START, lengthDays: 7 },
    window: { start: 5 * 60, end: 8 * 60 },
    longestStreak: 0,
    roleModelPicks: 0,
    ...extra,
  });
  const codes = (h: BadgeHistory, held: Parameters<typeof badgesEarned>[1] = []) =>
    badgesEarned(h, held).map((b) => b.code);
  const everyDay = (minute = 7 * 60) => Array.from({ length: 7 }, (_, d) => at(d, minute));

  it.each([
    ['nothing for an empty history', history({}), []],
    ['streak keeper at a longest streak of 7', history({ longestStreak: 7 }), ['streak-keeper']],
    ['no streak keeper at 6', history({ longestStreak: 6 }), []],
    ['role model after 3 picks', history({ roleModelPicks: 3 }), ['role-model']],
    ['no role model after 2', history({ roleModelPicks: 2 }), []],
    [
      'early bird: 5 check-ins in the first 30 minutes (05:00–05:29)',
      history({ checkins: [0, 1, 2, 3].map((d) => at(d, 300)).concat(at(4, 329)) }),
      ['early-bird'],
    ],
    ['05:30 is no longer early', history({ checkins: [0, 1, 2, 3].map((d) => at(d, 300)).concat(at(4, 330)) }), []],
    [
      'early make-ups and voided check-ins are not counted',
      history({
        checkins: [0, 1, 2].map((d) => at(d, 300)).concat(at(3, 300, { kind: 'makeup' }), at(4, 300, { voided: true })),
      }),
      [],
    ],
    [
      'early bird in a window spanning midnight (23:50–02:00): 23:50 to 00:19 are early',
      history({
        window: { start: 1430, end: 120 },
        checkins: [at(0, 1430), at(1, 1435), at(2, 1439), at(3, 0), at(4, 19)],
      }),
      ['early-bird'],
    ],
    [
      '… and 00:20 is not',
      history({
        window: { start: 1430, end: 120 },
        checkins: [at(0, 1430), at(1, 1435), at(2, 1439), at(3, 0), at(4, 20)],
      }),
      [],
    ],
    ['perfect attendance: every camp day on time', history({ checkins: everyDay() }), ['perfect-attendance']],
    [
      'no perfect attendance with a make-up',
      history({ checkins: [...everyDay().slice(0, 6), at(6, 600, { kind: 'makeup' })] }),
      [],
    ],
    [
      'no perfect attendance with a voided day',
      history({ checkins: [...everyDay().slice(0, 6), at(6, 420, { voided: true })] }),
      [],
    ],
    [
      'days outside the camp do not make up for a missing one',
      history({ checkins: [...everyDay().slice(0, 6), at(7), at(-1)] }),
      [],
    ],
    ['comeback after 3 days missed', history({ checkins: [at(0), at(4)] }), ['comeback']],
    ['no comeback after 2 days missed', history({ checkins: [at(0), at(3)] }), []],
    [
      'a make-up that fills the gap means nothing was missed',
      history({ checkins: [at(0), at(2, 600, { kind: 'makeup' }), at(4)] }),
      [],
    ],
    [
      'a voided check-in leaves its day missed',
      history({ checkins: [at(0), at(2, 420, { voided: true }), at(4)] }),
      ['comeback'],
    ],
    ['two check-ins on one day are not a gap', history({ checkins: [at(0), at(0, 500), at(1)] }), []],
  ] as const)('%s', (_name, h, expected) => {
    expect(codes(h)).toEqual(expected);
  });

  it('never awards a badge already held, and keeps a stable order', () => {
    const h = history({ longestStreak: 9, roleModelPicks: 4, checkins: everyDay(300) });
    expect(codes(h)).toEqual(['streak-keeper', 'early-bird', 'role-model', 'perfect-attendance']);
    expect(codes(h, ['early-bird', 'streak-keeper'])).toEqual(['role-model', 'perfect-attendance']);
  });

  it('gives the figures behind each badge', () => {
    expect(badgesEarned(history({ checkins: [at(0), at(5)] }))).toEqual([
      { code: 'comeback', params: { missedDays: 4 } },
    ]);
  });

  it('reads wall-clock minutes, so a DST change does not move the early-bird window', () => {
    // New York springs forward on 2024-03-10: 05:10 local is 09:10 UTC that day, 10:10 UTC the day before.
    const tz = 'America/New_York';
    const minuteOf = (ms: number) =>
      Math.floor(((((ms + zoneOffsetMs(tz, ms)) % 86_400_000) + 86_400_000) % 86_400_000) / 60_000);
    const minutes = [6, 7, 8, 9, 10, 11].map((d) => minuteOf(wallClockToUtc(tz, 2024, 3, d, 5, 10)));
    expect(minutes.every((m) => m === 310)).toBe(true);
    const h = history({ checkins: minutes.map((m, i) => at(i, m)) });
    expect(codes(h)).toContain('early-bird');
  });
});

describe('minutesIntoWindow', () => {
  it.each([
    [300, 300, 0],
    [329, 300, 29],
    [10, 1380, 70],
    [299, 300, 1439],
  ])('minute %i in a window opening at %i → %i', (minute, start, expected) => {
    expect(minutesIntoWindow(minute, start)).toBe(expected);
  });
});
