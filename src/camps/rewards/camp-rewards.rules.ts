import type { EpochDay } from '../../kernel/time/local-day.js';
import type { CheckinWindow } from '../camp/camp.rules.js';
import { placeInstant } from '../checkin/checkin.rules.js';
import {
  badgesEarned,
  fillTemplate,
  pointsForCheckin,
  type BadgeAward,
  type BadgeCode,
  type CheckinFact,
  type CheckinKind,
  type PointsEntry,
} from './gamification.rules.js';
import {
  DEFAULT_MILESTONE_CONFIG,
  milestonePoints,
  milestonesReached,
  type Milestone,
  type MilestoneConfig,
} from './milestones.rules.js';
import { BADGE_NAMES, MILESTONE_BADGE_NAME, type LocalizedText } from './rewards.messages.js';
import { streakSummary, type StreakCamp, type StreakCheckin } from '../checkin/streak.rules.js';

/**
 * What one check-in earns in its camp: the glue between the stored check-ins and the pure points,
 * milestone and badge rules. Candidates only — the store's unique keys decide what is new (a badge
 * held already, a milestone granted before a void), so nothing has to be read first.
 */

/** Points of a camp's milestone days that the default table does not list: 5 a day, as its 3 → 10 … 21 → 100 roughly are. */
const POINTS_PER_MILESTONE_DAY = 5;

/**
 * A camp's milestones (`settings.milestones`, days) with their points and badges: the default
 * table's where it lists the day (7 → 30 points and the `milestone-7` badge), else 5 points a day.
 *
 * @example
 * milestoneConfigOf([3, 30]).milestones // [{ day: 3, points: 10 }, { day: 30, points: 150 }]
 */
export function milestoneConfigOf(days: readonly number[]): MilestoneConfig {
  const known = new Map(DEFAULT_MILESTONE_CONFIG.milestones.map((m) => [m.day, m]));
  return {
    milestones: days.map((day) => known.get(day) ?? { day, points: day * POINTS_PER_MILESTONE_DAY }),
    completionShare: DEFAULT_MILESTONE_CONFIG.completionShare,
  };
}

/**
 * A badge's display name: the badge rules' names, and `milestone-<n>` badges named after their day.
 *
 * @example
 * badgeName('milestone-7') // { 'zh-CN': '坚持 7 天', en: '7-day milestone' }
 */
export function badgeName(code: string): LocalizedText {
  if (code in BADGE_NAMES) return BADGE_NAMES[code as BadgeCode];
  const milestone = /^milestone-(\d+)$/.exec(code);
  if (milestone) {
    const params = { days: milestone[1] };
    return {
      'zh-CN': fillTemplate(MILESTONE_BADGE_NAME['zh-CN'], params),
      en: fillTemplate(MILESTONE_BADGE_NAME.en, params),
    };
  }
  return { 'zh-CN': code, en: code };
}

/** A stored check-in of the member, as the reward rules read it. */
export interface StoredCheckin extends StreakCheckin {
  id: number;
  /** When it was made (UTC epoch ms), for early-bird badges. */
  at: number;
}

export interface RewardCamp {
  id: number;
  memberId: number;
  streakCamp: StreakCamp;
  window: CheckinWindow;
  timezone: string;
  milestones: MilestoneConfig;
}

export interface NewCheckin {
  id: number;
  /** The camp day it counts for. */
  day: EpochDay;
  kind: CheckinKind;
  at: number;
}

export interface RewardCandidates {
  /** The check-in's own points and any streak bonus it crosses. */
  points: PointsEntry[];
  /** Milestones crossed, each with its ledger entry (null for a milestone worth 0). */
  milestones: Array<{ milestone: Milestone; entry: PointsEntry | null }>;
  /** Badges the member's record now earns (the "role model" badge is awarded when picks freeze). */
  badges: Array<BadgeAward | { code: string; params: Record<string, number> }>;
}

/**
 * The rewards a new check-in may earn, given the member's check-ins before it. `today` is the day
 * the member acted: a make-up (补卡) is paid on the day it is made, not on the day it fills.
 *
 * @example
 * rewardCandidates(camp, earlier, { id: 9, day: 100, kind: 'normal', at }, 100).points // [checkin:9 +10, streak bonus if a 7th day]
 */
export function rewardCandidates(
  camp: RewardCamp,
  earlier: readonly StoredCheckin[],
  checkin: NewCheckin,
  today: EpochDay,
): RewardCandidates {
  const all = [...earlier, { id: checkin.id, day: checkin.day, kind: checkin.kind, voided: false, at: checkin.at }];
  const before = streakSummary(camp.streakCamp, earlier, today);
  const after = streakSummary(camp.streakCamp, all, today);
  const points = pointsForCheckin(
    { id: checkin.id, campId: camp.id, memberId: camp.memberId, day: today, kind: checkin.kind },
    { startDay: after.currentStreakStart ?? checkin.day, before: before.currentStreak, after: after.currentStreak },
  );
  const milestones = milestonesReached(camp.milestones, before.daysCompleted, after.daysCompleted).map((milestone) => ({
    milestone,
    entry: milestonePoints(milestone, camp.id, camp.memberId, today),
  }));
  const facts: CheckinFact[] = all.map((c) => ({
    id: c.id,
    memberId: camp.memberId,
    day: c.day,
    kind: c.kind,
    voided: c.voided,
    minuteOfDay: placeInstant(camp.window, camp.timezone, c.at).minute,
  }));
  const badges: RewardCandidates['badges'] = badgesEarned({
    checkins: facts,
    camp: { startDay: camp.streakCamp.startDay, lengthDays: camp.streakCamp.lengthDays },
    window: camp.window,
    longestStreak: after.longestStreak,
    roleModelPicks: 0,
  });
  for (const { milestone } of milestones)
    if (milestone.badge) badges.push({ code: milestone.badge, params: { days: milestone.day } });
  return { points, milestones, badges };
}
