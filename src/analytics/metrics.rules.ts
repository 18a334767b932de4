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
  return medianOfCounts(sorted.map((value) => ({ value, count: 1 })));
}

/** Nearest-rank percentile: the ⌈p·n⌉-th smallest. `values` must be sorted. */
export function nearestRank(sorted: number[], p: number): number | null {
  return nearestRankOfCounts(
    sorted.map((value) => ({ value, count: 1 })),
    p,
  );
}

/** A value and how many times it occurs: sorted values, stored run by run. */
export interface ValueCount {
  value: number;
  count: number;
}

/** The value at 0-based `rank` of the values `runs` spell out (sorted by value). */
function valueAtRank(runs: ValueCount[], rank: number): number {
  let seen = 0;
  for (const run of runs) {
    seen += run.count;
    if (rank < seen) return run.value;
  }
  throw new RangeError(`rank ${rank} of ${seen} values`);
}

/** `median` of the values `runs` spell out (sorted by value). */
export function medianOfCounts(runs: ValueCount[]): number | null {
  const n = runs.reduce((sum, r) => sum + r.count, 0);
  if (n === 0) return null;
  const mid = n >> 1;
  return n % 2 === 1 ? valueAtRank(runs, mid) : (valueAtRank(runs, mid - 1) + valueAtRank(runs, mid)) / 2;
}

/** `nearestRank` of the values `runs` spell out (sorted by value). */
export function nearestRankOfCounts(runs: ValueCount[], p: number): number | null {
  const n = runs.reduce((sum, r) => sum + r.count, 0);
  if (n === 0) return null;
  return valueAtRank(runs, Math.max(1, Math.ceil(p * n)) - 1);
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
export function m7AndPeak(
  messagesByDay: Map<number, number>,
  firstDay: number,
  asOf: number,
): { m7: number; peak: number } {
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
 * The windows of days after day 0 each retention rate looks at (METRICS.md): a member is retained
 * in a window with at least one activity event on one of its days.
 */
export const RETENTION_WINDOWS = [
  { rate: 'week1', from: 7, to: 13 },
  { rate: 'week2', from: 14, to: 20 },
  { rate: 'week3', from: 21, to: 27 },
  { rate: 'week4', from: 28, to: 34 },
  { rate: 'd1', from: 1, to: 1 },
  { rate: 'd7', from: 7, to: 7 },
  { rate: 'd30', from: 30, to: 30 },
] as const satisfies ReadonlyArray<{ rate: keyof RetentionRates; from: number; to: number }>;

/**
 * Retention of one cohort as of `lastDay` (METRICS.md): each rate counts only members whose window
 * has fully elapsed by `lastDay`; a rate with no such member is null.
 */
export function cohortRetention(members: RetentionMember[], lastDay: number): RetentionRates {
  return cohortRetentionFromCounts(
    members.map((m) => ({
      day0: m.day0,
      size: 1,
      retained: RETENTION_WINDOWS.map((w) => {
        for (let o = w.from; o <= w.to; o++) if (m.activeOffsets.has(o)) return 1;
        return 0;
      }),
    })),
    lastDay,
  );
}

/** Members of a cohort sharing one day 0: how many, and how many were retained in each of `RETENTION_WINDOWS`. */
export interface RetentionDayCounts {
  day0: number;
  size: number;
  retained: number[];
}

/** `cohortRetention` from counts per day 0, which is all the rates depend on. */
export function cohortRetentionFromCounts(days: RetentionDayCounts[], lastDay: number): RetentionRates {
  const rates = { size: days.reduce((sum, d) => sum + d.size, 0) } as RetentionRates;
  RETENTION_WINDOWS.forEach((w, i) => {
    let eligible = 0;
    let retained = 0;
    for (const d of days) {
      if (d.day0 + w.to > lastDay) continue;
      eligible += d.size;
      retained += d.retained[i];
    }
    rates[w.rate] = eligible === 0 ? null : retained / eligible;
  });
  return rates;
}

/** The largest offset after day 0 any retention rate looks at. */
export const RETENTION_HORIZON_DAYS = Math.max(...RETENTION_WINDOWS.map((w) => w.to));
