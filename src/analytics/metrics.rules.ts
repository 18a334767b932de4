/**
 * The pure rules behind METRICS.md. Data in, numbers out: no database, no clock.
 * Days are local epoch days (see kernel/time/local-day.ts).
 */

export type Tier = 'active' | 'observer' | 'lurker';
export type Phase = 'honeymoon' | 'cooling' | 'fading' | 'silent';

/** Tier window W (days D-13..D) and the distinct message days that make a member active. */
export const TIER_WINDOW_DAYS = 14;
export const ACTIVE_MIN_MESSAGE_DAYS = 4;
export const SLA_MS = 5 * 60 * 1000;

/**
 * @example
 * tierOf({ messageDays: 4, activityEvents: 9 }) // 'active'
 * tierOf({ messageDays: 0, activityEvents: 1 }) // 'observer' (a check-in, no message)
 */
export function tierOf(window: { messageDays: number; activityEvents: number }): Tier {
  if (window.messageDays >= ACTIVE_MIN_MESSAGE_DAYS) return 'active';
  if (window.activityEvents > 0) return 'observer';
  return 'lurker';
}

/** A member's latest join/leave on or before D, if any, and whether they have any at all. */
export interface PresenceFacts {
  latestMembershipEventOnOrBeforeD: 'join' | 'leave' | null;
  hasMembershipEvents: boolean;
  firstEventDay: number | null;
}

/** "Present on day D" (METRICS.md, Basics). */
export function isPresent(facts: PresenceFacts, day: number): boolean {
  if (facts.latestMembershipEventOnOrBeforeD !== null) return facts.latestMembershipEventOnOrBeforeD === 'join';
  return !facts.hasMembershipEvents && facts.firstEventDay !== null && facts.firstEventDay <= day;
}

/** The middle value; the mean of the two middle values for an even count. `values` must be sorted. */
export function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest-rank percentile: the ⌈p·n⌉-th smallest. `values` must be sorted. */
export function nearestRank(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1];
}

/**
 * Share of all messages written by the top 20% of authors (at least one author).
 *
 * @example
 * top20Share([10, 1, 1, 1, 1]) // 10 / 14: one author is the top 20% of five
 */
export function top20Share(messagesPerAuthor: number[]): number | null {
  const counts = messagesPerAuthor.filter((c) => c > 0).sort((a, b) => b - a);
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total === 0) return null;
  const top = Math.max(1, Math.ceil(0.2 * counts.length));
  let topSum = 0;
  for (let i = 0; i < top; i++) topSum += counts[i];
  return topSum / total;
}

/**
 * Rolling M7 over a group's daily non-staff message counts.
 * `messagesByDay` maps day → non-staff messages; returns M7 and the peak for `asOf`.
 */
export function m7AndPeak(messagesByDay: Map<number, number>, firstDay: number, asOf: number): { m7: number; peak: number } {
  let m7 = 0;
  let peak = 0;
  for (let day = firstDay; day <= asOf; day++) {
    m7 += messagesByDay.get(day) ?? 0;
    m7 -= messagesByDay.get(day - 7) ?? 0;
    if (m7 > peak) peak = m7;
  }
  return { m7, peak };
}

/** Silent on D: no non-staff message in D-6..D, and a full 7-day window has passed since the first event. */
export function isSilent(m7: number, firstDay: number, day: number): boolean {
  return m7 === 0 && day >= firstDay + 6;
}

/**
 * Lifecycle phase (METRICS.md): honeymoon ≥ 0.6·P, cooling ≥ 0.2·P, fading > 0, silent.
 *
 * @example
 * phaseOf({ m7: 5, peak: 100, silent: false }) // 'fading'
 */
export function phaseOf(group: { m7: number; peak: number; silent: boolean }): Phase {
  if (group.silent) return 'silent';
  if (group.m7 >= 0.6 * group.peak) return 'honeymoon';
  if (group.m7 >= 0.2 * group.peak) return 'cooling';
  return 'fading';
}

/** Survival(n): a group survives n days if it is not silent on day n after its first event. */
export function survives(messagesByDay: Map<number, number>, firstDay: number, n: number): boolean {
  const day = firstDay + n;
  const { m7 } = m7AndPeak(messagesByDay, firstDay, day);
  return !isSilent(m7, firstDay, day);
}

export interface RetentionMember {
  day0: number;
  /** Days after day 0 (1, 2, …) with at least one activity event. */
  activeOffsets: Set<number>;
}

export interface RetentionRates {
  size: number;
  week1: number | null;
  week2: number | null;
  week3: number | null;
  week4: number | null;
  d1: number | null;
  d7: number | null;
  d30: number | null;
}

/**
 * Retention of one cohort as of `lastDay` (METRICS.md): each rate counts only members whose window
 * has fully elapsed by `lastDay`; a rate with no such member is null.
 */
export function cohortRetention(members: RetentionMember[], lastDay: number): RetentionRates {
  const rate = (fromOffset: number, toOffset: number): number | null => {
    let eligible = 0;
    let retained = 0;
    for (const m of members) {
      if (m.day0 + toOffset > lastDay) continue;
      eligible++;
      for (let o = fromOffset; o <= toOffset; o++) {
        if (m.activeOffsets.has(o)) {
          retained++;
          break;
        }
      }
    }
    return eligible === 0 ? null : retained / eligible;
  };
  return {
    size: members.length,
    week1: rate(7, 13),
    week2: rate(14, 20),
    week3: rate(21, 27),
    week4: rate(28, 34),
    d1: rate(1, 1),
    d7: rate(7, 7),
    d30: rate(30, 30),
  };
}

/** The largest offset after day 0 any retention rate looks at. */
export const RETENTION_HORIZON_DAYS = 34;
