import type { LocalizedText } from '../rewards/rewards.messages.js';

/**
 * The bot's replies to check-ins posted in a group chat: `counted` for a check-in that counts, one
 * text per check-in refusal code (`CheckinRejection` in checkin.rules.ts) that has its own, and
 * `other` for the rest. Params: `camp`, `dayNumber`, `lengthDays`, `streak`, `days`, `window`,
 * `timezone`, `startDate`, `field`, `message`.
 */
export const CHAT_CHECKIN_TEXTS = {
  counted: {
    'zh-CN': '「{camp}」第 {dayNumber}/{lengthDays} 天打卡成功！已连续打卡 {streak} 天',
    en: 'Checked in for day {dayNumber} of {lengthDays} in "{camp}". Streak: {streak} {days} in a row!',
  },
  OUTSIDE_WINDOW: {
    'zh-CN': '现在不在「{camp}」的打卡时间内，打卡时间是每天 {window}（{timezone}）',
    en: 'Check-ins for "{camp}" are open {window} ({timezone}); this one came outside that window.',
  },
  ALREADY_CHECKED_IN: {
    'zh-CN': '今天已经在「{camp}」打过卡啦，明天见！',
    en: 'You have already checked in for "{camp}" today. See you tomorrow!',
  },
  CAMP_ENDED: {
    'zh-CN': '「{camp}」已经结束了，感谢你的坚持！',
    en: '"{camp}" has ended. Thank you for taking part!',
  },
  CAMP_NOT_STARTED: {
    'zh-CN': '「{camp}」还没有开始，{startDate} 开营，到时见！',
    en: '"{camp}" starts on {startDate}. See you then!',
  },
  MISSING_FIELD: {
    'zh-CN': '「{camp}」的打卡需要带上{field}，请重新发一条打卡',
    en: 'A check-in for "{camp}" needs {field}; please post it again with that.',
  },
  other: {
    'zh-CN': '这次打卡没有记上（{message}）',
    en: 'This check-in was not counted ({message}).',
  },
} satisfies Record<string, LocalizedText>;

/** The English `counted` reply's `{days}`: `one` after a streak of 1, else `other` (the zh-CN reply has no plural). */
export const STREAK_DAYS_WORD = { one: 'day', other: 'days' };

/**
 * What a check-in lacked, for `MISSING_FIELD`'s `{field}`, by field (`FieldLabel` in
 * chat-checkin.rules.ts, which looks every field up here).
 */
export const FIELD_NAMES = {
  text: { 'zh-CN': '文字', en: 'some text' },
  number: { 'zh-CN': '数字', en: 'a number' },
  link: { 'zh-CN': '链接', en: 'a link' },
  image: { 'zh-CN': '图片', en: 'a photo' },
} satisfies Record<string, LocalizedText>;

/** A field name with the camp's label for its number (e.g. `pages`); params: `field`, `label`. */
export const FIELD_WITH_LABEL: LocalizedText = { 'zh-CN': '{field}（{label}）', en: '{field} ({label})' };
