/**
 * The pure rules behind METRICS.md. Data in, numbers out: no database, no clock.
 * Days are local epoch days (see kernel/time/local-day.ts).
 */

export const SLA_MS = 5 * 60 * 1000;

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
