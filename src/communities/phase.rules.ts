/**
 * A group's lifecycle phase (METRICS.md, "Lifecycle phase") from its daily non-staff messages:
 * M7, its peak, silence and survival. Pure: days are local epoch days.
 */

export type Phase = 'honeymoon' | 'cooling' | 'fading' | 'silent';

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
