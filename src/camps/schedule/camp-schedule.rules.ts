import { dayToIso, wallClockToUtc, type EpochDay } from '../../kernel/time/local-day.js';
import { CAMP_TEMPLATES, parseClock, type CampSettings, type CheckinWindow } from '../camp/camp.rules.js';
import type { Locale } from '../rewards/rewards.messages.js';

/**
 * When a camp's daily reminder and praise are due. Pure: the schedule service asks these every
 * minute and enqueues what is due under idempotency keys, so asking again changes nothing.
 *
 * Times are wall-clock times in the community's zone on the camp day's date; for a window that
 * crosses midnight (22:00–02:00), a time before the window's end (01:00) is on the next date,
 * where that camp day's window still is.
 */

/** Praise due longer ago than this is dropped: yesterday's praise the next morning helps no one. */
export const PRAISE_GRACE_MS = 3 * 3_600_000;

const crossesMidnight = (window: CheckinWindow) => window.end <= window.start;

/** The UTC instant of wall-clock `minute` (0..1440) belonging to camp day `day`. */
export function campDayInstant(window: CheckinWindow, timezone: string, day: EpochDay, minute: number): number {
  const date = dayToIso(crossesMidnight(window) && minute < window.end ? day + 1 : day);
  const [y, m, d] = date.split('-').map(Number);
  // Whole minutes from midnight: 24:00 becomes the next midnight; wallClockToUtc reads a time
  // inside a spring-forward gap with the offset before it (02:30 → 03:30 daylight time).
  return wallClockToUtc(timezone, y, m, d, Math.floor(minute / 60), minute % 60);
}

/** When camp day `day`'s check-in window closes. */
export function windowCloseInstant(window: CheckinWindow, timezone: string, day: EpochDay): number {
  const closeDay = crossesMidnight(window) ? day + 1 : day;
  const [y, m, d] = dayToIso(closeDay).split('-').map(Number);
  return wallClockToUtc(timezone, y, m, d, Math.floor(window.end / 60), window.end % 60);
}

export interface ScheduledCamp {
  startDay: EpochDay;
  lengthDays: number;
  window: CheckinWindow;
  reminderTime: string | null;
  praiseTime: string | null;
}

export interface DueActions {
  /** The camp day whose reminders are due now, or null. */
  reminderDay: EpochDay | null;
  praiseDay: EpochDay | null;
}

/**
 * Which camp day's reminder and praise are due at `now`. The reminder is due from its time until
 * the day's window closes (a reminder after the deadline would only annoy); the praise for
 * PRAISE_GRACE_MS after its time. Only days of the camp count. `localDay` is today's date in the
 * zone; yesterday is looked at too, for windows and times past midnight.
 *
 * @example
 * dueActions({ startDay: 19875, lengthDays: 21, window: { start: 300, end: 480 }, reminderTime: '07:30', praiseTime: '08:00' }, 'Asia/Shanghai', 19876, at0745)
 * // { reminderDay: 19876, praiseDay: null }
 */
export function dueActions(camp: ScheduledCamp, timezone: string, localDay: EpochDay, now: number): DueActions {
  const due: DueActions = { reminderDay: null, praiseDay: null };
  const lastDay = camp.startDay + camp.lengthDays - 1;
  for (const day of [localDay - 1, localDay]) {
    if (day < camp.startDay || day > lastDay) continue;
    if (camp.reminderTime !== null) {
      const at = campDayInstant(camp.window, timezone, day, parseClock(camp.reminderTime, 'reminderTime'));
      if (at <= now && now < windowCloseInstant(camp.window, timezone, day)) due.reminderDay = day;
    }
    if (camp.praiseTime !== null) {
      const at = campDayInstant(camp.window, timezone, day, parseClock(camp.praiseTime, 'praiseTime'));
      if (at <= now && now < at + PRAISE_GRACE_MS) due.praiseDay = day;
    }
  }
  return due;
}

/** The praise time of stored settings; camps stored before praise times existed get their template's. */
export function praiseTimeOf(template: string, settings: Partial<CampSettings>): string | null {
  if (settings.praiseTime !== undefined) return settings.praiseTime;
  return template in CAMP_TEMPLATES
    ? CAMP_TEMPLATES[template as keyof typeof CAMP_TEMPLATES].settings.praiseTime
    : null;
}

/** The language of a community's outgoing messages: its `locale` setting when it names one we have, else zh-CN. */
export function communityLocale(settings: Record<string, unknown>): Locale {
  return settings.locale === 'en' || settings.locale === 'zh-CN' ? settings.locale : 'zh-CN';
}
