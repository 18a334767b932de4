/**
 * A member's tier (METRICS.md, "Tiers"): active, observer or lurker, from the tier window's
 * message days and activity. Pure: days are local epoch days.
 */

export type Tier = 'active' | 'observer' | 'lurker';

/** Tier window W (days D-13..D) and the distinct message days that make a member active. */
export const TIER_WINDOW_DAYS = 14;

export const ACTIVE_MIN_MESSAGE_DAYS = 4;

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
