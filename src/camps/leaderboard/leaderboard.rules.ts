import type { EpochDay } from '../../kernel/time/local-day.js';
import { formatClock } from '../camp/camp.rules.js';
import { fillTemplate, type CheckinKind, type PointsEntry } from '../rewards/gamification.rules.js';
import type { Locale } from '../rewards/rewards.messages.js';
import { ROLE_MODEL_REASON_TEXT } from './leaderboard.messages.js';

/**
 * Leaderboards by points and the day's role models (榜样). Pure: the caller hands over ledger
 * entries and today's check-ins; these rank and pick.
 */

// ── Leaderboards ─────────────────────────────────────────────────────────────────────────────────

export const LEADERBOARD_WINDOWS = ['last-7-days', 'last-30-days', 'camp', 'all-time'] as const;
export type LeaderboardWindow = (typeof LEADERBOARD_WINDOWS)[number];

export interface LeaderboardRow {
  /** Competition ranking: ties share a rank and the next rank skips (1, 1, 3). */
  rank: number;
  memberId: number;
  points: number;
}

export interface LeaderboardOptions {
  /** Required for the `camp` window: only that camp's entries count. */
  campId?: number;
  /** Members left off the board (the blacklist). */
  excluded?: ReadonlySet<number>;
  /** Rows to return, after ranking (ties at the cut keep their shared rank). */
  limit?: number;
}

/** Days a rolling window covers, ending today; null for windows bounded by something else. */
const ROLLING_DAYS: Record<LeaderboardWindow, number | null> = {
  'last-7-days': 7,
  'last-30-days': 30,
  camp: null,
  'all-time': null,
};

/** Whether a ledger entry counts toward a window as of `today` (entries dated after today never count). */
export function entryInWindow(
  entry: PointsEntry,
  window: LeaderboardWindow,
  today: EpochDay,
  campId?: number,
): boolean {
  if (entry.day > today) return false;
  const days = ROLLING_DAYS[window];
  if (days !== null) return entry.day > today - days;
  return window === 'all-time' || (campId !== undefined && entry.campId === campId);
}

/**
 * Ranks members by points earned in a window. Members whose total is zero or less (everything
 * voided) are left off. Among equal totals, the member whose last points came earlier is listed
 * first (they got there first), then the lower member id, so the order never flickers.
 *
 * @example
 * leaderboard(entries, 'last-7-days', today) // [{ rank: 1, memberId: 4, points: 70 }, { rank: 1, memberId: 2, points: 70 }, { rank: 3, … }]
 */
export function leaderboard(
  entries: Iterable<PointsEntry>,
  window: LeaderboardWindow,
  today: EpochDay,
  options: LeaderboardOptions = {},
): LeaderboardRow[] {
  const totals = new Map<number, { points: number; lastDay: EpochDay }>();
  for (const entry of entries) {
    if (!entryInWindow(entry, window, today, options.campId) || options.excluded?.has(entry.memberId)) continue;
    const total = totals.get(entry.memberId) ?? { points: 0, lastDay: entry.day };
    total.points += entry.points;
    total.lastDay = Math.max(total.lastDay, entry.day);
    totals.set(entry.memberId, total);
  }
  const ordered = [...totals.entries()]
    .filter(([, t]) => t.points > 0)
    .sort(([a, ta], [b, tb]) => tb.points - ta.points || ta.lastDay - tb.lastDay || a - b);
  const rows: LeaderboardRow[] = [];
  ordered.forEach(([memberId, { points }], i) => {
    const rank = i > 0 && rows[i - 1].points === points ? rows[i - 1].rank : i + 1;
    rows.push({ rank, memberId, points });
  });
  return options.limit === undefined ? rows : rows.slice(0, options.limit);
}

// ── Role models ──────────────────────────────────────────────────────────────────────────────────

export const ROLE_MODEL_REASONS = ['longest-streak', 'most-liked', 'most-thoughtful', 'earliest'] as const;
export type RoleModelReason = (typeof ROLE_MODEL_REASONS)[number];

/** One of today's check-ins as the role-model rules see it. */
export interface TodayCheckin {
  checkinId: number;
  memberId: number;
  day: EpochDay;
  /** When it was made (UTC epoch ms): orders "earliest", also across midnight in a late window. */
  atMs: number;
  /** Wall-clock minutes after local midnight when it was made, for display. */
  minuteOfDay: number;
  text: string;
  likes: number;
  /** The member's current streak including this check-in. */
  currentStreak: number;
  kind: CheckinKind;
  voided: boolean;
  /** Flagged by the integrity check and not yet cleared by staff. */
  flagged: boolean;
}

export interface RoleModelRules {
  /** Reasons tried in this order; each picks the best member not yet picked. */
  order: readonly RoleModelReason[];
  max: number;
  minStreak: number;
  minLikes: number;
  /** Characters (code points, trimmed) a check-in needs to count as thoughtful. */
  minThoughtfulChars: number;
}

export const DEFAULT_ROLE_MODEL_RULES: RoleModelRules = {
  order: ['longest-streak', 'most-liked', 'most-thoughtful', 'earliest'],
  max: 3,
  minStreak: 3,
  minLikes: 1,
  minThoughtfulChars: 50,
};

export interface RoleModel {
  memberId: number;
  checkinId: number;
  reason: RoleModelReason;
  params: Record<string, number | string>;
}

type Candidate = TodayCheckin & { chars: number };
type Measure = (c: Candidate, rules: RoleModelRules) => number | null;

/** Each reason's measure (higher is better) or null when the check-in does not qualify. */
const MEASURES: Record<RoleModelReason, Measure> = {
  'longest-streak': (c, r) => (c.currentStreak >= r.minStreak ? c.currentStreak : null),
  'most-liked': (c, r) => (c.likes >= r.minLikes ? c.likes : null),
  'most-thoughtful': (c, r) => (c.chars >= r.minThoughtfulChars ? c.chars : null),
  earliest: (c) => -c.atMs,
};

const PARAMS: Record<RoleModelReason, (c: Candidate) => RoleModel['params']> = {
  'longest-streak': (c) => ({ streak: c.currentStreak }),
  'most-liked': (c) => ({ likes: c.likes }),
  'most-thoughtful': (c) => ({ chars: c.chars }),
  earliest: (c) => ({ time: formatClock(c.minuteOfDay) }),
};

/**
 * Picks today's role models: at most `max`, one member once. Only today's own check-ins count —
 * not make-ups, not voided or flagged ones, not blacklisted members. Ties go to the earlier check-in.
 *
 * @example
 * pickRoleModels(todays, today, new Set([13]))
 * // [{ memberId: 4, reason: 'longest-streak', params: { streak: 12 } }, { memberId: 7, reason: 'most-liked', params: { likes: 9 } }, …]
 */
export function pickRoleModels(
  checkins: readonly TodayCheckin[],
  today: EpochDay,
  blacklisted: ReadonlySet<number> = new Set(),
  rules: RoleModelRules = DEFAULT_ROLE_MODEL_RULES,
): RoleModel[] {
  const candidates: Candidate[] = checkins
    .filter((c) => c.day === today && c.kind === 'normal' && !c.voided && !c.flagged && !blacklisted.has(c.memberId))
    .map((c) => ({ ...c, chars: Array.from(c.text.trim()).length }));
  const picked: RoleModel[] = [];
  const pickedMembers = new Set<number>();
  for (const reason of rules.order) {
    if (picked.length >= rules.max) break;
    let best: Candidate | null = null;
    let bestMeasure = -Infinity;
    for (const c of candidates) {
      const measure = pickedMembers.has(c.memberId) ? null : MEASURES[reason](c, rules);
      if (measure === null) continue;
      if (measure > bestMeasure || (measure === bestMeasure && best !== null && isEarlier(c, best))) {
        best = c;
        bestMeasure = measure;
      }
    }
    if (!best) continue;
    pickedMembers.add(best.memberId);
    picked.push({ memberId: best.memberId, checkinId: best.checkinId, reason, params: PARAMS[reason](best) });
  }
  return picked;
}

/** "What they did", for the praise message and the member page. */
export function describeRoleModel(roleModel: RoleModel, locale: Locale): string {
  return fillTemplate(ROLE_MODEL_REASON_TEXT[roleModel.reason][locale], roleModel.params);
}

function isEarlier(a: TodayCheckin, b: TodayCheckin): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.checkinId < b.checkinId);
}
