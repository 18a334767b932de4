import { describe, expect, it } from 'vitest';
import { chatCheckinReply, missingField, type ChatCheckinFacts } from './chat-checkin.rules.js';

const refusal = (
  code: Extract<ChatCheckinFacts, { status: 'rejected' }>['code'],
  extra: Partial<Extract<ChatCheckinFacts, { status: 'rejected' }>> = {},
): ChatCheckinFacts => ({
  status: 'rejected',
  code,
  campName: '晨读',
  window: '05:00–08:00',
  timezone: 'Asia/Shanghai',
  startDate: '2024-06-03',
  missing: null,
  message: 'that day is not a day of the camp',
  ...extra,
});

describe('chatCheckinReply', () => {
  it.each([
    [
      'zh-CN',
      { status: 'created', campName: '晨读', dayNumber: 5, lengthDays: 21, streak: 5 },
      '「晨读」第 5/21 天打卡成功！已连续打卡 5 天',
    ],
    [
      'en',
      { status: 'created', campName: 'Early risers', dayNumber: 1, lengthDays: 21, streak: 1 },
      'Checked in for day 1 of 21 in "Early risers". Streak: 1 day in a row!',
    ],
    [
      'en',
      { status: 'replayed', campName: 'Early risers', dayNumber: 5, lengthDays: 21, streak: 4 },
      'Checked in for day 5 of 21 in "Early risers". Streak: 4 days in a row!',
    ],
    ['zh-CN', refusal('OUTSIDE_WINDOW'), '现在不在「晨读」的打卡时间内，打卡时间是每天 05:00–08:00（Asia/Shanghai）'],
    [
      'en',
      refusal('OUTSIDE_WINDOW'),
      'Check-ins for "晨读" are open 05:00–08:00 (Asia/Shanghai); this one came outside that window.',
    ],
    ['zh-CN', refusal('ALREADY_CHECKED_IN'), '今天已经在「晨读」打过卡啦，明天见！'],
    ['en', refusal('CAMP_ENDED'), '"晨读" has ended. Thank you for taking part!'],
    ['zh-CN', refusal('CAMP_NOT_STARTED'), '「晨读」还没有开始，2024-06-03 开营，到时见！'],
    [
      'zh-CN',
      refusal('MISSING_FIELD', { missing: { field: 'number', label: 'pages' } }),
      '「晨读」的打卡需要带上数字（pages），请重新发一条打卡',
    ],
    [
      'en',
      refusal('MISSING_FIELD', { missing: { field: 'image' } }),
      'A check-in for "晨读" needs a photo; please post it again with that.',
    ],
    // A refusal without its own wording still says why.
    ['en', refusal('MAKEUP_NOT_ALLOWED'), 'This check-in was not counted (that day is not a day of the camp).'],
  ] as const)('%s: %j', (locale, facts, text) => {
    expect(chatCheckinReply(locale, facts as ChatCheckinFacts)).toBe(text);
  });
});

describe('missingField', () => {
  const none = { text: false, image: false, number: false, link: false };
  it.each([
    [{ ...none, text: true }, {}, { field: 'text' }],
    [{ ...none, text: true }, { text: 'ran 5k' }, null],
    [{ ...none, number: true, numberLabel: 'pages' }, { text: 'read' }, { field: 'number', label: 'pages' }],
    [{ ...none, number: true }, { number: 0 }, null],
    [{ ...none, link: true }, { text: 'x' }, { field: 'link' }],
    // A chat message without a stored photo has no image the check-in could keep; with one, it has.
    [{ ...none, image: true }, { text: 'x' }, { field: 'image' }],
    [{ ...none, image: true }, { imagePath: 'checkins/1/2/0f.jpg' }, null],
    [{ ...none, image: true, text: true }, { imagePath: 'checkins/1/2/0f.jpg' }, { field: 'text' }],
    [none, {}, null],
  ])('%j with %j lacks %j', (content, given, expected) => {
    expect(missingField(content, given)).toEqual(expected);
  });
});
