import type { Phase } from '../../communities/phase.rules.js';
import type { Db } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import { NotFoundError } from '../../kernel/errors.js';
import type { Locale } from '../../kernel/http/locale.js';
import { dayToIso } from '../../kernel/time/local-day.js';
import { asOfDay } from '../../communities/community.rules.js';
import { resolveRange, type DayRange, type RangeQuery } from '../range.rules.js';
import { staffRoles } from '../../members/roles/role.service.js';
import { STAFF_ROLES } from '../../members/roles/roles.rules.js';
import * as repo from './group-health.repo.js';
import { groupHealth, nonStaffDailyMessages, phaseAsOf } from './group-health.rules.js';
import { communityDays, listGroups, presentMemberships, updateGroup } from '../../communities/group.service.js';

export interface GroupSummary {
  id: number;
  name: string;
  platform: string;
  /** Members present on the as-of day (joined and not left since). */
  size: number;
  capacity: number;
  phase: Phase;
  silent: boolean;
  m7: number;
  peak: number;
  /** Distinct members with a message or check-in on the as-of day / in the 7 days ending on it. */
  dau: number;
  wau: number;
  lastActiveDay: string | null;
  /** 0..100, see group.rules `groupHealth`. */
  health: number;
  /** The groups list's date range: messages and check-ins (staff too) and distinct active members in it. */
  inRange?: { messages: number; checkIns: number; activeMembers: number };
}

/** A summary plus the day its current phase began, for alerts. */
export interface GroupState extends GroupSummary {
  phaseSince: string;
}

type CommunityRef = Pick<Community, 'id' | 'timezone' | 'last_day'>;

/**
 * Every group of the community as of `asOf`: size, phase (METRICS.md), activity and health.
 * Reads day rollups, the community's joins and leaves, and staff roles: never the messages.
 *
 * @example
 * const groups = await groupStates(db, community, asOf);
 */
export async function groupStates(db: Db, community: CommunityRef, asOf: number, only?: number): Promise<GroupState[]> {
  const groups = (await listGroups(db, community.id)).filter((g) => only === undefined || g.id === only);
  const ids = groups.map((g) => g.id);
  const [totals, roles, present, active, lastActive] = await Promise.all([
    repo.groupDailyMessages(db, ids, asOf),
    staffRoles(db, community.id),
    presentMemberships(db, community.id, asOf),
    repo.activeMembers(db, ids, asOf - 6, asOf),
    repo.lastActiveDays(db, ids, asOf),
  ]);
  const staffDays = await repo.memberGroupDailyMessages(db, [...new Set(roles.map((r) => r.member_id))], ids, asOf);
  const series = nonStaffDailyMessages(ids, totals, staffDays, roles);
  const sizes = new Map<number, number>();
  for (const p of present) sizes.set(p.groupId, (sizes.get(p.groupId) ?? 0) + 1);
  const activeBy = new Map(active.map((a) => [a.group_id, a]));
  const lastBy = new Map(lastActive.map((l) => [l.group_id, l.day]));

  return groups.map((g) => {
    const { m7, peak, silent, phase, since } = phaseAsOf(series.get(g.id)!, g.first_day, asOf);
    const size = sizes.get(g.id) ?? 0;
    const wau = activeBy.get(g.id)?.wau ?? 0;
    const last = lastBy.get(g.id);
    return {
      id: g.id,
      name: g.name,
      platform: g.platform,
      size,
      capacity: g.capacity,
      phase,
      silent,
      m7,
      peak,
      dau: activeBy.get(g.id)?.dau ?? 0,
      wau,
      lastActiveDay: last === undefined ? null : dayToIso(last),
      health: groupHealth({ phase, wau, size }),
      phaseSince: dayToIso(since),
    };
  });
}

export function toSummary({ phaseSince: _since, ...summary }: GroupState): GroupSummary {
  return summary;
}

/** A screen's range (range.rules `resolveRange`) and the as-of day of its groups: its end, or the last event day before it. */
export function rangeOf(community: CommunityRef, now: number, query: RangeQuery, locale: Locale, days?: number) {
  const { today } = communityDays(community, now);
  const range = resolveRange(query, today, community.last_day, locale, days);
  return { range, asOf: asOfDay(community.last_day, range.to) };
}

/**
 * The groups list of the console: every group as of the range's end (or the last event day
 * before it), with its activity in the range.
 */
export async function listGroupSummaries(
  db: Db,
  community: CommunityRef,
  now: number,
  query: RangeQuery = {},
  locale: Locale = 'zh-CN',
): Promise<GroupSummary[]> {
  const { range, asOf } = rangeOf(community, now, query, locale);
  const states = await groupStates(db, community, asOf);
  const ids = states.map((g) => g.id);
  const [totals, active] = await Promise.all([
    repo.rangeTotals(db, ids, range.from, range.to),
    repo.activeMembers(db, ids, range.from, range.to),
  ]);
  const totalsBy = new Map(totals.map((t) => [t.group_id, t]));
  const activeBy = new Map(active.map((a) => [a.group_id, a.wau]));
  return states.map((state) => ({
    ...toSummary(state),
    inRange: {
      messages: totalsBy.get(state.id)?.messages ?? 0,
      checkIns: totalsBy.get(state.id)?.checkins ?? 0,
      activeMembers: activeBy.get(state.id) ?? 0,
    },
  }));
}

export const GROUP_DAILY_DAYS = 60;

/**
 * One group's page: its summary as of the range's end, the range day by day (zeros included; by
 * default the last 60 days, range.rules `defaultRange`), and its staff.
 */
export async function groupDetail(
  db: Db,
  community: CommunityRef,
  groupId: number,
  now: number,
  query: RangeQuery = {},
  locale: Locale = 'zh-CN',
) {
  const { range, asOf } = rangeOf(community, now, query, locale, GROUP_DAILY_DAYS);
  const [state] = await groupStates(db, community, asOf, groupId);
  if (!state) throw new NotFoundError(`group ${groupId}`);
  const { from, to } = range;
  const [{ days, active }, staffRows] = await Promise.all([
    repo.groupDailySeries(db, groupId, from, to),
    repo.groupStaff(db, community.id, groupId, STAFF_ROLES),
  ]);
  const dayBy = new Map(days.map((d) => [d.day, d]));
  const activeBy = new Map(active.map((a) => [a.day, a.members]));
  const daily = [];
  for (let day = from; day <= to; day++) {
    daily.push({
      day: dayToIso(day),
      messages: dayBy.get(day)?.messages ?? 0,
      checkIns: dayBy.get(day)?.checkins ?? 0,
      activeMembers: activeBy.get(day) ?? 0,
    });
  }
  const staff = new Map<number, { memberId: number; name: string; roles: string[] }>();
  for (const r of staffRows) {
    const entry = staff.get(r.member_id) ?? { memberId: r.member_id, name: r.display_name, roles: [] };
    if (!entry.roles.includes(r.role)) entry.roles.push(r.role);
    staff.set(r.member_id, entry);
  }
  return { group: toSummary(state), range: shownRange(range), daily, staff: [...staff.values()] };
}

/** Renames a group or changes its capacity (one transaction), then returns its summary. */
export async function patchGroup(
  db: Db,
  community: CommunityRef,
  groupId: number,
  patch: { name?: string; capacity?: number; externalId?: string },
  now: number,
) {
  await updateGroup(db, community.id, groupId, patch);
  const { asOf } = communityDays(community, now);
  const [state] = await groupStates(db, community, asOf, groupId);
  return toSummary(state);
}

/** A range as the API shows it. */
export function shownRange({ from, to, basis }: DayRange) {
  return { from: dayToIso(from), to: dayToIso(to), basis };
}
