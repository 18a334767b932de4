import { ACTIVE_MIN_MESSAGE_DAYS, tierOf, TIER_WINDOW_DAYS, type Tier } from './tier.rules.js';
import { zoneOffsetMs } from '../../kernel/time/local-day.js';

/**
 * Pure rules behind the per-member figures: rule-based tags, tier history and the zone-offset
 * segments that let SQL compute local hours. Days are local epoch days.
 */

/** A member's tier on the members list: METRICS.md tiers, plus `gone` for members no longer present. */
export type MemberTier = Tier | 'gone';
export const MEMBER_TIERS: readonly MemberTier[] = ['active', 'observer', 'lurker', 'gone'];

/**
 * Behaviour tags describe recent behaviour: the last 30 days up to the as-of day. Night owls need
 * each message's hour, read from the events themselves; 30 days keeps that to about a second on
 * a 10M-event community (90 days took 3–7 s).
 */
export const RULE_WINDOW_DAYS = 30;
export const NIGHT_OWL_SHARE = 0.3;
export const NIGHT_OWL_MIN_MESSAGES = 5;
/** Night is 23:00 (inclusive) to 05:00 (exclusive), local time. */
export const NIGHT_START_HOUR = 23;
export const NIGHT_END_HOUR = 5;
export const WEEKEND_POSTER_SHARE = 0.5;
export const WEEKEND_POSTER_MIN_MESSAGES = 5;
export const QUESTION_ASKER_MIN_QUESTIONS = 3;
export const NEWCOMER_DAYS = 7;
export const STREAK_KEEPER_MIN_DAYS = 7;

export const RULE_TAGS = ['night_owl', 'weekend_poster', 'question_asker', 'newcomer', 'streak_keeper'] as const;
export type RuleTag = (typeof RULE_TAGS)[number];

/** What SQL aggregates per member over the rule window; absent figures are zero. */
export interface RuleTagFacts {
  messages: number;
  nightMessages: number;
  weekendMessages: number;
  questions: number;
  longestCheckinStreak: number;
  firstDay: number | null;
}

/**
 * The rule tags a member earns as of day `asOf`.
 *
 * @example
 * ruleTagsOf({ messages: 10, nightMessages: 3, weekendMessages: 0, questions: 0, longestCheckinStreak: 0, firstDay: 1 }, 100)
 * // ['night_owl']
 */
export function ruleTagsOf(facts: RuleTagFacts, asOf: number): RuleTag[] {
  const tags: RuleTag[] = [];
  if (facts.messages >= NIGHT_OWL_MIN_MESSAGES && facts.nightMessages >= NIGHT_OWL_SHARE * facts.messages)
    tags.push('night_owl');
  if (facts.messages >= WEEKEND_POSTER_MIN_MESSAGES && facts.weekendMessages >= WEEKEND_POSTER_SHARE * facts.messages)
    tags.push('weekend_poster');
  if (facts.questions >= QUESTION_ASKER_MIN_QUESTIONS) tags.push('question_asker');
  if (facts.firstDay !== null && facts.firstDay <= asOf && facts.firstDay > asOf - NEWCOMER_DAYS) tags.push('newcomer');
  if (facts.longestCheckinStreak >= STREAK_KEEPER_MIN_DAYS) tags.push('streak_keeper');
  return tags;
}

export function isNightHour(hour: number): boolean {
  return hour >= NIGHT_START_HOUR || hour < NIGHT_END_HOUR;
}

/** ISO weekday index of a local epoch day: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** A stretch of time from `from` (UTC ms, inclusive) during which the zone's offset is `offset` ms. */
export interface OffsetSegment {
  from: number;
  offset: number;
}

const PROBE_MS = 12 * 3_600_000;
const QUARTER_HOUR_MS = 900_000;

/**
 * The zone's offset over [fromMs, toMs] as segments, so SQL can turn instants into local time
 * with a `case` on a handful of boundaries, DST and half-hour zones included. Transitions fall
 * on quarter hours and never two within 12 hours, so probing every 12 hours and bisecting to the
 * quarter hour finds each one.
 *
 * @example
 * offsetSegments('Asia/Shanghai', 0, 1e12) // [{ from: 0, offset: 28_800_000 }] (roughly: Shanghai has had no DST since 1991)
 */
export function offsetSegments(timeZone: string, fromMs: number, toMs: number): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ from: fromMs, offset: zoneOffsetMs(timeZone, fromMs) }];
  let previous = fromMs;
  for (let probe = fromMs + PROBE_MS; previous < toMs; probe += PROBE_MS) {
    const at = Math.min(probe, toMs);
    const current = segments[segments.length - 1].offset;
    if (zoneOffsetMs(timeZone, at) !== current) {
      // Bisect on quarter-hour boundaries for the first instant with the new offset.
      let lo = Math.floor(previous / QUARTER_HOUR_MS);
      let hi = Math.ceil(at / QUARTER_HOUR_MS);
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (zoneOffsetMs(timeZone, mid * QUARTER_HOUR_MS) === current) lo = mid;
        else hi = mid;
      }
      const from = Math.max(hi * QUARTER_HOUR_MS, fromMs);
      segments.push({ from, offset: zoneOffsetMs(timeZone, from) });
    }
    previous = at;
  }
  return segments;
}

/** Local weekday (0 = Monday) and hour of a local hour index, i.e. floor(local ms / 1 h). */
export function weekdayAndHour(localHourIndex: number): { weekday: number; hour: number } {
  const day = Math.floor(localHourIndex / 24);
  return { weekday: weekdayIndex(day), hour: localHourIndex - day * 24 };
}

/**
 * Messages by local weekday (Mon..Sun) × hour from per-local-hour counts.
 *
 * @example
 * heatmapOf([{ localHour: 0, messages: 2 }])[3][0] // 2: 1970-01-01 00:00 was a Thursday
 */
export function heatmapOf(buckets: Array<{ localHour: number; messages: number }>): number[][] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const b of buckets) {
    const { weekday, hour } = weekdayAndHour(b.localHour);
    grid[weekday][hour] += b.messages;
  }
  return grid;
}

export const TIER_HISTORY_WEEKS = 8;

/**
 * A member's tier at the end of each of the last `weeks` weeks (Sundays), the latest point being
 * `asOf` itself when it is not a Sunday, so the last point agrees with the member's current tier.
 * Points before the member's first day are `null` (they were not there yet). Presence is not
 * considered: this is how the member behaved, not whether they were still in a group.
 *
 * @example
 * tierHistory([], 5, 20, 2) // [{ day: 17, tier: 'lurker' }, { day: 20, tier: 'lurker' }]: day 17 was a Sunday
 */
export function tierHistory(
  days: ReadonlyArray<{ day: number; messages: number; checkins: number }>,
  firstDay: number | null,
  asOf: number,
  weeks = TIER_HISTORY_WEEKS,
): Array<{ day: number; tier: Tier | null }> {
  const lastSunday = asOf - ((weekdayIndex(asOf) + 1) % 7);
  const points: number[] = [];
  if (lastSunday !== asOf) points.push(asOf);
  for (let sunday = lastSunday; points.length < weeks; sunday -= 7) points.push(sunday);
  points.reverse();
  return points.map((day) => {
    if (firstDay === null || day < firstDay) return { day, tier: null };
    let messageDays = 0;
    let activityEvents = 0;
    for (const d of days) {
      if (d.day > day - TIER_WINDOW_DAYS && d.day <= day) {
        if (d.messages > 0) messageDays++;
        activityEvents += d.messages + d.checkins;
      }
    }
    return { day, tier: tierOf({ messageDays, activityEvents }) };
  });
}

export { ACTIVE_MIN_MESSAGE_DAYS, TIER_WINDOW_DAYS };
