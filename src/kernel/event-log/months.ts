import { MS_PER_DAY } from '../time/local-day.js';
/**
 * Calendar months of local epoch days, for the `member_months` rollup: month 0 is 1970-01, so a
 * month is `(year - 1970) * 12 + (month - 1)` of the day's local date. Migration 002 computes the
 * same number in SQL to fill the rollup from `member_days`.
 */
export function monthOfDay(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth();
}

/** The local epoch day of a month's first day. */
export function monthStartDay(month: number): number {
  const year = Math.floor(month / 12);
  return Date.UTC(1970 + year, month - year * 12, 1) / MS_PER_DAY;
}

/**
 * Splits the days from..to into whole months (read from `member_months`) and the partial months
 * at either edge (read from `member_days`). `months` is null when no month lies wholly inside.
 */
export function splitIntoMonths(
  from: number,
  to: number,
): { months: { from: number; to: number } | null; edges: Array<{ from: number; to: number }> } {
  const firstMonth = monthOfDay(from) + (monthStartDay(monthOfDay(from)) === from ? 0 : 1);
  const lastMonth = monthOfDay(to) - (monthStartDay(monthOfDay(to) + 1) === to + 1 ? 0 : 1);
  if (firstMonth > lastMonth) return { months: null, edges: [{ from, to }] };
  const edges = [];
  const wholeFrom = monthStartDay(firstMonth);
  const wholeTo = monthStartDay(lastMonth + 1) - 1;
  if (from < wholeFrom) edges.push({ from, to: wholeFrom - 1 });
  if (wholeTo < to) edges.push({ from: wholeTo + 1, to });
  return { months: { from: firstMonth, to: lastMonth }, edges };
}
