import type { CalendarEntry } from './api';

/**
 * - `checked` / `makeup`: a check-in that counts (a make-up is a 补卡 for a missed day);
 * - `voided`: the day's check-in was voided by staff, so the day counts as missed;
 * - `missed`: a past day without a check-in; `today`: still open; `future`: not yet.
 */
export type DayStatus = 'checked' | 'makeup' | 'voided' | 'missed' | 'today' | 'future';

export interface CalendarDay {
  date: string;
  /** 1-based day of the camp. */
  day: number;
  status: DayStatus;
}

const MS_PER_DAY = 86_400_000;

/** `YYYY-MM-DD` plus `days` calendar days (dates, not instants: no time zone involved). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Every day of the camp with what happened on it, from the member's stored check-ins and the
 * camp's today (the server's, so a phone with a wrong clock still sees the right day).
 *
 * @example
 * campCalendar({ startDate: '2025-03-01', lengthDays: 3 }, '2025-03-02', [{ date: '2025-03-01', kind: 'normal', voided: false }])
 * // [{ date: '2025-03-01', day: 1, status: 'checked' }, { …, status: 'today' }, { …, status: 'future' }]
 */
export function campCalendar(
  camp: { startDate: string; lengthDays: number },
  today: string,
  entries: CalendarEntry[],
): CalendarDay[] {
  const counted = new Map<string, string>();
  const voided = new Set<string>();
  for (const e of entries) {
    if (e.voided) voided.add(e.date);
    else counted.set(e.date, e.kind);
  }
  return Array.from({ length: camp.lengthDays }, (_, i) => {
    const date = addDays(camp.startDate, i);
    const kind = counted.get(date);
    let status: DayStatus;
    if (kind !== undefined) status = kind === 'makeup' ? 'makeup' : 'checked';
    else if (voided.has(date)) status = 'voided';
    else if (date < today) status = 'missed';
    else status = date === today ? 'today' : 'future';
    return { date, day: i + 1, status };
  });
}

/**
 * Missed days a make-up could fill, most recent first: no older than `maxDaysLate` days before
 * `today` (the server applies the same limit, and says so, but a day it would refuse is not offered).
 *
 * @example
 * makeUpCandidates(days, { makeUpsLeft: 2, maxDaysLate: 1, today: '2025-03-05' }) // at most 2025-03-04
 */
export function makeUpCandidates(
  days: CalendarDay[],
  limits: { makeUpsLeft: number; maxDaysLate: number; today: string },
): CalendarDay[] {
  if (limits.makeUpsLeft <= 0) return [];
  const earliest = addDays(limits.today, -limits.maxDaysLate);
  // Not voided days: the server keeps a voided check-in on its day, so that day cannot be filled again.
  return days.filter((d) => d.status === 'missed' && d.date >= earliest).reverse();
}
