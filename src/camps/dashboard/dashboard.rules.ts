import { dayToIso, type EpochDay } from '../../kernel/time/local-day.js';
import { streakSummary, type StreakCamp, type StreakCheckin } from '../checkin/streak.rules.js';

/**
 * A camp's dashboard for staff, computed from its enrolments and check-ins read in one query each
 * (a camp can have 10,000 members: nothing here asks the database per member).
 */

export const STREAK_BUCKETS = ['0', '1-2', '3-6', '7-13', '14-20', '21+'] as const;
export type StreakBucket = (typeof STREAK_BUCKETS)[number];

/** The bucket of a current streak. */
export function streakBucket(streak: number): StreakBucket {
  if (streak <= 0) return '0';
  if (streak <= 2) return '1-2';
  if (streak <= 6) return '3-6';
  if (streak <= 13) return '7-13';
  if (streak <= 20) return '14-20';
  return '21+';
}

export interface DashboardEnrolment {
  memberId: number;
  displayName: string;
  groupId: number;
  /** The local day the member was enrolled: they count as enrolled from that day on. */
  enrolledDay: EpochDay;
}

export interface DashboardCheckin {
  memberId: number;
  day: EpochDay;
  kind: StreakCheckin['kind'];
  voided: boolean;
}

export interface DashboardInput {
  camp: StreakCamp;
  /** The day looked at. */
  day: EpochDay;
  enrolments: readonly DashboardEnrolment[];
  checkins: readonly DashboardCheckin[];
  groupNames: ReadonlyMap<number, string>;
  /** `HH:MM`: when today's window closes, the at-risk members' deadline. */
  deadline: string;
  /**
   * Whether `day`'s check-in window is open now. Only then is anyone at risk: once it has closed
   * the day is missed, not at risk, and a past or future day has no one at risk. Default true.
   */
  windowOpen?: boolean;
  openFlags: number;
}

const rate = (done: number, of: number) => (of === 0 ? 0 : done / of);

/**
 * The dashboard as of `day`. A day counts a member as checked in when a check-in (made that day or
 * a make-up filling it) that is not voided stands for it; rates are over the members enrolled by
 * the end of that day. At-risk members hold a current streak of at least one and have not checked
 * in on `day` while the camp runs on it and `day`'s window is open; longest streak first.
 *
 * @example
 * campDashboard({ camp, day, enrolments, checkins, groupNames, deadline: '08:00', openFlags: 0 }).rateByDay[0] // { date: '2024-06-03', checkedIn: 3, enrolled: 6, rate: 0.5 }
 */
export function campDashboard(input: DashboardInput) {
  const { camp, day, enrolments } = input;
  const lastDay = camp.startDay + camp.lengthDays - 1;
  const running = day >= camp.startDay && day <= lastDay;
  const byMember = new Map<number, StreakCheckin[]>();
  const doneByDay = new Map<EpochDay, Set<number>>();
  for (const c of input.checkins) {
    if (c.day > day) continue;
    const list = byMember.get(c.memberId) ?? [];
    list.push({ day: c.day, kind: c.kind, voided: c.voided });
    byMember.set(c.memberId, list);
    if (c.voided) continue;
    const members = doneByDay.get(c.day) ?? new Set<number>();
    members.add(c.memberId);
    doneByDay.set(c.day, members);
  }
  const enrolledBy = (d: EpochDay) => enrolments.filter((e) => e.enrolledDay <= d);
  const countEnrolledBy = (d: EpochDay) => enrolments.reduce((n, e) => (e.enrolledDay <= d ? n + 1 : n), 0);

  const rateByDay = [];
  for (let d = camp.startDay; d <= Math.min(day, lastDay); d++) {
    const enrolled = countEnrolledBy(d);
    const checkedIn = doneByDay.get(d)?.size ?? 0;
    rateByDay.push({ date: dayToIso(d), checkedIn, enrolled, rate: rate(checkedIn, enrolled) });
  }

  const enrolledNow = enrolledBy(day);
  const doneToday = doneByDay.get(day) ?? new Set<number>();
  const groups = new Map<number, { enrolled: number; checkedIn: number }>();
  for (const e of enrolledNow) {
    const g = groups.get(e.groupId) ?? { enrolled: 0, checkedIn: 0 };
    g.enrolled++;
    if (doneToday.has(e.memberId)) g.checkedIn++;
    groups.set(e.groupId, g);
  }
  const rateByGroup = [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([groupId, g]) => ({
      groupId,
      name: input.groupNames.get(groupId) ?? '',
      enrolled: g.enrolled,
      checkedIn: g.checkedIn,
      rate: rate(g.checkedIn, g.enrolled),
    }));

  const distribution = new Map<StreakBucket, number>(STREAK_BUCKETS.map((b) => [b, 0]));
  const atRisk = [];
  for (const e of enrolledNow) {
    const streak = streakSummary(camp, byMember.get(e.memberId) ?? [], day);
    distribution.set(streakBucket(streak.currentStreak), distribution.get(streakBucket(streak.currentStreak))! + 1);
    if (running && input.windowOpen !== false && streak.currentStreak >= 1 && !streak.checkedInToday) {
      atRisk.push({
        memberId: e.memberId,
        displayName: e.displayName,
        currentStreak: streak.currentStreak,
        deadline: input.deadline,
      });
    }
  }
  atRisk.sort((a, b) => b.currentStreak - a.currentStreak || a.memberId - b.memberId);

  return {
    date: dayToIso(day),
    dayOfCamp: running ? day - camp.startDay + 1 : null,
    enrolled: enrolledNow.length,
    checkedIn: enrolledNow.reduce((n, e) => (doneToday.has(e.memberId) ? n + 1 : n), 0),
    rateByDay,
    rateByGroup,
    streakDistribution: STREAK_BUCKETS.map((bucket) => ({ bucket, members: distribution.get(bucket)! })),
    atRisk,
    openFlags: input.openFlags,
  };
}
