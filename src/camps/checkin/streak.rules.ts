import type { CampRules } from '../camp/camp.rules.js';

export interface StreakCamp {
  startDay: number;
  lengthDays: number;
  rules: Pick<CampRules, 'makeUpCards' | 'freezes' | 'freezeEarnedEveryDays' | 'missPolicy'>;
  /** Days completed at which a milestone is reached, ascending. */
  milestones: readonly number[];
}

/** One stored check-in of the member; voided ones are passed too and ignored here. */
export interface StreakCheckin {
  day: number;
  kind: 'normal' | 'makeup';
  voided: boolean;
}

export interface StreakSummary {
  currentStreak: number;
  /** The current run's first day (a run survives freezes and, under `pause`, misses); null with no run. */
  currentStreakStart: number | null;
  longestStreak: number;
  daysCompleted: number;
  lengthDays: number;
  /** daysCompleted ÷ lengthDays, 0..1. */
  progress: number;
  /** Past camp days with no check-in (frozen ones included). */
  missedDays: number;
  makeUpsUsed: number;
  makeUpsLeft: number;
  freezesUsed: number;
  freezesLeft: number;
  checkedInToday: boolean;
  /** The next milestone by days completed, and how many more days reach it; null when all are reached. */
  nextMilestone: { days: number; remaining: number } | null;
}

/**
 * A member's streak and progress in a camp as of `today` (a local day), recomputed from the
 * check-ins alone, so a voided check-in or a late make-up changes everything after it.
 *
 * Walking the camp's days up to today: a day with a check-in (normal or make-up) extends the run;
 * every `freezeEarnedEveryDays`-th consecutive day earns a freeze. A missed day is covered by a
 * freeze when one is left (the run survives but does not grow); otherwise, under `reset`, the run
 * ends. Under `pause`, misses never end a run. Today is still open: not having checked in yet
 * breaks nothing.
 *
 * @example
 * streakSummary(camp, [{ day: 10, kind: 'normal', voided: false }], 11).currentStreak // 1
 */
export function streakSummary(camp: StreakCamp, checkins: readonly StreakCheckin[], today: number): StreakSummary {
  const done = new Map<number, StreakCheckin['kind']>();
  for (const c of checkins) if (!c.voided) done.set(c.day, c.kind);
  const lastDay = camp.startDay + camp.lengthDays - 1;
  const until = Math.min(today, lastDay);
  const { rules } = camp;

  let run = 0;
  let runStart = 0;
  let longest = 0;
  let completed = 0;
  let missed = 0;
  let freezesLeft = rules.freezes;
  let freezesUsed = 0;
  for (let day = camp.startDay; day <= until; day++) {
    if (done.has(day)) {
      if (run === 0) runStart = day;
      run++;
      completed++;
      if (run > longest) longest = run;
      if (rules.freezeEarnedEveryDays > 0 && run % rules.freezeEarnedEveryDays === 0) freezesLeft++;
      continue;
    }
    if (day === today) break;
    missed++;
    if (rules.missPolicy === 'pause') continue;
    if (freezesLeft > 0) {
      freezesLeft--;
      freezesUsed++;
    } else run = 0;
  }

  let makeUpsUsed = 0;
  for (const kind of done.values()) if (kind === 'makeup') makeUpsUsed++;
  const next = camp.milestones.find((m) => m > completed);
  return {
    currentStreak: run,
    currentStreakStart: run > 0 ? runStart : null,
    longestStreak: longest,
    daysCompleted: completed,
    lengthDays: camp.lengthDays,
    progress: completed / camp.lengthDays,
    missedDays: missed,
    makeUpsUsed,
    makeUpsLeft: Math.max(0, rules.makeUpCards - makeUpsUsed),
    freezesUsed,
    freezesLeft,
    checkedInToday: done.has(today),
    nextMilestone: next === undefined ? null : { days: next, remaining: next - completed },
  };
}
