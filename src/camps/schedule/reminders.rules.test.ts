import { describe, expect, it } from 'vitest';
import type { RoleModel } from '../leaderboard/leaderboard.rules.js';
import { DEFAULT_MESSAGE_TEMPLATES } from './reminders.messages.js';
import {
  campDayNumber,
  outboxKeys,
  praiseText,
  reminderRecipients,
  reminderText,
  type ReminderCandidate,
} from './reminders.rules.js';

const camp = { id: 4, startDay: 19_800, lengthDays: 21 };

describe('campDayNumber', () => {
  it.each([
    [19_799, null],
    [19_800, 1],
    [19_810, 11],
    [19_820, 21],
    [19_821, null],
  ])('day %i → %s', (day, expected) => {
    expect(campDayNumber(camp, day)).toBe(expected);
  });
});

describe('reminderRecipients', () => {
  const member = (memberId: number, extra: Partial<ReminderCandidate> = {}): ReminderCandidate => ({
    memberId,
    enrolled: true,
    optedOutOfReminders: false,
    blacklisted: false,
    checkedInToday: false,
    ...extra,
  });
  const members = [
    member(9),
    member(2),
    member(3, { checkedInToday: true }),
    member(4, { optedOutOfReminders: true }),
    member(5, { blacklisted: true }),
    member(6, { enrolled: false }),
  ];

  it('reminds the enrolled who have not checked in and did not opt out, in id order', () => {
    expect(reminderRecipients(camp, members, 19_805)).toEqual([2, 9]);
  });

  it.each([
    ['before the camp starts', 19_799],
    ['after its last day', 19_821],
  ])('reminds nobody %s', (_name, day) => {
    expect(reminderRecipients(camp, members, day)).toEqual([]);
  });

  it('reminds on the first and the last day', () => {
    expect(reminderRecipients(camp, [member(1)], 19_800)).toEqual([1]);
    expect(reminderRecipients(camp, [member(1)], 19_820)).toEqual([1]);
  });

  it('is empty without members', () => {
    expect(reminderRecipients(camp, [], 19_805)).toEqual([]);
  });
});

describe('outboxKeys', () => {
  it('names one reminder per camp, member and day, and one praise per camp and day', () => {
    expect(outboxKeys.reminder(4, 17, 19_805)).toBe('remind:4:17:19805');
    expect(outboxKeys.reminder(4, 17, 19_805)).toBe(outboxKeys.reminder(4, 17, 19_805));
    expect(outboxKeys.reminder(4, 17, 19_806)).not.toBe(outboxKeys.reminder(4, 17, 19_805));
    expect(outboxKeys.praise(4, 19_805)).toBe('praise:4:19805');
  });
});

describe('reminderText', () => {
  const facts = {
    memberName: '小王',
    campName: '21 天早起',
    dayNumber: 5,
    lengthDays: 21,
    finishersToday: 12,
    deadline: '08:00',
  };

  it.each([
    ['zh-CN', facts, '小王，「21 天早起」第 5/21 天，今天已有 12 位伙伴打卡，就差你啦！记得在 08:00 前打卡哦'],
    [
      'en',
      { ...facts, memberName: 'Ann', campName: 'Early risers' },
      'Ann, it is day 5 of 21 in "Early risers" and 12 members have checked in today. Check in before 08:00!',
    ],
    [
      'zh-CN',
      { ...facts, finishersToday: 0 },
      '小王，「21 天早起」第 5/21 天，今天还没有人打卡，来做第一个吧！记得在 08:00 前打卡哦',
    ],
    [
      'en',
      { ...facts, memberName: 'Ann', campName: 'Early risers', finishersToday: 0 },
      'Ann, it is day 5 of 21 in "Early risers" and nobody has checked in yet. Be the first, before 08:00!',
    ],
  ] as const)('%s: %j', (locale, input, expected) => {
    expect(reminderText(locale, input)).toBe(expected);
  });

  it('uses configured templates', () => {
    const templates = {
      ...DEFAULT_MESSAGE_TEMPLATES,
      reminder: { 'zh-CN': '{name} 快来', en: '{name}, {finishers} done' },
    };
    expect(reminderText('en', { ...facts, memberName: 'Ann' }, templates)).toBe('Ann, 12 done');
  });

  it('fills every placeholder of the default templates', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      for (const finishersToday of [0, 3])
        expect(reminderText(locale, { ...facts, finishersToday })).not.toMatch(/\{\w+\}/);
    }
  });
});

describe('praiseText', () => {
  const streak: RoleModel = { memberId: 1, checkinId: 10, reason: 'longest-streak', params: { streak: 5 } };
  const earliest: RoleModel = { memberId: 2, checkinId: 11, reason: 'earliest', params: { time: '05:02' } };
  const facts = {
    campName: '晨读',
    dayNumber: 5,
    lengthDays: 21,
    finishersToday: 40,
    enrolled: 52,
    roleModels: [
      { name: '小王', roleModel: streak },
      { name: '阿丽', roleModel: earliest },
    ],
  };

  it('names the count and the role models with what they did (zh-CN)', () => {
    expect(praiseText('zh-CN', facts)).toBe(
      '「晨读」第 5/21 天：40/52 位伙伴完成了打卡，为大家点赞！\n今日榜样：\n@小王 已连续打卡 5 天\n@阿丽 05:02 第一个打卡',
    );
  });

  it('in English', () => {
    expect(praiseText('en', { ...facts, campName: 'Reading', roleModels: [{ name: 'Ann', roleModel: streak }] })).toBe(
      '"Reading" day 5 of 21: 40 of 52 members checked in. Well done, everyone!\nToday\'s role models:\n@Ann checked in 5 days in a row',
    );
  });

  it('leaves out the role-model heading when there are none', () => {
    expect(praiseText('en', { ...facts, roleModels: [] })).toBe(
      '"晨读" day 5 of 21: 40 of 52 members checked in. Well done, everyone!',
    );
  });

  it('sends no praise on a day nobody checked in', () => {
    expect(praiseText('zh-CN', { ...facts, finishersToday: 0, roleModels: [] })).toBeNull();
  });
});
