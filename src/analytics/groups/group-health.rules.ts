import { isSilent, phaseOf, type Phase } from '../../communities/phase.rules.js';
import { isStaffIn, type StaffRole } from '../../members/roles/roles.rules.js';

/**
 * Pure rules behind the group list and the overview's alerts: which day the figures are "as of",
 * the lifecycle phase with the day it began, and a health score. Days are local epoch days.
 */

/**
 * Daily messages by non-staff members per group (METRICS.md, M7): each group's daily totals
 * minus the messages of those who are staff in that group.
 */
export function nonStaffDailyMessages(
  groupIds: number[],
  totals: ReadonlyArray<{ group_id: number; day: number; messages: number }>,
  staffDays: ReadonlyArray<{ group_id: number; member_id: number; day: number; messages: number }>,
  roles: readonly StaffRole[],
): Map<number, Map<number, number>> {
  const series = new Map<number, Map<number, number>>(groupIds.map((id) => [id, new Map()]));
  for (const t of totals) series.get(t.group_id)?.set(t.day, t.messages);
  for (const s of staffDays) {
    const days = series.get(s.group_id);
    if (!days || !isStaffIn(roles, s.member_id, s.group_id)) continue;
    days.set(s.day, (days.get(s.day) ?? 0) - s.messages);
  }
  return series;
}

export interface PhaseAsOf {
  m7: number;
  peak: number;
  silent: boolean;
  phase: Phase;
  /** First day of the run of days, ending on `asOf`, spent in `phase`. */
  since: number;
}

/**
 * The group's phase on `asOf` (METRICS.md) and since when it has been in it, walking M7 day by day
 * from the group's first event. A group without events has not started: honeymoon, as of today.
 *
 * @example
 * // 10 messages a day for 20 days, then nothing for 8: silent since the 7th quiet day
 * phaseAsOf(series, 0, 27) // { m7: 0, peak: 70, silent: true, phase: 'silent', since: 26 }
 */
export function phaseAsOf(
  messagesByDay: ReadonlyMap<number, number>,
  firstDay: number | null,
  asOf: number,
): PhaseAsOf {
  if (firstDay === null || firstDay > asOf) return { m7: 0, peak: 0, silent: false, phase: 'honeymoon', since: asOf };
  let m7 = 0;
  let peak = 0;
  let phase: Phase = 'honeymoon';
  let since = firstDay;
  let silent = false;
  for (let day = firstDay; day <= asOf; day++) {
    m7 += messagesByDay.get(day) ?? 0;
    m7 -= messagesByDay.get(day - 7) ?? 0;
    if (m7 > peak) peak = m7;
    silent = isSilent(m7, firstDay, day);
    const today = phaseOf({ m7, peak, silent });
    if (today !== phase) {
      phase = today;
      since = day;
    }
  }
  return { m7, peak, silent, phase, since };
}

/** How much each phase contributes to health, out of 1. */
export const PHASE_SCORE: Record<Phase, number> = { honeymoon: 1, cooling: 0.6, fading: 0.25, silent: 0 };
/** The share of members active in a week that earns full engagement marks. */
export const FULL_ENGAGEMENT_WAU_SHARE = 0.5;

/**
 * Health 0..100: 60 points for the lifecycle phase (honeymoon 60, cooling 36, fading 15, silent 0)
 * plus 40 for engagement, the share of current members active in the last 7 days, with half of
 * them or more earning all 40. The phase says where the conversation is heading; engagement says
 * how many take part in it.
 *
 * @example
 * groupHealth({ phase: 'honeymoon', wau: 30, size: 100 }) // 60 + 40 · 0.6 = 84
 */
export function groupHealth(group: { phase: Phase; wau: number; size: number }): number {
  const engagement = group.size > 0 ? Math.min(1, group.wau / group.size / FULL_ENGAGEMENT_WAU_SHARE) : 0;
  return Math.round(60 * PHASE_SCORE[group.phase] + 40 * engagement);
}
