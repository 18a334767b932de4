import type { LocalizedText } from '../rewards/rewards.messages.js';

/** The texts of the daily reminder and the praise (`reminderText`, `praiseText` in reminders.rules.ts). */
export interface MessageTemplates {
  /** Params: name, camp, dayNumber, lengthDays, finishers, deadline. */
  reminder: LocalizedText;
  /** When nobody has checked in yet: the same params. */
  reminderNobodyYet: LocalizedText;
  /** Params: camp, dayNumber, lengthDays, finishers, enrolled. */
  praise: LocalizedText;
  /** Heading before the role-model lines. */
  praiseRoleModels: LocalizedText;
  /** One line per role model; params: name, what. */
  praiseRoleModelLine: LocalizedText;
}

export const DEFAULT_MESSAGE_TEMPLATES: MessageTemplates = {
  reminder: {
    'zh-CN':
      '{name}，「{camp}」第 {dayNumber}/{lengthDays} 天，今天已有 {finishers} 位伙伴打卡，就差你啦！记得在 {deadline} 前打卡哦',
    en: '{name}, it is day {dayNumber} of {lengthDays} in "{camp}" and {finishers} members have checked in today. Check in before {deadline}!',
  },
  reminderNobodyYet: {
    'zh-CN':
      '{name}，「{camp}」第 {dayNumber}/{lengthDays} 天，今天还没有人打卡，来做第一个吧！记得在 {deadline} 前打卡哦',
    en: '{name}, it is day {dayNumber} of {lengthDays} in "{camp}" and nobody has checked in yet. Be the first, before {deadline}!',
  },
  praise: {
    'zh-CN': '「{camp}」第 {dayNumber}/{lengthDays} 天：{finishers}/{enrolled} 位伙伴完成了打卡，为大家点赞！',
    en: '"{camp}" day {dayNumber} of {lengthDays}: {finishers} of {enrolled} members checked in. Well done, everyone!',
  },
  praiseRoleModels: { 'zh-CN': '今日榜样：', en: "Today's role models:" },
  praiseRoleModelLine: { 'zh-CN': '@{name} {what}', en: '@{name} {what}' },
};
