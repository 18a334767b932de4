import { ValidationError } from '../../kernel/errors.js';
import { dayToIso, type EpochDay } from '../../kernel/time/local-day.js';
import {
  fillTemplate,
  pointsKeys,
  progressBetween,
  type PointsEntry,
  type Progress,
  type TemplateParams,
} from './gamification.rules.js';
import { DEFAULT_MILESTONE_MESSAGE, type Locale, type LocalizedText } from './rewards.messages.js';

/**
 * Milestones (the seeds' day 3/7/15/21) and completion. Counts are completed check-in days, not
 * calendar days since the start: a member who missed two days reaches "day 7" on their 7th check-in.
 *
 * A milestone is granted once ever per member and camp. If a voided check-in lowers the count and
 * a later one crosses the same milestone again, nothing new is granted: the caller passes the
 * milestones already granted, and the ledger key (`milestone:<camp>:<member>:<day>`) guards a
 * caller that forgets. What was granted is kept after a void — rewards are not clawed back.
 */
export interface Milestone {
  /** Completed check-in days that reach it. */
  day: number;
  points: number;
  /** A badge code to award (free-form, e.g. `milestone-21`), or none. */
  badge?: string;
  /** Message to the member; params: `name`, `days`, `camp`, `points`. Falls back to the default. */
  message?: LocalizedText;
}

export interface MilestoneConfig {
  milestones: readonly Milestone[];
  /**
   * Share of the camp's days a member must complete to finish it (1 = every day). A 100-day camp
   * at 0.9 is finished after 90 check-ins.
   */
  completionShare: number;
}

export const DEFAULT_MILESTONE_CONFIG: MilestoneConfig = {
  milestones: [
    { day: 3, points: 10 },
    { day: 7, points: 30, badge: 'milestone-7' },
    { day: 15, points: 50 },
    { day: 21, points: 100, badge: 'milestone-21' },
  ],
  completionShare: 1,
};

/** Checks an operator's configuration: positive whole days, no day twice, a share in (0, 1]. */
export function assertMilestoneConfig(config: MilestoneConfig, field = 'milestones'): MilestoneConfig {
  const seen = new Set<number>();
  config.milestones.forEach((m, i) => {
    if (!Number.isInteger(m.day) || m.day < 1)
      throw new ValidationError(`${field}[${i}].day`, `a milestone day is a whole number ≥ 1, got ${m.day}`);
    if (seen.has(m.day)) throw new ValidationError(`${field}[${i}].day`, `day ${m.day} appears twice`);
    if (!Number.isFinite(m.points) || m.points < 0)
      throw new ValidationError(`${field}[${i}].points`, `points must be ≥ 0, got ${m.points}`);
    seen.add(m.day);
  });
  if (!(config.completionShare > 0 && config.completionShare <= 1)) {
    throw new ValidationError('completionShare', `expected a share in (0, 1], got ${config.completionShare}`);
  }
  return config;
}

/** The milestones in day order, without those a camp of `lengthDays` can never reach. */
export function milestonesOf(config: MilestoneConfig, lengthDays?: number): Milestone[] {
  return [...config.milestones]
    .filter((m) => lengthDays === undefined || m.day <= lengthDays)
    .sort((a, b) => a.day - b.day);
}

/**
 * The milestones a check-in newly crosses: counted `before` < day ≤ `after`, not granted before.
 * A make-up can raise the count by one like any check-in; a void lowers it (after < before: none).
 *
 * @example
 * milestonesReached(DEFAULT_MILESTONE_CONFIG, 6, 7)         // [day 7]
 * milestonesReached(DEFAULT_MILESTONE_CONFIG, 6, 7, [3, 7]) // [] — 7 was reached before a void
 */
export function milestonesReached(
  config: MilestoneConfig,
  before: number,
  after: number,
  alreadyGranted: Iterable<number> = [],
): Milestone[] {
  const granted = new Set(alreadyGranted);
  return milestonesOf(config).filter((m) => m.day > before && m.day <= after && !granted.has(m.day));
}

/** The ledger entry paying a milestone's points (none for a milestone worth 0). */
export function milestonePoints(
  milestone: Milestone,
  campId: number,
  memberId: number,
  day: EpochDay,
): PointsEntry | null {
  if (milestone.points === 0) return null;
  return {
    key: pointsKeys.milestone(campId, memberId, milestone.day),
    memberId,
    campId,
    day,
    action: 'milestone',
    points: milestone.points,
  };
}

/** The milestone's message in `locale`; `params` should hold `name` and `camp` (days and points are filled in). */
export function milestoneMessage(milestone: Milestone, locale: Locale, params: TemplateParams): string {
  const template = (milestone.message ?? DEFAULT_MILESTONE_MESSAGE)[locale];
  return fillTemplate(template, { days: milestone.day, points: milestone.points, ...params });
}

/** Check-ins needed to finish a camp of `lengthDays` (at least 1). */
export function completionTarget(config: MilestoneConfig, lengthDays: number): number {
  // The epsilon keeps 0.9 × 100 at 90 despite binary floating point (90.00000000000001).
  return Math.max(1, Math.ceil(lengthDays * config.completionShare - 1e-9));
}

export function isCompleted(config: MilestoneConfig, completedDays: number, lengthDays: number): boolean {
  return completedDays >= completionTarget(config, lengthDays);
}

export interface MilestoneProgress {
  /** The milestone the bar leads to, or null when it leads to completion or everything is done. */
  next: Milestone | null;
  /** Toward the nearest step ahead: a milestone or completion; ratio 1 once every step is done. */
  progress: Progress;
  completed: boolean;
}

/**
 * The member's progress bar: how far to the next step — a milestone the camp can reach, or completion.
 *
 * @example
 * milestoneProgress(DEFAULT_MILESTONE_CONFIG, 5, 21)
 * // { next: day 7, progress: { from: 3, done: 5, target: 7, remaining: 2, ratio: 0.5 }, completed: false }
 */
export function milestoneProgress(
  config: MilestoneConfig,
  completedDays: number,
  lengthDays: number,
): MilestoneProgress {
  const milestones = milestonesOf(config, lengthDays);
  const finish = completionTarget(config, lengthDays);
  // Completion is one more step on the bar, wherever it falls among the milestones.
  const steps = [...new Set([...milestones.map((m) => m.day), finish])].sort((a, b) => a - b);
  const target = steps.find((step) => step > completedDays) ?? steps[steps.length - 1];
  const from = [...steps].reverse().find((step) => step <= completedDays && step < target) ?? 0;
  return {
    next: milestones.find((m) => m.day === target && m.day > completedDays) ?? null,
    progress: progressBetween(from, completedDays, target),
    completed: completedDays >= finish,
  };
}

export interface CertificateData {
  memberName: string;
  campName: string;
  completedDays: number;
  lengthDays: number;
  /** The day the member finished, `YYYY-MM-DD` (local). */
  date: string;
  /** One certificate per member and camp: the outbox/render key. */
  key: string;
}

/**
 * Data for the completion certificate (the image is rendered elsewhere), or null if not finished.
 *
 * @example
 * certificateFor(DEFAULT_MILESTONE_CONFIG, { id: 1, name: '晨读' , lengthDays: 21 }, { id: 5, name: '小王' }, 21, 19_800)
 * // { memberName: '小王', campName: '晨读', completedDays: 21, lengthDays: 21, date: '2024-03-18', key: 'certificate:1:5' }
 */
export function certificateFor(
  config: MilestoneConfig,
  camp: { id: number; name: string; lengthDays: number },
  member: { id: number; name: string },
  completedDays: number,
  completedOn: EpochDay,
): CertificateData | null {
  if (!isCompleted(config, completedDays, camp.lengthDays)) return null;
  return {
    memberName: member.name,
    campName: camp.name,
    completedDays,
    lengthDays: camp.lengthDays,
    date: dayToIso(completedOn),
    key: `certificate:${camp.id}:${member.id}`,
  };
}
