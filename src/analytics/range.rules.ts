import { ValidationError } from '../kernel/errors.js';
import type { Locale } from '../kernel/http/locale.js';
import { dayToIso, MS_PER_DAY, type EpochDay } from '../kernel/time/local-day.js';

/** Days the console shows when no range is asked for. */
export const DEFAULT_RANGE_DAYS = 30;
/**
 * The longest range one may ask for: ten years of days. Enough for any imported history ("all
 * time" asks for no range and gets the events' own span), small enough that a typo such as
 * 0001-01-01 cannot make the server build a million-day series.
 */
export const MAX_RANGE_DAYS = 3660;

/**
 * Why the range is what it is: asked for; the default "last 30 days" ending today; or, for a
 * community with no events in those 30 days (an imported history), the 30 days ending on its last
 * event day, so that it opens on its data; the console says so.
 */
export type RangeBasis = 'request' | 'recent' | 'lastEvent';

export interface DayRange {
  from: EpochDay;
  to: EpochDay;
  basis: RangeBasis;
}

/** `from`/`to` as a query carries them: YYYY-MM-DD, both optional. */
export interface RangeQuery {
  from?: string;
  to?: string;
}

const MESSAGES = {
  RANGE_BAD_DAY: {
    en: '{field} is not a calendar date written YYYY-MM-DD: "{value}"',
    'zh-CN': '{field} 须为 YYYY-MM-DD 格式的有效日期，收到的是 “{value}”',
  },
  RANGE_ORDER: {
    en: 'the range starts on {from}, after its end {to}: from must not be after to',
    'zh-CN': '开始日期 {from} 晚于结束日期 {to}：开始日期不能晚于结束日期',
  },
  RANGE_TOO_LONG: {
    en: 'the range {from} to {to} spans {days} days; at most {max} days may be asked for (leave both out for all time)',
    'zh-CN': '日期范围 {from} 至 {to} 共 {days} 天，最长只能选 {max} 天（不填日期即为全部时间）',
  },
} as const;

export type RangeErrorCode = keyof typeof MESSAGES;

function rangeError(code: RangeErrorCode, field: string, locale: Locale, params: Record<string, string | number>) {
  const text = MESSAGES[code][locale].replace(/\{(\w+)\}/g, (_, key: string) => String(params[key]));
  return new ValidationError(field, text, code);
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD bound as an epoch day; a 400 in `locale` for anything else (2024-02-30 too). */
export function parseDay(value: string, field: 'from' | 'to', locale: Locale): EpochDay {
  const day = ISO_DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) / MS_PER_DAY : Number.NaN;
  if (!Number.isInteger(day) || dayToIso(day) !== value)
    throw rangeError('RANGE_BAD_DAY', field, locale, { field, value });
  return day;
}

/** Throws the range's 400 unless from ≤ to and the span is at most `MAX_RANGE_DAYS`. */
export function checkRange(from: EpochDay, to: EpochDay, locale: Locale): void {
  const params = { from: dayToIso(from), to: dayToIso(to), days: to - from + 1, max: MAX_RANGE_DAYS };
  if (from > to) throw rangeError('RANGE_ORDER', 'from', locale, params);
  if (to - from + 1 > MAX_RANGE_DAYS) throw rangeError('RANGE_TOO_LONG', 'to', locale, params);
}

/**
 * The default range: the last `days` days ending today, or, when the community has no event in
 * them, the `days` days ending on its last event day.
 *
 * @example
 * defaultRange(20_000, 19_990) // { from: 19_971, to: 20_000, basis: 'recent' }
 * defaultRange(20_000, 16_600) // { from: 16_571, to: 16_600, basis: 'lastEvent' }
 */
export function defaultRange(today: EpochDay, lastEventDay: EpochDay | null, days = DEFAULT_RANGE_DAYS): DayRange {
  const stale = lastEventDay !== null && lastEventDay < today - days + 1;
  const to = stale ? lastEventDay : today;
  return { from: to - days + 1, to, basis: stale ? 'lastEvent' : 'recent' };
}

/**
 * The range a console screen shows: the one asked for (a missing `to` is the default's end, a
 * missing `from` makes it `days` long), else `defaultRange`.
 *
 * @example
 * resolveRange({ from: '2026-03-01', to: '2026-03-31' }, 20_600, null, 'en') // basis 'request'
 */
export function resolveRange(
  query: RangeQuery,
  today: EpochDay,
  lastEventDay: EpochDay | null,
  locale: Locale,
  days = DEFAULT_RANGE_DAYS,
): DayRange {
  const fallback = defaultRange(today, lastEventDay, days);
  if (query.from === undefined && query.to === undefined) return fallback;
  const to = query.to === undefined ? fallback.to : parseDay(query.to, 'to', locale);
  const from = query.from === undefined ? to - days + 1 : parseDay(query.from, 'from', locale);
  checkRange(from, to, locale);
  return { from, to, basis: 'request' };
}
