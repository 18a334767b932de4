import { describe, expect, it } from 'vitest';
import type { CampRules } from '../camp/camp.rules.js';
import { streakSummary, type StreakCamp, type StreakCheckin } from './streak.rules.js';

const START = 20_000;
const camp = (rules: Partial<CampRules> = {}, lengthDays = 21): StreakCamp => ({
  startDay: START,
  lengthDays,
  rules: { makeUpCards: 2, freezes: 0, freezeEarnedEveryDays: 0, missPolicy: 'reset', ...rules },
  milestones: [3, 7, 15, 21],
});
/** Check-ins from a pattern: day i of the camp is `x` (checked in), `m` (make-up), `v` (voided) or `.`. */
const days = (pattern: string): StreakCheckin[] =>
  [...pattern].flatMap((c, i) =>
    c === '.'
      ? []
      : [{ day: START + i, kind: c === 'm' ? ('makeup' as const) : ('normal' as const), voided: c === 'v' }],
  );

describe('streakSummary', () => {
  it.each([
    // pattern, today (camp day index), current, longest, completed, missed — and the bug each guards
    ['xxx', 3, 3, 3, 3, 0, 'today not yet checked in breaks nothing'],
    ['xxxx', 3, 4, 4, 4, 0, 'today checked in counts'],
    ['xx.x', 4, 1, 2, 3, 1, 'a miss resets the run'],
    ['xx.', 3, 0, 2, 2, 1, 'yesterday missed: the run is over before today'],
    ['xxmx', 4, 4, 4, 4, 0, 'a make-up fills the missed day'],
    ['xxvx', 4, 1, 2, 3, 1, 'a voided check-in is a miss'],
    ['', -1, 0, 0, 0, 0, 'before the camp starts'],
    ['x'.repeat(21), 30, 21, 21, 21, 0, 'after the end the streak is frozen at the last day'],
    ['x'.repeat(20), 30, 0, 20, 20, 1, 'missing the last day ends it after the camp'],
  ])(
    '%s on day %i → current %i, longest %i, completed %i, missed %i (%s)',
    (pattern, today, current, longest, completed, missed) => {
      const s = streakSummary(camp(), days(pattern as string), START + (today as number));
      expect([s.currentStreak, s.longestStreak, s.daysCompleted, s.missedDays]).toEqual([
        current,
        longest,
        completed,
        missed,
      ]);
    },
  );

  it('uses a freeze for a miss, then resets on the next', () => {
    const s = streakSummary(camp({ freezes: 1 }), days('xx.x.x'), START + 6);
    expect(s).toMatchObject({ currentStreak: 1, longestStreak: 3, freezesUsed: 1, freezesLeft: 0, missedDays: 2 });
  });

  it('earns a freeze every N consecutive days and spends it', () => {
    const s = streakSummary(camp({ freezeEarnedEveryDays: 3 }), days('xxx.xx'), START + 6);
    expect(s).toMatchObject({ currentStreak: 5, freezesUsed: 1, freezesLeft: 0 });
  });

  it('under the pause policy a miss neither counts nor ends the run', () => {
    const s = streakSummary(camp({ missPolicy: 'pause' }), days('xx..xx'), START + 6);
    expect(s).toMatchObject({ currentStreak: 4, longestStreak: 4, missedDays: 2 });
  });

  it('counts make-ups used and left, progress and the next milestone', () => {
    const s = streakSummary(camp(), days('xmxm'), START + 4);
    expect(s).toMatchObject({
      makeUpsUsed: 2,
      makeUpsLeft: 0,
      daysCompleted: 4,
      progress: 4 / 21,
      nextMilestone: { days: 7, remaining: 3 },
      checkedInToday: false,
    });
    const all = streakSummary(camp(), days('x'.repeat(21)), START + 21);
    expect(all.nextMilestone).toBeNull();
    expect(all.progress).toBe(1);
  });
});
