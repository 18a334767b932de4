import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../kernel/errors.js';
import { isoToDay } from '../../kernel/time/local-day.js';
import {
  assertMilestoneConfig,
  certificateFor,
  completionTarget,
  DEFAULT_MILESTONE_CONFIG,
  isCompleted,
  milestoneMessage,
  milestonePoints,
  milestoneProgress,
  milestonesOf,
  milestonesReached,
  type MilestoneConfig,
} from './milestones.rules.js';

const days = (list: { day: number }[]) => list.map((m) => m.day);

describe('milestonesReached', () => {
  it.each([
    ['the first check-in reaches nothing', 0, 1, [], []],
    ['the 3rd check-in reaches day 3', 2, 3, [], [3]],
    ['day 4 reaches nothing', 3, 4, [3], []],
    ['day 21', 20, 21, [3, 7, 15], [21]],
    ['a jump (check-ins imported late) crosses several', 2, 16, [], [3, 7, 15]],
    ['a void lowers the count: nothing', 7, 6, [3, 7], []],
    ['crossing 7 again after a void grants nothing: once ever', 6, 7, [3, 7], []],
    [
      'without the granted list a re-crossing comes back: the ledger key milestone:<camp>:<member>:7 then refuses it',
      6,
      7,
      [],
      [7],
    ],
    ['an unchanged count (a retry) grants nothing', 7, 7, [], []],
    ['past the last milestone', 21, 22, [3, 7, 15, 21], []],
  ] as const)('%s', (_name, before, after, granted, expected) => {
    expect(days(milestonesReached(DEFAULT_MILESTONE_CONFIG, before, after, granted))).toEqual(expected);
  });

  it('reads milestones in day order whatever the configuration order', () => {
    const config: MilestoneConfig = {
      milestones: [
        { day: 10, points: 1 },
        { day: 2, points: 1 },
      ],
      completionShare: 1,
    };
    expect(days(milestonesReached(config, 0, 30))).toEqual([2, 10]);
  });

  it('has no milestones when none are configured', () => {
    expect(milestonesReached({ milestones: [], completionShare: 1 }, 0, 100)).toEqual([]);
  });
});

describe('milestonePoints', () => {
  it('pays once per member, camp and milestone day', () => {
    expect(milestonePoints(DEFAULT_MILESTONE_CONFIG.milestones[1], 2, 5, 300)).toEqual({
      key: 'milestone:2:5:7',
      memberId: 5,
      campId: 2,
      day: 300,
      action: 'milestone',
      points: 30,
    });
  });

  it('writes nothing for a milestone worth no points', () => {
    expect(milestonePoints({ day: 5, points: 0, badge: 'five' }, 2, 5, 300)).toBeNull();
  });
});

describe('milestoneMessage', () => {
  it('uses the default template in both languages', () => {
    const seven = DEFAULT_MILESTONE_CONFIG.milestones[1];
    expect(milestoneMessage(seven, 'zh-CN', { name: '小王', camp: '晨读' })).toBe(
      '小王，你已在「晨读」完成 7 天打卡，获得 30 积分！继续加油',
    );
    expect(milestoneMessage(seven, 'en', { name: 'Ann', camp: 'Reading' })).toBe(
      'Ann, you have completed 7 days of check-ins in "Reading" and earned 30 points! Keep going',
    );
  });

  it('uses a configured template', () => {
    const milestone = { day: 3, points: 0, message: { 'zh-CN': '{name} 三天了', en: '{name}: three days' } };
    expect(milestoneMessage(milestone, 'en', { name: 'Ann' })).toBe('Ann: three days');
  });
});

describe('completion', () => {
  it.each([
    [21, 1, 21],
    [100, 0.9, 90],
    [21, 0.9, 19],
    [30, 0.8, 24],
    [1, 0.1, 1],
  ])('a %i-day camp at share %f needs %i check-ins', (length, share, expected) => {
    expect(completionTarget({ milestones: [], completionShare: share }, length)).toBe(expected);
  });

  it.each([
    [20, 21, false],
    [21, 21, true],
    [22, 21, true],
  ])('%i of %i days completed → %s', (done, length, expected) => {
    expect(isCompleted(DEFAULT_MILESTONE_CONFIG, done, length)).toBe(expected);
  });
});

describe('milestoneProgress', () => {
  const at90: MilestoneConfig = { ...DEFAULT_MILESTONE_CONFIG, completionShare: 0.9 };
  it.each([
    [
      'a 21-day camp at 0',
      DEFAULT_MILESTONE_CONFIG,
      0,
      21,
      3,
      { from: 0, done: 0, target: 3, remaining: 3, ratio: 0 },
      false,
    ],
    ['between 3 and 7', DEFAULT_MILESTONE_CONFIG, 5, 21, 7, { from: 3, target: 7, remaining: 2, ratio: 0.5 }, false],
    [
      'on a milestone, the bar leads to the next',
      DEFAULT_MILESTONE_CONFIG,
      7,
      21,
      15,
      { from: 7, remaining: 8, ratio: 0 },
      false,
    ],
    ['finished', DEFAULT_MILESTONE_CONFIG, 21, 21, null, { from: 15, target: 21, remaining: 0, ratio: 1 }, true],
    [
      'a 30-day camp: after 21 the bar leads to completion',
      DEFAULT_MILESTONE_CONFIG,
      24,
      30,
      null,
      { from: 21, target: 30, remaining: 6 },
      false,
    ],
    [
      'a 10-day camp skips milestones it cannot reach',
      DEFAULT_MILESTONE_CONFIG,
      8,
      10,
      null,
      { from: 7, target: 10, remaining: 2 },
      false,
    ],
    [
      'at 90%, completion (19) comes before milestone 21',
      at90,
      16,
      21,
      null,
      { from: 15, target: 19, remaining: 3 },
      false,
    ],
    [
      '… and after completion the bar goes on to 21',
      at90,
      19,
      21,
      21,
      { from: 19, target: 21, remaining: 2, ratio: 0 },
      true,
    ],
  ] as const)('%s', (_name, config, done, length, nextDay, progress, completed) => {
    const result = milestoneProgress(config, done, length);
    expect(result.next?.day ?? null).toBe(nextDay);
    expect(result.progress).toMatchObject(progress);
    expect(result.completed).toBe(completed);
  });

  it('works with no milestones: straight to completion', () => {
    expect(milestoneProgress({ milestones: [], completionShare: 1 }, 50, 100)).toMatchObject({
      next: null,
      progress: { from: 0, target: 100, ratio: 0.5 },
      completed: false,
    });
  });
});

describe('milestonesOf', () => {
  it('drops milestones past the camp length', () => {
    expect(days(milestonesOf(DEFAULT_MILESTONE_CONFIG, 14))).toEqual([3, 7]);
    expect(days(milestonesOf(DEFAULT_MILESTONE_CONFIG))).toEqual([3, 7, 15, 21]);
  });
});

describe('certificateFor', () => {
  const camp = { id: 1, name: '21 天早起', lengthDays: 21 };
  const member = { id: 5, name: '小王' };

  it('gives the data of a finisher, dated the day they finished', () => {
    expect(certificateFor(DEFAULT_MILESTONE_CONFIG, camp, member, 21, isoToDay('2024-03-18'))).toEqual({
      memberName: '小王',
      campName: '21 天早起',
      completedDays: 21,
      lengthDays: 21,
      date: '2024-03-18',
      key: 'certificate:1:5',
    });
  });

  it('gives nothing before completion', () => {
    expect(certificateFor(DEFAULT_MILESTONE_CONFIG, camp, member, 20, isoToDay('2024-03-18'))).toBeNull();
  });

  it('honours a minimum share', () => {
    expect(
      certificateFor({ ...DEFAULT_MILESTONE_CONFIG, completionShare: 0.9 }, camp, member, 19, 0)?.completedDays,
    ).toBe(19);
  });
});

describe('assertMilestoneConfig', () => {
  it.each([
    ['a day below 1', { milestones: [{ day: 0, points: 1 }], completionShare: 1 }, 'milestones[0].day'],
    ['a fractional day', { milestones: [{ day: 2.5, points: 1 }], completionShare: 1 }, 'milestones[0].day'],
    [
      'a day twice',
      {
        milestones: [
          { day: 3, points: 1 },
          { day: 3, points: 2 },
        ],
        completionShare: 1,
      },
      'milestones[1].day',
    ],
    ['negative points', { milestones: [{ day: 3, points: -1 }], completionShare: 1 }, 'milestones[0].points'],
    ['a share of 0', { milestones: [], completionShare: 0 }, 'completionShare'],
    ['a share above 1', { milestones: [], completionShare: 1.2 }, 'completionShare'],
  ])('rejects %s', (_name, config, field) => {
    expect(() => assertMilestoneConfig(config)).toThrow(ValidationError);
    try {
      assertMilestoneConfig(config);
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('accepts the defaults', () => {
    expect(assertMilestoneConfig(DEFAULT_MILESTONE_CONFIG)).toBe(DEFAULT_MILESTONE_CONFIG);
  });
});
