import { describe, expect, it } from 'vitest';
import { campDashboard, streakBucket, type DashboardInput } from './dashboard.rules.js';

const START = 100;

describe('streakBucket', () => {
  it.each([
    [0, '0'],
    [1, '1-2'],
    [2, '1-2'],
    [3, '3-6'],
    [6, '3-6'],
    [7, '7-13'],
    [13, '7-13'],
    [14, '14-20'],
    [20, '14-20'],
    [21, '21+'],
    [100, '21+'],
  ] as const)('%i days → %s', (days, bucket) => expect(streakBucket(days)).toBe(bucket));
});

const input = (over: Partial<DashboardInput>): DashboardInput => ({
  camp: {
    startDay: START,
    lengthDays: 5,
    rules: { makeUpCards: 2, freezes: 0, freezeEarnedEveryDays: 0, missPolicy: 'reset' },
    milestones: [],
  },
  day: START + 2,
  enrolments: [
    { memberId: 1, displayName: 'a', groupId: 10, enrolledDay: START - 5 },
    { memberId: 2, displayName: 'b', groupId: 10, enrolledDay: START - 5 },
    { memberId: 3, displayName: 'c', groupId: 20, enrolledDay: START + 1 },
  ],
  checkins: [],
  groupNames: new Map([
    [10, 'ten'],
    [20, 'twenty'],
  ]),
  deadline: '08:00',
  openFlags: 0,
  ...over,
});

describe('campDashboard', () => {
  it('counts members from the day they were enrolled, and a make-up for the day it fills', () => {
    const d = campDashboard(
      input({
        checkins: [
          { memberId: 1, day: START, kind: 'normal', voided: false },
          { memberId: 2, day: START, kind: 'makeup', voided: false },
          { memberId: 3, day: START + 1, kind: 'normal', voided: false },
          { memberId: 1, day: START + 1, kind: 'normal', voided: true },
        ],
      }),
    );
    expect(d.rateByDay).toEqual([
      { date: '1970-04-11', checkedIn: 2, enrolled: 2, rate: 1 },
      { date: '1970-04-12', checkedIn: 1, enrolled: 3, rate: 1 / 3 },
      { date: '1970-04-13', checkedIn: 0, enrolled: 3, rate: 0 },
    ]);
  });

  it('ignores check-ins after the day looked at, and names nobody at risk after the camp', () => {
    const checkins = [{ memberId: 1, day: START + 3, kind: 'normal' as const, voided: false }];
    expect(campDashboard(input({ checkins })).streakDistribution[0]).toEqual({ bucket: '0', members: 3 });
    const after = campDashboard(
      input({ day: START + 6, checkins: [{ memberId: 1, day: START + 4, kind: 'normal', voided: false }] }),
    );
    expect([after.dayOfCamp, after.atRisk, after.rateByDay.length]).toEqual([null, [], 5]);
  });

  it('lists members whose streak runs but who have not checked in today, longest streak first', () => {
    const d = campDashboard(
      input({
        checkins: [
          { memberId: 1, day: START + 1, kind: 'normal', voided: false },
          { memberId: 2, day: START, kind: 'normal', voided: false },
          { memberId: 2, day: START + 1, kind: 'normal', voided: false },
          { memberId: 3, day: START + 2, kind: 'normal', voided: false },
        ],
      }),
    );
    expect(d.atRisk).toEqual([
      { memberId: 2, displayName: 'b', currentStreak: 2, deadline: '08:00' },
      { memberId: 1, displayName: 'a', currentStreak: 1, deadline: '08:00' },
    ]);
    expect(d.rateByGroup).toEqual([
      { groupId: 10, name: 'ten', enrolled: 2, checkedIn: 0, rate: 0 },
      { groupId: 20, name: 'twenty', enrolled: 1, checkedIn: 1, rate: 1 },
    ]);
  });
});
