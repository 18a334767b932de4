import type { Phase } from '../../communities/phase.rules.js';
import type { Db } from '../../kernel/db/database.js';
import type { Community } from '../../kernel/db/schema.js';
import { NotFoundError } from '../../kernel/errors.js';
import { dayToIso } from '../../kernel/time/local-day.js';
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

/** The groups list of the console: every group as of the community's as-of day. */
export async function listGroupSummaries(db: Db, community: CommunityRef, now: number): Promise<GroupSummary[]> {
  const { asOf } = communityDays(community, now);
  return (await groupStates(db, community, asOf)).map(toSummary);
}

export const GROUP_DAILY_DAYS = 60;

/** One group's page: its summary, its last 60 days day by day (zeros included), and its staff. */
export async function groupDetail(db: Db, community: CommunityRef, groupId: number, now: number) {
  const { asOf } = communityDays(community, now);
  const [state] = await groupStates(db, community, asOf, groupId);
  if (!state) throw new NotFoundError(`group ${groupId}`);
  const from = asOf - GROUP_DAILY_DAYS + 1;
  const [{ days, active }, staffRows] = await Promise.all([
    repo.groupDailySeries(db, groupId, from, asOf),
    repo.groupStaff(db, community.id, groupId, STAFF_ROLES),
  ]);
  const dayBy = new Map(days.map((d) => [d.day, d]));
  const activeBy = new Map(active.map((a) => [a.day, a.members]));
  const daily = [];
  for (let day = from; day <= asOf; day++) {
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
  return { group: toSummary(state), daily, staff: [...staff.values()] };
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
