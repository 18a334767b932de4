import { zoneOffsetMs, MS_PER_DAY } from '../../kernel/time/local-day.js';
import { formatClock, type CampRules, type CheckinWindow, type ContentSpec } from '../camp/camp.rules.js';

export type CheckinRejection =
  | 'OUTSIDE_WINDOW'
  | 'ALREADY_CHECKED_IN'
  | 'CAMP_NOT_STARTED'
  | 'CAMP_ENDED'
  | 'MISSING_FIELD'
  | 'MAKEUP_NOT_ALLOWED';

export interface CheckinCamp {
  startDay: number;
  lengthDays: number;
  window: CheckinWindow;
  timezone: string;
  content: ContentSpec;
  rules: Pick<CampRules, 'makeUpCards' | 'makeUpMaxDaysLate'>;
}

export interface CheckinAttempt {
  text?: string | null;
  number?: number | null;
  link?: string | null;
  image?: string | null;
  /** Present for a make-up (补卡): the missed camp day to fill. */
  makeUpDay?: number;
}

/** What the member already has in this camp (voided check-ins excluded). */
export interface MemberCheckins {
  days: ReadonlySet<number>;
  makeUpsUsed: number;
}

export type CheckinDecision =
  | { ok: true; day: number; kind: 'normal' | 'makeup' }
  | { ok: false; code: CheckinRejection; message: string; field?: keyof ContentSpec };

/**
 * Where an instant falls for a camp: the local day and minute of day in the community's zone, and
 * the camp day whose window is open then, if any. A window crossing midnight (22:00–02:00) belongs
 * to the day it starts on: 01:00 on the 6th checks in for the 5th, as a night owl would expect,
 * and a camp's last day keeps its full window. Minutes are wall-clock minutes, so on a
 * daylight-saving day the window still opens at 05:00 on the clock (and a window inside the
 * skipped hour is an hour shorter that day).
 */
export function placeInstant(
  window: CheckinWindow,
  timezone: string,
  at: number,
): { localDay: number; minute: number; windowDay: number | null } {
  const local = at + offsetAt(timezone, at);
  const localDay = Math.floor(local / MS_PER_DAY);
  const minute = Math.floor((local - localDay * MS_PER_DAY) / 60_000);
  let windowDay: number | null = null;
  if (window.start < window.end) {
    if (minute >= window.start && minute < window.end) windowDay = localDay;
  } else if (minute >= window.start) windowDay = localDay;
  else if (minute < window.end) windowDay = localDay - 1;
  return { localDay, minute, windowDay };
}

const QUARTER_HOUR_MS = 900_000;
const offsets = new Map<string, number>();

/**
 * The zone's offset, memoised per quarter hour (zone changes fall on quarter-hour boundaries, as
 * in local-day.ts): Intl's formatter costs more than the rest of a check-in's rules together.
 */
function offsetAt(timezone: string, at: number): number {
  const bucket = Math.floor(at / QUARTER_HOUR_MS);
  const key = `${timezone}|${bucket}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size >= 10_000) offsets.clear();
    offset = zoneOffsetMs(timezone, bucket * QUARTER_HOUR_MS);
    offsets.set(key, offset);
  }
  return offset;
}

/** `05:00–08:00`, for messages and the member page. */
export function describeWindow(window: CheckinWindow): string {
  return `${formatClock(window.start)}–${formatClock(window.end)}`;
}

/**
 * Decides a check-in attempt at instant `at`. Checks in this order, so the member hears the most
 * useful reason: the camp's dates, the window (make-ups skip it), a check-in already there, then
 * the required fields.
 *
 * @example
 * decideCheckin(camp, { days: new Set(), makeUpsUsed: 0 }, {}, at).ok
 */
export function decideCheckin(
  camp: CheckinCamp,
  member: MemberCheckins,
  attempt: CheckinAttempt,
  at: number,
): CheckinDecision {
  const { localDay, windowDay } = placeInstant(camp.window, camp.timezone, at);
  const lastDay = camp.startDay + camp.lengthDays - 1;
  const window = describeWindow(camp.window);
  const today = windowDay ?? localDay;
  if (today < camp.startDay)
    return reject(
      'CAMP_NOT_STARTED',
      `the camp starts in ${camp.startDay - today} day(s); check-ins open ${window} (${camp.timezone})`,
    );

  let day: number;
  let kind: 'normal' | 'makeup' = 'normal';
  if (attempt.makeUpDay !== undefined) {
    day = attempt.makeUpDay;
    kind = 'makeup';
    const refusal = makeUpRefusal(camp, member, day, today);
    if (refusal) return reject('MAKEUP_NOT_ALLOWED', refusal);
  } else {
    if (today > lastDay) return reject('CAMP_ENDED', `the camp ended ${today - lastDay} day(s) ago`);
    if (windowDay === null)
      return reject('OUTSIDE_WINDOW', `check-ins are open ${window} (${camp.timezone}); it is outside that window now`);
    day = windowDay;
  }
  if (member.days.has(day))
    return reject(
      'ALREADY_CHECKED_IN',
      kind === 'makeup' ? 'that day already has a check-in' : 'already checked in today; see you tomorrow',
    );
  for (const field of ['text', 'number', 'link', 'image'] as const) {
    const value = attempt[field];
    if (camp.content[field] && (value === undefined || value === null || value === '')) {
      const label = field === 'number' && camp.content.numberLabel ? `number (${camp.content.numberLabel})` : field;
      return { ok: false, code: 'MISSING_FIELD', message: `this camp's check-in needs a ${label}`, field };
    }
  }
  return { ok: true, day, kind };
}

function makeUpRefusal(camp: CheckinCamp, member: MemberCheckins, day: number, today: number): string | null {
  const lastDay = camp.startDay + camp.lengthDays - 1;
  if (camp.rules.makeUpCards === 0) return 'this camp has no make-up cards';
  if (day < camp.startDay || day > lastDay) return 'that day is not a day of the camp';
  if (day >= today) return 'only a past day can be made up';
  if (today - day > camp.rules.makeUpMaxDaysLate)
    return `a day can be made up at most ${camp.rules.makeUpMaxDaysLate} day(s) later`;
  if (member.makeUpsUsed >= camp.rules.makeUpCards) return `all ${camp.rules.makeUpCards} make-up card(s) are used`;
  return null;
}

function reject(code: Exclude<CheckinRejection, 'MISSING_FIELD'>, message: string): CheckinDecision {
  return { ok: false, code, message };
}

export interface ChatCheckin {
  text: string;
  number: number | null;
  link: string | null;
}

const KEYWORD = /^\s*(?:打卡|#checkin|#打卡)(?=$|[\s:：,，!！。.])[\s:：,，!！。.]*/i;
const LINK = /https?:\/\/[^\s，。]+/i;
const NUMBER = /(?:^|[^\d.])(\d+(?:\.\d+)?)(?!\d)/;

/**
 * Reads a chat message as a check-in when it starts with the keyword (`打卡`, `#打卡` or `#checkin`,
 * any case), else null. The rest is the check-in's text; the first link and the first number in
 * it fill those fields, so `打卡 第3天 读了 25 页` carries a number (3 — the first one; members of
 * number camps are told to lead with it).
 *
 * @example
 * parseChatCheckin('#checkin 30 pages https://x.y/z') // { text: '30 pages https://x.y/z', number: 30, link: 'https://x.y/z' }
 */
export function parseChatCheckin(message: string): ChatCheckin | null {
  const match = KEYWORD.exec(message);
  if (!match) return null;
  const text = message.slice(match[0].length).trim();
  const link = LINK.exec(text)?.[0] ?? null;
  const withoutLink = link ? text.replace(link, ' ') : text;
  const number = NUMBER.exec(withoutLink)?.[1];
  return { text, number: number === undefined ? null : Number(number), link };
}
