import { sql, type Insertable, type Updateable } from 'kysely';
import type { CampsTable } from '../../kernel/db/schema-camps.js';
import type { Executor } from '../../kernel/db/database.js';

/** Kysely queries for camps, their groups and enrolments. */

const CHUNK = 500;

/** A member's check-in as the check-in path reads it (with the personal link, and on its own). */
export type MemberCheckinRow = { id: number; day: number; kind: string; at: number; voided_at: number | null };

export async function insertCamp(db: Executor, values: Insertable<CampsTable>, groupIds: number[]): Promise<number> {
  const { id } = await db.insertInto('camps').values(values).returning('id').executeTakeFirstOrThrow();
  if (groupIds.length > 0)
    await db
      .insertInto('camp_groups')
      .values(groupIds.map((g) => ({ camp_id: id, group_id: g })))
      .execute();
  return id;
}

export function findCamp(db: Executor, communityId: number, campId: number) {
  return db
    .selectFrom('camps')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', campId)
    .executeTakeFirst();
}

/** Camps of a community, newest first, with how many members are enrolled. */
export function listCamps(db: Executor, communityId: number) {
  return db
    .selectFrom('camps as c')
    .selectAll('c')
    .select((eb) =>
      eb
        .selectFrom('camp_enrolments as e')
        .whereRef('e.camp_id', '=', 'c.id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('enrolled'),
    )
    .where('c.community_id', '=', communityId)
    .orderBy('c.start_day', 'desc')
    .orderBy('c.id', 'desc')
    .execute();
}

/** How many distinct members of each camp have a standing check-in on the camp day given for it. */
export async function checkedInOn(
  db: Executor,
  communityId: number,
  days: ReadonlyMap<number, number>,
): Promise<Map<number, number>> {
  if (days.size === 0) return new Map();
  const rows = await db
    .selectFrom('checkins')
    .select(['camp_id', 'day', (eb) => eb.fn.count<number>('member_id').distinct().as('n')])
    .where('community_id', '=', communityId)
    .where('camp_id', 'in', [...days.keys()])
    .where('day', 'in', [...new Set(days.values())])
    .where('voided_at', 'is', null)
    .groupBy(['camp_id', 'day'])
    .execute();
  return new Map(rows.filter((r) => days.get(r.camp_id) === r.day).map((r) => [r.camp_id, Number(r.n)]));
}

export async function campGroupIds(db: Executor, campId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('camp_groups')
    .select('group_id')
    .where('camp_id', '=', campId)
    .orderBy('group_id')
    .execute();
  return rows.map((r) => r.group_id);
}

/** Which of `groupIds` belong to the community. */
export async function groupsAmong(db: Executor, communityId: number, groupIds: number[]): Promise<Set<number>> {
  if (groupIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('groups')
    .select('id')
    .where('community_id', '=', communityId)
    .where('id', 'in', groupIds)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Non-bot members of a group (anyone ever seen there). */
export async function membersOfGroup(db: Executor, groupId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('members as p', 'p.id', 'm.member_id')
    .select('m.member_id')
    .where('m.group_id', '=', groupId)
    .where('p.is_bot', '=', 0)
    .execute();
  return rows.map((r) => r.member_id);
}

export async function membersWithTag(db: Executor, communityId: number, tag: string): Promise<number[]> {
  const rows = await db
    .selectFrom('member_tags')
    .select('member_id')
    .where('community_id', '=', communityId)
    .where('tag', '=', tag)
    .execute();
  return rows.map((r) => r.member_id);
}

/** Non-bot members of the community among `ids`. */
export async function membersAmong(db: Executor, communityId: number, ids: number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('members')
      .select('id')
      .where('community_id', '=', communityId)
      .where('is_bot', '=', 0)
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/** Each member's groups with the day first seen there, earliest first, for choosing where check-ins are logged. */
export async function membershipsOf(db: Executor, memberIds: number[]) {
  const rows: Array<{ member_id: number; group_id: number; first_day: number }> = [];
  for (let i = 0; i < memberIds.length; i += CHUNK) {
    rows.push(
      ...(await db
        .selectFrom('memberships')
        .select(['member_id', 'group_id', 'first_day'])
        .where('member_id', 'in', memberIds.slice(i, i + CHUNK))
        .orderBy('first_day')
        .orderBy('group_id')
        .execute()),
    );
  }
  return rows;
}

export async function enrolledAmong(db: Executor, campId: number, memberIds: number[]): Promise<Set<number>> {
  const found = new Set<number>();
  for (let i = 0; i < memberIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('camp_enrolments')
      .select('member_id')
      .where('camp_id', '=', campId)
      .where('member_id', 'in', memberIds.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.add(r.member_id);
  }
  return found;
}

export async function insertEnrolments(
  db: Executor,
  rows: Array<{ camp_id: number; member_id: number; group_id: number; token_hash: string; enrolled_at: number }>,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await db
      .insertInto('camp_enrolments')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

/** Replaces an enrolment's link digest; whether the member is enrolled in the camp. */
export async function setEnrolmentToken(
  db: Executor,
  campId: number,
  memberId: number,
  tokenHash: string,
): Promise<boolean> {
  const result = await db
    .updateTable('camp_enrolments')
    .set({ token_hash: tokenHash })
    .where('camp_id', '=', campId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function listEnrolments(db: Executor, campId: number) {
  return db
    .selectFrom('camp_enrolments as e')
    .innerJoin('members as m', 'm.id', 'e.member_id')
    .select(['e.member_id', 'm.display_name', 'e.group_id', 'e.opted_out_of_reminders', 'e.enrolled_at'])
    .where('e.camp_id', '=', campId)
    .orderBy('e.id')
    .execute();
}

export function findEnrolment(db: Executor, campId: number, memberId: number) {
  return db
    .selectFrom('camp_enrolments')
    .selectAll()
    .where('camp_id', '=', campId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}

const enrolmentTargets = (db: Executor) =>
  db
    .selectFrom('camp_enrolments as e')
    .innerJoin('camps as c', 'c.id', 'e.camp_id')
    .innerJoin('communities as k', 'k.id', 'c.community_id')
    .innerJoin('members as m', 'm.id', 'e.member_id')
    .selectAll('c')
    .select(['e.member_id', 'e.group_id', 'e.opted_out_of_reminders', 'm.display_name', 'k.timezone']);

/** The enrolment behind a personal link, with its camp and the community's zone: one query per member request. */
export function findByTokenHash(db: Executor, tokenHash: string) {
  return enrolmentTargets(db).where('e.token_hash', '=', tokenHash).executeTakeFirst();
}

/**
 * `findByTokenHash` for many links in one query (PostgreSQL: one array parameter), each row with
 * its digest and the member's check-ins in the camp, by day (as `memberCheckins` reads them): a
 * check-in reads those next, and on PostgreSQL every query of a batch is a round trip it waits for.
 */
export function findByTokenHashes(db: Executor, tokenHashes: string[]) {
  return enrolmentTargets(db)
    .select('e.token_hash')
    .select(
      sql<MemberCheckinRow[]>`coalesce((
        select json_agg(json_build_object('id', x.id, 'day', x.day, 'kind', x.kind, 'at', x.at, 'voided_at', x.voided_at) order by x.day)
        from checkins x where x.camp_id = e.camp_id and x.member_id = e.member_id), '[]'::json)`.as('checkins'),
    )
    .where(sql<boolean>`e.token_hash = any(${tokenHashes}::text[])`)
    .execute();
}

export async function setOptOut(db: Executor, campId: number, memberId: number, optedOut: boolean): Promise<void> {
  await db
    .updateTable('camp_enrolments')
    .set({ opted_out_of_reminders: optedOut ? 1 : 0 })
    .where('camp_id', '=', campId)
    .where('member_id', '=', memberId)
    .execute();
}

export async function updateCampRow(db: Executor, campId: number, values: Updateable<CampsTable>): Promise<void> {
  await db
    .updateTable('camps')
    .set(values)
    .set((eb) => ({ revision: eb('revision', '+', 1) }))
    .where('id', '=', campId)
    .execute();
}

export async function replaceCampGroups(db: Executor, campId: number, groupIds: number[]): Promise<void> {
  await db.deleteFrom('camp_groups').where('camp_id', '=', campId).execute();
  if (groupIds.length > 0)
    await db
      .insertInto('camp_groups')
      .values(groupIds.map((g) => ({ camp_id: campId, group_id: g })))
      .execute();
}

/** The first and last day holding a stored check-in (voided ones too), or nulls when none. */
export async function checkinDayRange(
  db: Executor,
  campId: number,
): Promise<{ first: number | null; last: number | null }> {
  const row = await db
    .selectFrom('checkins')
    .select((eb) => [eb.fn.min<number>('day').as('first'), eb.fn.max<number>('day').as('last')])
    .where('camp_id', '=', campId)
    .executeTakeFirst();
  return { first: row?.first ?? null, last: row?.last ?? null };
}

export async function groupNames(db: Executor, groupIds: number[]): Promise<Map<number, string>> {
  if (groupIds.length === 0) return new Map();
  const rows = await db.selectFrom('groups').select(['id', 'name']).where('id', 'in', groupIds).execute();
  return new Map(rows.map((r) => [Number(r.id), r.name]));
}

/** Communities with a camp whose days include `fromDay`..`toDay` (community-local day numbers). */
export async function communitiesWithCampsBetween(db: Executor, fromDay: number, toDay: number): Promise<number[]> {
  const rows = await db
    .selectFrom('camps')
    .select('community_id')
    .distinct()
    .where('start_day', '<=', toDay)
    .where(sql<boolean>`start_day + length_days - 1 >= ${fromDay}`)
    .execute();
  return rows.map((r) => r.community_id);
}
