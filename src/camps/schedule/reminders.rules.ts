import type { EpochDay } from '../../kernel/time/local-day.js';
import { fillTemplate } from '../rewards/gamification.rules.js';
import type { Locale } from '../rewards/rewards.messages.js';
import { describeRoleModel, type RoleModel } from '../leaderboard/leaderboard.rules.js';
import { DEFAULT_MESSAGE_TEMPLATES, type MessageTemplates } from './reminders.messages.js';

/**
 * The daily reminder to members who have not checked in, and the praise for those who have
 * (PLAYBOOK §5). Participation is voluntary: opting out of reminders never removes a member from
 * the camp. Both messages go through the outbox under the keys below, so a retried job never
 * sends twice.
 */

export interface CampRun {
  id: number;
  startDay: EpochDay;
  lengthDays: number;
}

/** The camp's day number on `day` (1 on the start day), or null when the camp is not running. */
export function campDayNumber(camp: CampRun, day: EpochDay): number | null {
  const number = day - camp.startDay + 1;
  return number >= 1 && number <= camp.lengthDays ? number : null;
}

export interface ReminderCandidate {
  memberId: number;
  enrolled: boolean;
  optedOutOfReminders: boolean;
  blacklisted: boolean;
  checkedInToday: boolean;
}

/**
 * Who gets today's reminder, in member-id order: enrolled, not opted out, not blacklisted, not
 * checked in yet — and nobody at all before the start or after the last day.
 *
 * @example
 * reminderRecipients({ id: 1, startDay: 100, lengthDays: 21 }, members, 105) // [3, 8, 21]
 */
export function reminderRecipients(camp: CampRun, members: readonly ReminderCandidate[], today: EpochDay): number[] {
  if (campDayNumber(camp, today) === null) return [];
  return members
    .filter((m) => m.enrolled && !m.optedOutOfReminders && !m.blacklisted && !m.checkedInToday)
    .map((m) => m.memberId)
    .sort((a, b) => a - b);
}

/** Outbox action keys: one reminder per member, camp and day; one praise per camp and day. */
export const outboxKeys = {
  reminder: (campId: number, memberId: number, day: EpochDay) => `remind:${campId}:${memberId}:${day}`,
  praise: (campId: number, day: EpochDay) => `praise:${campId}:${day}`,
} as const;

export interface ReminderFacts {
  memberName: string;
  campName: string;
  dayNumber: number;
  lengthDays: number;
  finishersToday: number;
  /** When the check-in window closes, as the member reads it (e.g. `08:00`). */
  deadline: string;
}

/**
 * The reminder text for one member.
 *
 * @example
 * reminderText('en', { memberName: 'Ann', campName: 'Early risers', dayNumber: 5, lengthDays: 21, finishersToday: 12, deadline: '08:00' })
 * // 'Ann, it is day 5 of 21 in "Early risers" and 12 members have checked in today. Check in before 08:00!'
 */
export function reminderText(
  locale: Locale,
  facts: ReminderFacts,
  templates: MessageTemplates = DEFAULT_MESSAGE_TEMPLATES,
): string {
  const template = facts.finishersToday > 0 ? templates.reminder : templates.reminderNobodyYet;
  return fillTemplate(template[locale], {
    name: facts.memberName,
    camp: facts.campName,
    dayNumber: facts.dayNumber,
    lengthDays: facts.lengthDays,
    finishers: facts.finishersToday,
    deadline: facts.deadline,
  });
}

export interface PraiseFacts {
  campName: string;
  dayNumber: number;
  lengthDays: number;
  finishersToday: number;
  enrolled: number;
  /** Today's role models in pick order, each with the member's display name. */
  roleModels: ReadonlyArray<{ name: string; roleModel: RoleModel }>;
}

/**
 * The praise message, or null on a day nobody checked in (there is no one to praise, and a
 * "0 of 80" message would shame rather than encourage).
 *
 * @example
 * praiseText('zh-CN', { campName: '晨读', dayNumber: 5, lengthDays: 21, finishersToday: 40, enrolled: 52, roleModels: [...] })
 * // '「晨读」第 5/21 天：40/52 位伙伴完成了打卡，为大家点赞！\n今日榜样：\n@小王 已连续打卡 5 天'
 */
export function praiseText(
  locale: Locale,
  facts: PraiseFacts,
  templates: MessageTemplates = DEFAULT_MESSAGE_TEMPLATES,
): string | null {
  if (facts.finishersToday === 0) return null;
  const lines = [
    fillTemplate(templates.praise[locale], {
      camp: facts.campName,
      dayNumber: facts.dayNumber,
      lengthDays: facts.lengthDays,
      finishers: facts.finishersToday,
      enrolled: facts.enrolled,
    }),
  ];
  if (facts.roleModels.length > 0) {
    lines.push(templates.praiseRoleModels[locale]);
    for (const { name, roleModel } of facts.roleModels) {
      lines.push(
        fillTemplate(templates.praiseRoleModelLine[locale], { name, what: describeRoleModel(roleModel, locale) }),
      );
    }
  }
  return lines.join('\n');
}
