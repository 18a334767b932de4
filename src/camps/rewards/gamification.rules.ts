import { ValidationError } from '../../kernel/errors.js';
import type { EpochDay } from '../../kernel/time/local-day.js';
import { STREAK_KEEPER_MIN_DAYS } from '../../members/stats/member-stats.rules.js';
import type { CheckinWindow } from '../camp/camp.rules.js';
import { DEFAULT_LEVEL_NAMES, type Locale, type LocalizedText } from './rewards.messages.js';

/**
 * Points, levels and badges of check-in camps (PLAYBOOK §5). Pure rules: the caller reads the
 * ledger and the check-ins, these decide what to add; days are local epoch days.
 */

// ── Texts ────────────────────────────────────────────────────────────────────────────────────────

export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export type TemplateParams = Readonly<Record<string, string | number>>;

/**
 * Fills `{name}` placeholders. An unknown placeholder stays visible rather than vanishing, so a
 * template/params mismatch shows up in a test or a preview instead of in a half-empty message.
 *
 * @example
 * fillTemplate('{name}，第 {days} 天', { name: '小王', days: 7 }) // '小王，第 7 天'
 */
export function fillTemplate(template: string, params: TemplateParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}

// ── Progress ─────────────────────────────────────────────────────────────────────────────────────

/**
 * A progress bar toward the next step (level or milestone). `ratio` runs from `from` (the step
 * already reached) to `target`, so each bar starts empty after a step; it is 1 when nothing is left.
 */
export interface Progress {
  from: number;
  done: number;
  target: number;
  remaining: number;
  ratio: number;
}

export function progressBetween(from: number, done: number, target: number): Progress {
  const remaining = Math.max(0, target - done);
  const span = target - from;
  const ratio = remaining === 0 || span <= 0 ? 1 : Math.min(1, Math.max(0, (done - from) / span));
  return { from, done, target, remaining, ratio };
}

// ── Points ───────────────────────────────────────────────────────────────────────────────────────

/** As the streak rules store it: on the day, or a make-up card (补卡) filling a missed day. */
export type CheckinKind = 'normal' | 'makeup';

export type PointAction = 'checkin' | 'makeup-checkin' | 'streak-bonus' | 'helpful-answer' | 'referral' | 'milestone';

export interface PointRules {
  checkin: number;
  /** A make-up card (补卡) is worth less than checking in on the day. */
  makeupCheckin: number;
  /** Paid each time the current streak reaches a multiple of `streakBonusEvery` days. */
  streakBonus: number;
  streakBonusEvery: number;
  helpfulAnswer: number;
  referral: number;
}

export const DEFAULT_POINT_RULES: PointRules = {
  checkin: 10,
  makeupCheckin: 5,
  streakBonus: 20,
  streakBonusEvery: 7,
  helpfulAnswer: 5,
  referral: 20,
};

/**
 * One row of the append-only points ledger. `key` is its idempotency key: the store keeps one row
 * per key, so a retried request or a replayed event never pays twice.
 */
export interface PointsEntry {
  key: string;
  memberId: number;
  /** Null for points earned outside a camp (a referral, a helpful answer in a group). */
  campId: number | null;
  /** The local day the points were earned: it places the entry in leaderboard windows. */
  day: EpochDay;
  action: PointAction;
  points: number;
}

/** Idempotency keys of ledger entries; each names what can pay only once. */
export const pointsKeys = {
  /** Check-ins and make-ups share the key space: one check-in pays once, whatever its kind. */
  checkin: (checkinId: number) => `checkin:${checkinId}`,
  /** Keyed by the streak's first day: a new streak earns its bonuses anew, the same streak never twice. */
  streakBonus: (campId: number, memberId: number, streakStartDay: EpochDay, streakDays: number) =>
    `streak-bonus:${campId}:${memberId}:${streakStartDay}:${streakDays}`,
  helpfulAnswer: (messageId: number) => `helpful-answer:${messageId}`,
  /** Keyed by the newcomer: one reward per referred member, whoever claims it. */
  referral: (referredMemberId: number) => `referral:${referredMemberId}`,
  milestone: (campId: number, memberId: number, milestoneDay: number) =>
    `milestone:${campId}:${memberId}:${milestoneDay}`,
  /** A reversal (a voided check-in) is itself keyed, so voiding twice takes the points back once. */
  reversal: (key: string) => `void:${key}`,
} as const;

export interface CheckinForPoints {
  id: number;
  campId: number;
  memberId: number;
  /** The day the member acted; for a make-up card the day it was submitted, not the day it fills. */
  day: EpochDay;
  kind: CheckinKind;
}

/** The member's current streak just before and just after this check-in, and the streak's first day. */
export interface StreakChange {
  /** The current run's first day: bonuses are paid once per run and length, even across a void. */
  startDay: EpochDay;
  before: number;
  after: number;
}

/**
 * A ledger entry of a check-in, written out: not `{ ...base, key, … }` (properties after a spread
 * are slow on Node 20, see checkin.service.ts) nor a closure per call (a named one costs a
 * `defineProperty` each time under tsx's keep-names transform).
 */
function checkinEntry(checkin: CheckinForPoints, key: string, action: PointAction, points: number): PointsEntry {
  return { memberId: checkin.memberId, campId: checkin.campId, day: checkin.day, key, action, points };
}

/**
 * Ledger entries for one check-in: its own points, plus a streak bonus for every multiple of
 * `streakBonusEvery` the streak crossed (a make-up that joins two runs can cross more than one).
 *
 * @example
 * pointsForCheckin({ id: 9, campId: 1, memberId: 5, day: 100, kind: 'normal' }, { startDay: 94, before: 6, after: 7 })
 * // [{ key: 'checkin:9', points: 10, … }, { key: 'streak-bonus:1:5:94:7', points: 20, … }]
 */
export function pointsForCheckin(
  checkin: CheckinForPoints,
  streak: StreakChange,
  rules: PointRules = DEFAULT_POINT_RULES,
): PointsEntry[] {
  const entries: PointsEntry[] = [
    checkin.kind === 'makeup'
      ? checkinEntry(checkin, pointsKeys.checkin(checkin.id), 'makeup-checkin', rules.makeupCheckin)
      : checkinEntry(checkin, pointsKeys.checkin(checkin.id), 'checkin', rules.checkin),
  ];
  const every = rules.streakBonusEvery;
  if (every > 0 && rules.streakBonus !== 0) {
    for (let days = (Math.floor(streak.before / every) + 1) * every; days <= streak.after; days += every) {
      const key = pointsKeys.streakBonus(checkin.campId, checkin.memberId, streak.startDay, days);
      entries.push(checkinEntry(checkin, key, 'streak-bonus', rules.streakBonus));
    }
  }
  return entries;
}

/** Points for a helpful answer (keyed by the answering message) or a referral (keyed by the newcomer). */
export function pointsForContribution(
  contribution: { action: 'helpful-answer'; messageId: number } | { action: 'referral'; referredMemberId: number },
  memberId: number,
  day: EpochDay,
  rules: PointRules = DEFAULT_POINT_RULES,
  campId: number | null = null,
): PointsEntry {
  return contribution.action === 'helpful-answer'
    ? {
        key: pointsKeys.helpfulAnswer(contribution.messageId),
        memberId,
        campId,
        day,
        action: 'helpful-answer',
        points: rules.helpfulAnswer,
      }
    : {
        key: pointsKeys.referral(contribution.referredMemberId),
        memberId,
        campId,
        day,
        action: 'referral',
        points: rules.referral,
      };
}

/**
 * The entry that takes back `entry` (a voided check-in). Streak bonuses already paid are kept on
 * purpose: they are keyed by streak, so a recomputed streak can never pay the same bonus again.
 */
export function reversalOf(entry: PointsEntry, day: EpochDay): PointsEntry {
  return { ...entry, key: pointsKeys.reversal(entry.key), day, points: -entry.points };
}

// ── Levels ───────────────────────────────────────────────────────────────────────────────────────

export interface Level {
  minPoints: number;
  name: LocalizedText;
}

export const DEFAULT_LEVELS: readonly Level[] = [
  { minPoints: 0, name: DEFAULT_LEVEL_NAMES.novice },
  { minPoints: 100, name: DEFAULT_LEVEL_NAMES.apprentice },
  { minPoints: 300, name: DEFAULT_LEVEL_NAMES.expert },
  { minPoints: 800, name: DEFAULT_LEVEL_NAMES.master },
  { minPoints: 2000, name: DEFAULT_LEVEL_NAMES.grandmaster },
];

/** Checks operator-configured levels: at least one, the first at 0 points, thresholds rising. */
export function assertLevels(levels: readonly Level[], field = 'levels'): readonly Level[] {
  if (levels.length === 0) throw new ValidationError(field, 'at least one level is required');
  if (levels[0].minPoints !== 0) throw new ValidationError(field, 'the first level starts at 0 points');
  levels.forEach((level, i) => {
    if (i > 0 && !(level.minPoints > levels[i - 1].minPoints)) {
      throw new ValidationError(
        `${field}[${i}].minPoints`,
        `thresholds must rise: ${level.minPoints} follows ${levels[i - 1].minPoints}`,
      );
    }
  });
  return levels;
}

export interface LevelStanding {
  /** 0-based position in the level list; level 1 for display is `index + 1`. */
  index: number;
  level: Level;
  next: Level | null;
  /** Toward the next level; null at the top level. */
  progress: Progress | null;
}

/**
 * The level a points total reaches. Negative totals (reversals) stay at the first level.
 *
 * @example
 * levelFor(150) // { index: 1, level: 学徒/Apprentice, next: 达人/Expert, progress: { from: 100, done: 150, target: 300, remaining: 150, ratio: 0.25 } }
 */
export function levelFor(points: number, levels: readonly Level[] = DEFAULT_LEVELS): LevelStanding {
  let index = 0;
  while (index + 1 < levels.length && points >= levels[index + 1].minPoints) index++;
  const level = levels[index];
  const next = levels[index + 1] ?? null;
  return { index, level, next, progress: next ? progressBetween(level.minPoints, points, next.minPoints) : null };
}

// ── Badges ───────────────────────────────────────────────────────────────────────────────────────

export const BADGE_CODES = ['streak-keeper', 'early-bird', 'role-model', 'perfect-attendance', 'comeback'] as const;
export type BadgeCode = (typeof BADGE_CODES)[number];

export interface BadgeRules {
  streakKeeperDays: number;
  earlyBirdCheckins: number;
  /** "Early" means within this many minutes after the check-in window opens. */
  earlyBirdMinutes: number;
  roleModelPicks: number;
  /** Comeback: a check-in after at least this many days in a row without one. */
  comebackMissedDays: number;
}

export const DEFAULT_BADGE_RULES: BadgeRules = {
  streakKeeperDays: STREAK_KEEPER_MIN_DAYS,
  earlyBirdCheckins: 5,
  earlyBirdMinutes: 30,
  roleModelPicks: 3,
  comebackMissedDays: 3,
};

const MINUTES_PER_DAY = 1440;

/** A check-in as the badge and role-model rules see it. */
export interface CheckinFact {
  id: number;
  memberId: number;
  /** The camp day it counts for (for a make-up, the day it fills). */
  day: EpochDay;
  /** Wall-clock minutes after local midnight when it was made (0..1439): DST-proof by construction. */
  minuteOfDay: number;
  kind: CheckinKind;
  voided: boolean;
}

/** One member's record in one camp (badges are held per camp: pass that camp's `alreadyHeld`). */
export interface BadgeHistory {
  checkins: readonly CheckinFact[];
  camp: { startDay: EpochDay; lengthDays: number };
  /** The camp's daily window, in wall-clock minutes. */
  window: CheckinWindow;
  longestStreak: number;
  /** Days on which the member was one of the day's role models. */
  roleModelPicks: number;
}

export interface BadgeAward {
  code: BadgeCode;
  params: Record<string, number>;
}

/**
 * The badges the history earns that are not held yet, in `BADGE_CODES` order. Voided check-ins
 * count for nothing; make-ups fill days (so they close a gap) but are never early nor perfect.
 *
 * @example
 * badgesEarned({ …, longestStreak: 8 }, ['early-bird']) // [{ code: 'streak-keeper', params: { longestStreak: 8 } }]
 */
export function badgesEarned(
  history: BadgeHistory,
  alreadyHeld: Iterable<BadgeCode> = [],
  rules: BadgeRules = DEFAULT_BADGE_RULES,
): BadgeAward[] {
  const held = new Set(alreadyHeld);
  const valid = history.checkins.filter((c) => !c.voided);
  const onTime = valid.filter((c) => c.kind === 'normal');
  const candidates: BadgeAward[] = [];

  if (history.longestStreak >= rules.streakKeeperDays) {
    candidates.push({ code: 'streak-keeper', params: { longestStreak: history.longestStreak } });
  }
  const early = onTime.filter(
    (c) => minutesIntoWindow(c.minuteOfDay, history.window.start) < rules.earlyBirdMinutes,
  ).length;
  if (early >= rules.earlyBirdCheckins) candidates.push({ code: 'early-bird', params: { earlyCheckins: early } });
  if (history.roleModelPicks >= rules.roleModelPicks) {
    candidates.push({ code: 'role-model', params: { picks: history.roleModelPicks } });
  }
  const { startDay, lengthDays } = history.camp;
  const onTimeDays = new Set(onTime.map((c) => c.day).filter((d) => d >= startDay && d < startDay + lengthDays));
  if (lengthDays > 0 && onTimeDays.size === lengthDays) {
    candidates.push({ code: 'perfect-attendance', params: { days: lengthDays } });
  }
  const missed = longestGap(valid.map((c) => c.day));
  if (missed >= rules.comebackMissedDays) candidates.push({ code: 'comeback', params: { missedDays: missed } });

  return candidates.filter((award) => !held.has(award.code));
}

/** Minutes from the window's opening to `minute`, reading a window that spans midnight correctly. */
export function minutesIntoWindow(minute: number, windowStartMinute: number): number {
  return (((minute - windowStartMinute) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY;
}

/** The most days missed between two check-in days (days before the first check-in don't count). */
function longestGap(days: readonly EpochDay[]): number {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < sorted.length; i++) gap = Math.max(gap, sorted[i] - sorted[i - 1] - 1);
  return gap;
}
