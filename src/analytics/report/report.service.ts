import { getCommunity } from '../../communities/community.service.js';
import type { Db } from '../../kernel/db/database.js';
import type { Locale } from '../../kernel/http/locale.js';
import { createDayResolver, dayToIso, isoWeek } from '../../kernel/time/local-day.js';
import { checkRange, parseDay } from '../range.rules.js';
import {
  cohortRetentionFromCounts,
  medianOfCounts,
  nearestRankOfCounts,
  top20Share,
  SLA_MS,
  type RetentionDayCounts,
  type ValueCount,
} from '../metrics.rules.js';
import { isSilent, m7AndPeak, phaseOf } from '../../communities/phase.rules.js';
import { presentMemberships } from '../../communities/group.service.js';
import { nonStaffDailyMessages } from '../groups/group-health.rules.js';
import { tierOf, TIER_WINDOW_DAYS } from '../../members/stats/tier.rules.js';
import { staffRoles } from '../../members/roles/role.service.js';
import * as repo from './report.repo.js';
import type { Report, ReportRange } from './report.types.js';

/**
 * The METRICS.md report for a community and an optional date range: the one function the CLI
 * and the API call.
 *
 * @example
 * const report = await buildReport(db, 'demo', { from: '2024-03-01' });
 */
export async function buildReport(
  db: Db,
  slug: string,
  range: ReportRange = {},
  now = Date.now(),
  locale: Locale = 'en',
): Promise<Report> {
  const community = await getCommunity(db, slug);
  const { from, to } = await resolveRange(db, community.id, community.timezone, range, now, locale);

  const members = await presentMembers(db, community.id, to);
  const [daily, perMember, tiers, retention, responseTime, groups] = await Promise.all([
    dailySeries(db, community.id, from, to),
    repo.messagesPerMember(db, community.id, from, to),
    tierCounts(db, community.id, members, to),
    retentionCohorts(db, community.id, from, to),
    responseTimes(db, community.id, from, to),
    groupHealth(db, community.id, to),
  ]);

  return {
    community: community.slug,
    timezone: community.timezone,
    range: { from: dayToIso(from), to: dayToIso(to) },
    totals: {
      messages: daily.reduce((sum, d) => sum + d.messages, 0),
      members: members.size,
      authors: perMember.filter((m) => m.messages > 0).length,
      checkIns: daily.reduce((sum, d) => sum + d.checkIns, 0),
    },
    daily: daily.map(({ date, messages, activeMembers }) => ({ date, messages, activeMembers })),
    tiers: { asOf: dayToIso(to), ...tiers },
    retention,
    responseTime,
    concentration: { top20Share: top20Share(perMember.map((m) => m.messages)) },
    groups,
  };
}

/**
 * The asked-for range, a missing bound being the events' first or last day. With no bound asked
 * for, it is all time, however long; a bound asked for makes it a requested range, checked
 * (from ≤ to, at most MAX_RANGE_DAYS) with a message in `locale`.
 */
async function resolveRange(
  db: Db,
  communityId: number,
  timezone: string,
  range: ReportRange,
  now: number,
  locale: Locale,
) {
  const bounds = await repo.eventDayBounds(db, communityId);
  const today = createDayResolver(timezone)(now);
  const from = range.from !== undefined ? parseDay(range.from, 'from', locale) : (bounds.first ?? today);
  const to = range.to !== undefined ? parseDay(range.to, 'to', locale) : (bounds.last ?? today);
  if (range.from !== undefined || range.to !== undefined) checkRange(from, to, locale);
  return { from, to };
}

async function dailySeries(db: Db, communityId: number, from: number, to: number) {
  const rows = new Map((await repo.communityDays(db, communityId, from, to)).map((r) => [r.day, r]));
  const out = [];
  for (let day = from; day <= to; day++) {
    const row = rows.get(day);
    out.push({
      date: dayToIso(day),
      messages: row?.messages ?? 0,
      activeMembers: row?.active_members ?? 0,
      checkIns: row?.checkins ?? 0,
    });
  }
  return out;
}

/**
 * Members present on `day` in at least one group. Presence is judged per group, so that leaving
 * one group does not count as leaving the community while the member stays in another.
 */
async function presentMembers(db: Db, communityId: number, day: number): Promise<Set<number>> {
  return new Set((await presentMemberships(db, communityId, day)).map((p) => p.memberId));
}

async function tierCounts(db: Db, communityId: number, present: Set<number>, asOf: number) {
  const window = await repo.tierWindow(db, communityId, asOf - TIER_WINDOW_DAYS + 1, asOf);
  const byMember = new Map(window.map((w) => [w.member_id, w]));
  const counts = { active: 0, observer: 0, lurker: 0 };
  for (const memberId of present) {
    const w = byMember.get(memberId);
    counts[tierOf({ messageDays: Number(w?.message_days ?? 0), activityEvents: Number(w?.activity ?? 0) })]++;
  }
  return counts;
}

async function retentionCohorts(db: Db, communityId: number, from: number, to: number): Promise<Report['retention']> {
  const cohorts = new Map<string, RetentionDayCounts[]>();
  for (const day of await repo.retentionByDayZero(db, communityId, from, to)) {
    const week = isoWeek(day.day0);
    const cohort = cohorts.get(week) ?? [];
    cohort.push(day);
    cohorts.set(week, cohort);
  }
  return [...cohorts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([cohort, days]) => ({ cohort, ...cohortRetentionFromCounts(days, to) }));
}

/** Upper bounds (seconds) of the response-time distribution's buckets; answers past 24 h do not count. */
const DISTRIBUTION_BOUNDS = [60, 300, 900, 3600, 4 * 3600, 24 * 3600];

async function responseTimes(db: Db, communityId: number, from: number, to: number): Promise<Report['responseTime']> {
  const rows = await repo.answerTimeCounts(db, communityId, from, to);
  const answered: ValueCount[] = [];
  let questions = 0;
  for (const r of rows) {
    questions += r.count;
    if (r.answerMs !== null) answered.push({ value: r.answerMs / 1000, count: r.count });
  }
  answered.sort((a, b) => a.value - b.value);
  const countWhere = (test: (seconds: number) => boolean) =>
    answered.reduce((sum, a) => (test(a.value) ? sum + a.count : sum), 0);
  const withinSla = countWhere((s) => s * 1000 <= SLA_MS);
  const distribution = DISTRIBUTION_BOUNDS.map((upToSeconds, i) => ({
    upToSeconds: upToSeconds as number | null,
    count: countWhere((s) => s <= upToSeconds && (i === 0 || s > DISTRIBUTION_BOUNDS[i - 1])),
  }));
  return {
    questions,
    answered: countWhere(() => true),
    medianSeconds: medianOfCounts(answered),
    p90Seconds: nearestRankOfCounts(answered, 0.9),
    withinSla: questions === 0 ? null : withinSla / questions,
    distribution,
  };
}

async function groupHealth(db: Db, communityId: number, asOf: number): Promise<Report['groups']> {
  const groups = await repo.groupsUpTo(db, communityId, asOf);
  const ids = groups.map((g) => g.id);
  const [totals, roles] = await Promise.all([repo.groupDailyMessages(db, ids, asOf), staffRoles(db, communityId)]);
  const staffMembers = [...new Set(roles.map((r) => r.member_id))];
  const staffDays = await repo.memberGroupDailyMessages(db, staffMembers, ids, asOf);
  const nonStaff = nonStaffDailyMessages(ids, totals, staffDays, roles);
  return groups.map((g) => {
    const { m7, peak } = m7AndPeak(nonStaff.get(g.id)!, g.first_day!, asOf);
    const silent = isSilent(m7, g.first_day!, asOf);
    // A string, as METRICS.md writes the report's JSON (the other routes' ids are integers).
    return { id: String(g.id), name: g.name, phase: phaseOf({ m7, peak, silent }), silent, m7, peak };
  });
}
