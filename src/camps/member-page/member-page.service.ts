import type { Db } from '../../kernel/db/database.js';
import { NotFoundError } from '../../kernel/errors.js';
import { dayToIso, isoToDay } from '../../kernel/time/local-day.js';
import { getCommunityById } from '../../communities/community.service.js';
import { findByTokenHash } from '../camp/camp.repo.js';
import { formatClock } from '../camp/camp.rules.js';
import { badgeName, milestoneConfigOf } from '../rewards/camp-rewards.rules.js';
import { campConfig, streakCampOf } from '../camp/camp.service.js';
import { certificateSvg } from '../rewards/certificate.rules.js';
import * as checkins from '../checkin/checkin.repo.js';
import { placeInstant } from '../checkin/checkin.rules.js';
import { campToday, targetByToken, toStreak } from '../checkin/checkin.service.js';
import { levelFor } from '../rewards/gamification.rules.js';
import type { LeaderboardWindow } from '../leaderboard/leaderboard.rules.js';
import { memberLeaderboard } from '../leaderboard/leaderboard.service.js';
import { certificateFor, completionTarget, milestoneProgress } from '../rewards/milestones.rules.js';
import { memberAwards, memberTotal } from '../rewards/rewards.repo.js';
import { freezeRoleModels, roleModelsOf } from '../leaderboard/role-models.service.js';
import { streakSummary } from '../checkin/streak.rules.js';
import { issueBindCode } from '../../members/identities/bind-code.service.js';

/**
 * The member's own page, reached through their personal link (the token is the credential, so an
 * unknown one is a 404). Public: it shows other members by display name only, never by id.
 */

const memberOf = (db: Db, token: string) => targetByToken((hash) => findByTokenHash(db, hash), token);
type Member = Awaited<ReturnType<typeof memberOf>>;

async function standing(db: Db, member: Member, now: number) {
  const { camp, timezone } = member;
  const config = campConfig(camp);
  const rows = await checkins.memberCheckins(db, camp.id, member.memberId);
  const place = placeInstant(config.window, timezone, now);
  const today = place.windowDay ?? place.localDay;
  const streak = streakSummary(streakCampOf(camp, config), toStreak(rows), today);
  return { config, rows, place, today, streak };
}

/**
 * The day the member finished: the day of the check-in that brought their completed days to the
 * target (a make-up counts on the day it was made, not the day it filled); null if not finished.
 */
function completedOn(
  member: Member,
  rows: Array<{ day: number; kind: string; at: number; voided_at: number | null }>,
  target: number,
  window: { start: number; end: number },
): number | null {
  const { camp, timezone } = member;
  const acted = rows
    .filter((r) => r.voided_at === null && r.day >= camp.start_day && r.day < camp.start_day + camp.length_days)
    .map((r) => (r.kind === 'makeup' ? placeInstant(window, timezone, r.at).localDay : r.day))
    .sort((a, b) => a - b);
  return acted.length >= target ? acted[target - 1] : null;
}

/** What the member's page shows: the camp, today, streak, calendar, points and level, milestones, badges, certificate. */
export async function memberState(db: Db, token: string, now: number) {
  const member = await memberOf(db, token);
  const { camp, timezone } = member;
  const { config, rows, place, today, streak } = await standing(db, member, now);
  const [total, awards] = await Promise.all([
    memberTotal(db, member.memberId),
    memberAwards(db, camp.id, member.memberId),
  ]);
  const lastDay = camp.start_day + camp.length_days - 1;
  const level = levelFor(total);
  const milestones = milestoneConfigOf(config.settings.milestones);
  const progress = milestoneProgress(milestones, streak.daysCompleted, camp.length_days);
  return {
    member: { displayName: member.displayName, optedOutOfReminders: member.optedOut },
    camp: {
      name: camp.name,
      startDate: dayToIso(camp.start_day),
      endDate: dayToIso(lastDay),
      lengthDays: camp.length_days,
      window: { start: formatClock(config.window.start), end: formatClock(config.window.end), timezone },
      content: config.content,
      milestones: config.settings.milestones,
      makeUpMaxDaysLate: config.rules.makeUpMaxDaysLate,
    },
    today: {
      date: dayToIso(today),
      dayOfCamp: today >= camp.start_day && today <= lastDay ? today - camp.start_day + 1 : null,
      windowOpen: place.windowDay !== null && today >= camp.start_day && today <= lastDay,
      checkedIn: rows.some((r) => r.day === today && r.voided_at === null),
    },
    streak,
    calendar: rows.map((r) => ({ date: dayToIso(r.day), kind: r.kind, voided: r.voided_at !== null })),
    points: {
      total,
      level: {
        number: level.index + 1,
        name: level.level.name,
        next: level.next?.name ?? null,
        progress: level.progress,
      },
    },
    milestones: {
      next: progress.next ? { day: progress.next.day } : null,
      progress: progress.progress,
      completed: progress.completed,
      reached: awards.milestones.map((m) => ({ day: m.milestone_day, date: dayToIso(m.day) })),
    },
    badges: awards.badges.map((b) => ({ code: b.code, name: badgeName(b.code), earnedDate: dayToIso(b.day) })),
    certificate: progress.completed ? { url: `/api/m/${token}/certificate.svg` } : null,
  };
}

/** The member page's leaderboard of their camp. */
export async function memberBoard(db: Db, token: string, window: LeaderboardWindow, now: number) {
  const member = await memberOf(db, token);
  return memberLeaderboard(db, member.camp, member.memberId, window, campToday(member.camp, member.timezone, now));
}

/**
 * A day's role models for the member page: names and what they did, no member ids. A past day is
 * frozen on first view (its picks can no longer change); today's stay live until the praise is sent.
 */
export async function memberRoleModels(db: Db, token: string, date: string | undefined, now: number) {
  const member = await memberOf(db, token);
  const today = campToday(member.camp, member.timezone, now);
  const day = date === undefined ? today : isoToDay(date);
  const community = await getCommunityById(db, member.communityId);
  const picks =
    day < today
      ? await freezeRoleModels(db, community, member.camp, day, now)
      : await roleModelsOf(db, community, member.camp, day);
  return {
    date: dayToIso(day),
    roleModels: picks.map((p) => ({
      displayName: p.displayName,
      reason: p.reason,
      text: p.text,
      checkinText: p.checkinText,
    })),
  };
}

/** The completion certificate as SVG; 404 until the member has finished the camp. */
export async function memberCertificate(db: Db, token: string, now: number): Promise<string> {
  const member = await memberOf(db, token);
  const { config, rows, streak } = await standing(db, member, now);
  const milestones = milestoneConfigOf(config.settings.milestones);
  const day = completedOn(member, rows, completionTarget(milestones, member.camp.length_days), config.window);
  const data =
    day === null
      ? null
      : certificateFor(
          milestones,
          { id: member.camp.id, name: member.camp.name, lengthDays: member.camp.length_days },
          { id: member.memberId, name: member.displayName },
          streak.daysCompleted,
          day,
        );
  if (!data) throw new NotFoundError('certificate (the camp is not completed yet)');
  return certificateSvg(data);
}

/**
 * The member a personal link names, or null: for features that let members in by the same link
 * (the web rooms, through the port server/features.ts fills in).
 */
export async function memberOfLink(db: Db, token: string): Promise<{ communityId: number; memberId: number } | null> {
  try {
    const member = await memberOf(db, token);
    return { communityId: member.communityId, memberId: member.memberId };
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/**
 * A one-time code that links another platform's account to the link's member: sent to the group
 * bot or room within 15 minutes (members' bind codes, docs/identities.md).
 */
export async function memberBindCode(db: Db, token: string, now: number) {
  const member = await memberOf(db, token);
  return issueBindCode(db, member.communityId, member.memberId, now);
}
