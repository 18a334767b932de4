import { digest, randomSecret } from '../../kernel/crypto/secrets.js';
import { publicUrl } from '../../kernel/config.js';
import type { Db } from '../../kernel/db/database.js';
import type { CampRow } from '../../kernel/db/schema-camps.js';
import type { Community } from '../../kernel/db/schema.js';
import { NotFoundError, ValidationError } from '../../kernel/errors.js';
import { dayToIso, isoToDay, MS_PER_DAY } from '../../kernel/time/local-day.js';
import { webCheckinGroup } from '../../communities/group.service.js';
import * as repo from './camp.repo.js';
import {
  campFromTemplate,
  formatClock,
  type CampOverrides,
  type CampRules,
  type CampSettings,
  type CampTemplate,
  type CampTemplateName,
  campStatus,
  type ContentSpec,
} from './camp.rules.js';
import { campCheckinDays } from '../checkin/checkin.repo.js';
import { placeInstant } from '../checkin/checkin.rules.js';
import { streakSummary, type StreakCamp } from '../checkin/streak.rules.js';

export interface CampConfig {
  window: { start: number; end: number };
  content: ContentSpec;
  rules: CampRules;
  settings: CampSettings;
}

/** The stored JSON columns of a camp, read back. */
export function campConfig(
  row: Pick<CampRow, 'window_start' | 'window_end' | 'content' | 'rules' | 'settings'>,
): CampConfig {
  return {
    window: { start: row.window_start, end: row.window_end },
    content: JSON.parse(row.content),
    rules: JSON.parse(row.rules),
    settings: JSON.parse(row.settings),
  };
}

const parsedConfigs = new WeakMap<CampRow, CampConfig>();

/**
 * `campConfig`, kept per camp row object for rows that live on (check-in writers keep camps between
 * check-ins, see checkin.repo.ts). The result is shared, so it is frozen: readers only.
 */
export function campConfigOf(row: CampRow): CampConfig {
  let config = parsedConfigs.get(row);
  if (!config) {
    config = deepFreeze(campConfig(row));
    parsedConfigs.set(row, config);
  }
  return config;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

export function streakCampOf(row: Pick<CampRow, 'start_day' | 'length_days'>, config: CampConfig): StreakCamp {
  return {
    startDay: row.start_day,
    lengthDays: row.length_days,
    rules: config.rules,
    milestones: config.settings.milestones,
  };
}

/** The camp as the API shows it: dates and clock times instead of epoch days and minutes. */
export function presentCamp(row: CampRow, timezone: string, extra: { enrolled: number; groupIds?: number[] }) {
  const config = campConfig(row);
  return {
    id: row.id,
    name: row.name,
    template: row.template,
    startDate: dayToIso(row.start_day),
    endDate: dayToIso(row.start_day + row.length_days - 1),
    lengthDays: row.length_days,
    window: { start: formatClock(config.window.start), end: formatClock(config.window.end), timezone },
    content: config.content,
    rules: config.rules,
    settings: config.settings,
    enrolled: Number(extra.enrolled),
    ...(extra.groupIds ? { groupIds: extra.groupIds } : {}),
  };
}

export interface CreateCampInput extends CampOverrides {
  template: CampTemplateName;
  startDate: string;
  groupIds?: number[];
}

/** The stored columns of a camp (the JSON ones as text), as created or edited. */
export function campColumns(camp: CampTemplate, startDay: number) {
  return {
    name: camp.name,
    start_day: startDay,
    length_days: camp.lengthDays,
    window_start: camp.window.start,
    window_end: camp.window.end,
    content: JSON.stringify(camp.content),
    rules: JSON.stringify(camp.rules),
    settings: JSON.stringify(camp.settings),
  };
}

/** Refuses groups that are not the community's, naming the first one (404). */
export async function requireGroups(db: Db, communityId: number, groupIds: number[]): Promise<void> {
  const known = await repo.groupsAmong(db, communityId, groupIds);
  const unknown = groupIds.find((g) => !known.has(g));
  if (unknown !== undefined) throw new NotFoundError(`group ${unknown}`);
}

/** Creates a camp from a template and the operator's overrides, over groups of the community. */
export async function createCamp(db: Db, community: Community, input: CreateCampInput, now: number) {
  const camp = campFromTemplate(input.template, input);
  const startDay = isoToDay(input.startDate, 'startDate');
  const groupIds = [...new Set(input.groupIds ?? [])];
  await requireGroups(db, community.id, groupIds);
  const id = await db
    .transaction()
    .execute((trx) =>
      repo.insertCamp(
        trx,
        { community_id: community.id, template: input.template, ...campColumns(camp, startDay), created_at: now },
        groupIds,
      ),
    );
  return getCamp(db, community, id);
}

export async function requireCamp(db: Db, community: Community, campId: number): Promise<CampRow> {
  const row = await repo.findCamp(db, community.id, campId);
  if (!row) throw new NotFoundError(`camp ${campId}`);
  return row;
}

export async function getCamp(db: Db, community: Community, campId: number) {
  const row = await requireCamp(db, community, campId);
  const [groupIds, enrolments] = await Promise.all([repo.campGroupIds(db, campId), repo.listEnrolments(db, campId)]);
  return presentCamp(row, community.timezone, { enrolled: enrolments.length, groupIds });
}

/**
 * The community's camps for the camp list: each with where it is in its run and, while it runs,
 * how many of its members have checked in on today's camp day (the day whose window is open, else
 * the local date in the community's zone) and that share of the enrolled.
 */
export async function listCamps(db: Db, community: Community, now: number) {
  const rows = await repo.listCamps(db, community.id);
  const today = new Map(rows.map((row) => [row.id, campToday(row, community.timezone, now)]));
  const running = new Map(
    rows
      .filter(
        (row) => campStatus({ startDay: row.start_day, lengthDays: row.length_days }, today.get(row.id)!) === 'running',
      )
      .map((row) => [row.id, today.get(row.id)!]),
  );
  const checkedIn = await repo.checkedInOn(db, community.id, running);
  return rows.map((row) => {
    const enrolled = Number(row.enrolled ?? 0);
    const day = today.get(row.id)!;
    const done = checkedIn.get(row.id) ?? 0;
    return {
      ...presentCamp(row, community.timezone, { enrolled }),
      status: campStatus({ startDay: row.start_day, lengthDays: row.length_days }, day),
      today: running.has(row.id)
        ? { date: dayToIso(day), checkedIn: done, rate: enrolled === 0 ? 0 : done / enrolled }
        : null,
    };
  });
}

/** The camp day that is "today" at `at`: the day whose check-in window is open, else the local date. */
export function campToday(camp: Pick<CampRow, 'window_start' | 'window_end'>, timezone: string, at: number): number {
  const { windowDay, localDay } = placeInstant({ start: camp.window_start, end: camp.window_end }, timezone, at);
  return windowDay ?? localDay;
}

export interface EnrolInput {
  groupId?: number;
  tag?: string;
  memberIds?: number[];
  reissueLinks?: boolean;
}

/**
 * Enrols members from a group, a tag and/or a list. Each newly enrolled member gets a personal
 * link (`<SHEQUN_PUBLIC_URL>/m/<token>`); only its digest is stored, so the answer is the one time
 * the links exist — staff send them on. Members already enrolled keep their link and are counted
 * and named, not repeated; with `reissueLinks` they get new links instead (the old ones stop).
 */
export async function enrolMembers(db: Db, community: Community, campId: number, input: EnrolInput, now: number) {
  const camp = await requireCamp(db, community, campId);
  if (input.groupId === undefined && input.tag === undefined && input.memberIds === undefined) {
    throw new ValidationError('body', 'name a groupId, a tag or memberIds to enrol');
  }
  const candidates = new Set<number>();
  if (input.groupId !== undefined) {
    if (!(await repo.groupsAmong(db, community.id, [input.groupId])).has(input.groupId))
      throw new NotFoundError(`group ${input.groupId}`);
    for (const id of await repo.membersOfGroup(db, input.groupId)) candidates.add(id);
  }
  if (input.tag !== undefined)
    for (const id of await repo.membersWithTag(db, community.id, input.tag)) candidates.add(id);
  if (input.memberIds !== undefined) {
    const found = await repo.membersAmong(db, community.id, input.memberIds);
    const missing = input.memberIds.find((id) => !found.has(id));
    if (missing !== undefined) throw new NotFoundError(`member ${missing}`);
    for (const id of found) candidates.add(id);
  }
  return db.transaction().execute(async (trx) => {
    const ids = [...candidates];
    const already = await repo.enrolledAmong(trx, campId, ids);
    const fresh = ids.filter((id) => !already.has(id));
    const campGroups = await repo.campGroupIds(trx, campId);
    const groupOf = await chooseGroups(trx, community.id, fresh, input.groupId, campGroups, now);
    const links = fresh.map((memberId) => ({ memberId, token: randomSecret(24) }));
    await repo.insertEnrolments(
      trx,
      links.map(({ memberId, token }) => ({
        camp_id: camp.id,
        member_id: memberId,
        group_id: groupOf.get(memberId)!,
        token_hash: digest(token),
        enrolled_at: now,
      })),
    );
    // Only a digest of a link is kept, so the enrolled get theirs again as new ones, when asked.
    const renewed = input.reissueLinks ? [...already].map((memberId) => ({ memberId, token: randomSecret(24) })) : [];
    for (const { memberId, token } of renewed) await repo.setEnrolmentToken(trx, camp.id, memberId, digest(token));
    return {
      enrolled: fresh.length,
      alreadyEnrolled: already.size,
      alreadyEnrolledIds: [...already],
      members: [...links, ...renewed].map(({ memberId, token }) => ({ memberId, link: personalLink(token) })),
    };
  });
}

/** A member's personal link as handed out: on the public base, never the address of the request. */
const personalLink = (token: string) => publicUrl(`/m/${token}`);

/**
 * A new personal link for an enrolled member; the old one stops working at once (the lookup is by
 * the stored digest, which this replaces). 404 for a member not enrolled in this community's camp.
 */
export async function reissueLink(db: Db, community: Community, campId: number, memberId: number) {
  const camp = await requireCamp(db, community, campId);
  const token = randomSecret(24);
  const changed = await db
    .transaction()
    .execute((trx) => repo.setEnrolmentToken(trx, camp.id, memberId, digest(token)));
  if (!changed) throw new NotFoundError(`member ${memberId} in camp ${campId}`);
  return { memberId, link: personalLink(token) };
}

/**
 * The group each member's check-ins are logged in (events belong to a group): the one they were
 * enrolled from, else their earliest group among the camp's, else their earliest group at all,
 * else the community's web check-in group.
 */
async function chooseGroups(
  db: Parameters<typeof repo.membershipsOf>[0],
  communityId: number,
  memberIds: number[],
  fromGroup: number | undefined,
  campGroups: number[],
  now: number,
) {
  const chosen = new Map<number, number>();
  const memberships = await repo.membershipsOf(db, memberIds);
  const inCamp = new Set(campGroups);
  const byMember = new Map<number, number[]>();
  for (const m of memberships) {
    const list = byMember.get(m.member_id) ?? [];
    list.push(m.group_id);
    byMember.set(m.member_id, list);
  }
  let web: number | null = null;
  for (const id of memberIds) {
    const groups = byMember.get(id) ?? [];
    const group =
      (fromGroup !== undefined && groups.includes(fromGroup) ? fromGroup : undefined) ??
      groups.find((g) => inCamp.has(g)) ??
      groups[0];
    if (group !== undefined) chosen.set(id, group);
    else chosen.set(id, (web ??= await webCheckinGroup(db, communityId, now)));
  }
  return chosen;
}

/** Enrolled members with their streak and progress as of `today` (links are never shown again). */
export async function listEnrolments(db: Db, community: Community, campId: number, today: number) {
  const camp = await requireCamp(db, community, campId);
  const streakCamp = streakCampOf(camp, campConfig(camp));
  const [rows, checkins] = await Promise.all([repo.listEnrolments(db, campId), campCheckinDays(db, campId)]);
  const byMember = new Map<number, Array<{ day: number; kind: 'normal' | 'makeup'; voided: boolean }>>();
  for (const c of checkins) {
    const list = byMember.get(c.member_id) ?? [];
    list.push({ day: c.day, kind: c.kind as 'normal' | 'makeup', voided: c.voided_at !== null });
    byMember.set(c.member_id, list);
  }
  return rows.map((r) => {
    const s = streakSummary(streakCamp, byMember.get(r.member_id) ?? [], today);
    return {
      memberId: r.member_id,
      displayName: r.display_name,
      groupId: r.group_id,
      optedOutOfReminders: r.opted_out_of_reminders === 1,
      enrolledAt: new Date(r.enrolled_at).toISOString(),
      currentStreak: s.currentStreak,
      longestStreak: s.longestStreak,
      daysCompleted: s.daysCompleted,
      checkedInToday: s.checkedInToday,
    };
  });
}

/**
 * Communities whose members may be checking in now: a camp's days include today in some zone (a
 * day either side of the UTC day covers every zone).
 */
export function communitiesWithRunningCamps(db: Db, now: number): Promise<number[]> {
  const utcDay = Math.floor(now / MS_PER_DAY);
  return repo.communitiesWithCampsBetween(db, utcDay - 1, utcDay + 1);
}
