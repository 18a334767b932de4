import { ValidationError } from '../errors.js';

/**
 * Days are stored as "epoch days": the number of calendar days from 1970-01-01 to a date in the
 * community's time zone. Integers make day arithmetic (D-13..D) trivial in SQL and in code, and
 * never depend on a database's time-zone functions.
 */
export type EpochDay = number;

/** Milliseconds in a UTC day (a local day may be an hour longer or shorter across a DST change). */
export const MS_PER_DAY = 86_400_000;
const QUARTER_HOUR_MS = 900_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatterCache = new Map<string, Intl.DateTimeFormat>();

function wallClockFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatterCache.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatterCache.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a `ValidationError` unless `timeZone` is an IANA zone this runtime knows. */
export function assertTimeZone(timeZone: string, field = 'timezone'): string {
  try {
    wallClockFormatter(timeZone);
    return timeZone;
  } catch {
    throw new ValidationError(field, `not an IANA time zone: ${timeZone}`);
  }
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (east positive). */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  const parts = wallClockFormatter(timeZone).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * Returns a fast function from UTC epoch ms to the local epoch day. Offsets are cached per
 * quarter hour: zone transitions happen on quarter-hour boundaries, so a bucket has one offset.
 *
 * @example
 * const dayOf = createDayResolver('Asia/Shanghai');
 * dayToIso(dayOf(Date.UTC(2024, 0, 1, 16, 30))) // '2024-01-02' (00:30 in Shanghai)
 */
export function createDayResolver(timeZone: string): (ms: number) => EpochDay {
  assertTimeZone(timeZone);
  const offsets = new Map<number, number>();
  return (ms: number) => {
    const bucket = Math.floor(ms / QUARTER_HOUR_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      offset = zoneOffsetMs(timeZone, bucket * QUARTER_HOUR_MS);
      offsets.set(bucket, offset);
    }
    return Math.floor((ms + offset) / MS_PER_DAY);
  };
}

/** Local epoch day of instant `ms` in `timeZone` (uncached; use `createDayResolver` in loops). */
export function localDay(timeZone: string, ms: number): EpochDay {
  return Math.floor((ms + zoneOffsetMs(timeZone, ms)) / MS_PER_DAY);
}

/**
 * The UTC instant of a wall-clock time in `timeZone`. In a daylight-saving gap the time is read
 * with the offset before the change (02:30 on a spring-forward night becomes 03:30); in an
 * overlap the earlier of the two instants is chosen.
 */
export function wallClockToUtc(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const before = zoneOffsetMs(timeZone, wall - MS_PER_DAY);
  const after = zoneOffsetMs(timeZone, wall + MS_PER_DAY);
  const candidates = [wall - before, wall - after].filter((ms) => ms + zoneOffsetMs(timeZone, ms) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

export function dayToIso(day: EpochDay): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Parses `YYYY-MM-DD` strictly (2024-02-30 is rejected). */
export function isoToDay(iso: string, field = 'date'): EpochDay {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new ValidationError(field, `expected YYYY-MM-DD, got "${iso}"`);
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const day = ms / MS_PER_DAY;
  if (dayToIso(day) !== iso) throw new ValidationError(field, `not a calendar date: "${iso}"`);
  return day;
}

/** ISO 8601 week of a day, as `YYYY-Www` (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(day: EpochDay): string {
  const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday; 1970-01-01 was a Thursday
  const thursday = day - weekday + 3;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const firstThursdayOfYear = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const week = Math.floor((thursday - firstThursdayOfYear) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Local hour (0..23) and ISO weekday (1 = Monday … 7 = Sunday) of an instant. */
export function localHourAndWeekday(timeZone: string, ms: number): { hour: number; weekday: number } {
  const localMs = ms + zoneOffsetMs(timeZone, ms);
  const day = Math.floor(localMs / MS_PER_DAY);
  return {
    hour: Math.floor((localMs - day * MS_PER_DAY) / 3_600_000),
    weekday: ((((day + 3) % 7) + 7) % 7) + 1,
  };
}
