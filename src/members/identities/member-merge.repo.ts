import { type Insertable, sql } from 'kysely';
import type { MemberMergesTable } from '../../kernel/db/schema-identities.js';
import type { Executor } from '../../kernel/db/database.js';
import { monthOfDay } from '../../kernel/event-log/months.js';
import type { RowKey } from './merge-journal.types.js';

/** Queries behind merges: what hangs on a member, the merge records, the rollups rebuilt from events. */

export function membersForMerge(db: Executor, communityId: number, ids: number[]) {
  return db
    .selectFrom('members')
    .select(['id', 'display_name', 'is_bot', 'first_day', 'merged_into'])
    .where('community_id', '=', communityId)
    .where('id', 'in', ids)
    .execute();
}

/**
 * Locks both members' rows for the merge (a no-op update: PostgreSQL holds the rows until commit,
 * and a concurrent merge of either waits, then finds one merged); returns how many are unmerged.
 */
export async function lockUnmerged(db: Executor, communityId: number, ids: number[]): Promise<number> {
  const result = await db
    .updateTable('members')
    .set((eb) => ({ merged_into: eb.ref('merged_into') }))
    .where('community_id', '=', communityId)
    .where('id', 'in', ids)
    .where('merged_into', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function idsOf(
  db: Executor,
  table: 'identities' | 'events' | 'member_notes' | 'blacklist' | 'outbox',
  memberId: number,
): Promise<RowKey[]> {
  const rows = await db.selectFrom(table).select('id').where('member_id', '=', memberId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id }));
}

export async function questionKeys(db: Executor, memberId: number): Promise<RowKey[]> {
  const rows = await db.selectFrom('questions').select('event_id').where('member_id', '=', memberId).execute();
  return rows.map((r) => ({ event_id: r.event_id }));
}

export function membershipsOf(db: Executor, memberId: number) {
  return db.selectFrom('memberships').selectAll().where('member_id', '=', memberId).orderBy('group_id').execute();
}

export function tagsOf(db: Executor, memberId: number) {
  return db.selectFrom('member_tags').selectAll().where('member_id', '=', memberId).orderBy('tag').execute();
}

export function rolesOf(db: Executor, memberId: number) {
  return db.selectFrom('member_roles').selectAll().where('member_id', '=', memberId).orderBy('id').execute();
}

export function careDoneOf(db: Executor, communityId: number, memberId: number) {
  return db
    .selectFrom('care_done')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('member_id', '=', memberId)
    .orderBy('day')
    .execute();
}

export function bindCodeRowsOf(db: Executor, memberId: number) {
  return db.selectFrom('member_bind_codes').selectAll().where('member_id', '=', memberId).execute();
}

/** The days either member has a member-day row on: their community-day counts are recounted. */
export async function activeDaysOf(db: Executor, communityId: number, memberIds: number[]): Promise<number[]> {
  const rows = await db
    .selectFrom('member_days')
    .select('day')
    .distinct()
    .where('community_id', '=', communityId)
    .where('member_id', 'in', memberIds)
    .execute();
  return rows.map((r) => r.day);
}

/**
 * Rebuilds the members' day, month and group-day rollups from their events, as ingest keeps them
 * (messages and check-ins, each counted once per group, member and day; none for a bot), and
 * recounts the active members of `days` (a member is active on a day exactly when they have a
 * member-day row).
 */
export async function rebuildRollups(db: Executor, communityId: number, memberIds: number[], days: number[]) {
  await db
    .deleteFrom('member_days')
    .where('community_id', '=', communityId)
    .where('member_id', 'in', memberIds)
    .execute();
  await db
    .deleteFrom('member_months')
    .where('community_id', '=', communityId)
    .where('member_id', 'in', memberIds)
    .execute();
  await db.deleteFrom('group_member_days').where('member_id', 'in', memberIds).execute();
  const groupDays = await db
    .selectFrom('events')
    .select([
      'group_id',
      'member_id',
      'day',
      sql<number>`sum(case when kind = 'message' then 1 else 0 end)`.as('messages'),
      sql<number>`sum(case when kind = 'checkin' then 1 else 0 end)`.as('checkins'),
    ])
    .where('community_id', '=', communityId)
    .where('member_id', 'in', memberIds)
    .where('kind', 'in', ['message', 'checkin'])
    // Bots never reach the rollups, as at ingest (METRICS.md): a member marked a bot counts for nothing.
    .where('member_id', 'not in', (eb) =>
      eb.selectFrom('members').select('id').where('community_id', '=', communityId).where('is_bot', '=', 1),
    )
    .groupBy(['group_id', 'member_id', 'day'])
    .orderBy('group_id')
    .orderBy('member_id')
    .orderBy('day')
    .execute();
  const memberDays = new Map<string, { member_id: number; day: number; messages: number; checkins: number }>();
  const memberMonths = new Map<string, { member_id: number; month: number; messages: number; checkins: number }>();
  for (const r of groupDays) {
    const memberId = r.member_id!;
    const month = monthOfDay(r.day);
    addCounts(memberDays, `${memberId}:${r.day}`, { member_id: memberId, day: r.day }, r);
    addCounts(memberMonths, `${memberId}:${month}`, { member_id: memberId, month }, r);
  }
  for (const chunk of chunks(groupDays))
    await db
      .insertInto('group_member_days')
      .values(
        chunk.map((r) => ({
          group_id: r.group_id,
          member_id: r.member_id!,
          day: r.day,
          messages: Number(r.messages),
          checkins: Number(r.checkins),
        })),
      )
      .execute();
  for (const chunk of chunks([...memberDays.values()]))
    await db
      .insertInto('member_days')
      .values(chunk.map((r) => ({ community_id: communityId, ...r })))
      .execute();
  for (const chunk of chunks([...memberMonths.values()]))
    await db
      .insertInto('member_months')
      .values(chunk.map((r) => ({ community_id: communityId, ...r })))
      .execute();
  const allDays = [...new Set([...days, ...[...memberDays.values()].map((d) => d.day)])];
  for (const chunk of chunks(allDays))
    await sql`update community_days set active_members = (
                select count(*) from member_days d where d.community_id = community_days.community_id and d.day = community_days.day)
               where community_id = ${communityId} and day in (${sql.join(chunk)})`.execute(db);
}

type Counted = { messages: number; checkins: number };

function addCounts<K extends object>(map: Map<string, K & Counted>, key: string, row: K, counts: Counted) {
  const known = map.get(key) ?? { ...row, messages: 0, checkins: 0 };
  known.messages += Number(counts.messages);
  known.checkins += Number(counts.checkins);
  map.set(key, known);
}

function chunks<T>(rows: T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export function insertMerge(db: Executor, values: Insertable<MemberMergesTable>) {
  return db.insertInto('member_merges').values(values).returning('id').executeTakeFirstOrThrow();
}

export function findMerge(db: Executor, communityId: number, mergeId: number) {
  return db
    .selectFrom('member_merges')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('id', '=', mergeId)
    .executeTakeFirst();
}

/** A merge not undone, made after `mergeId`, that touches one of these members. */
export function laterMergeOf(db: Executor, communityId: number, mergeId: number, memberIds: number[]) {
  return db
    .selectFrom('member_merges')
    .select('id')
    .where('community_id', '=', communityId)
    .where('id', '>', mergeId)
    .where('undone_at', 'is', null)
    .where((eb) => eb.or([eb('survivor_id', 'in', memberIds), eb('merged_id', 'in', memberIds)]))
    .executeTakeFirst();
}

/** Marks the merge undone unless it is already; false when it was (another undo came first). */
export async function markUndone(db: Executor, mergeId: number, at: number, accountId: number | null) {
  const result = await db
    .updateTable('member_merges')
    .set({ undone_at: at, undone_by: accountId })
    .where('id', '=', mergeId)
    .where('undone_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Merges where the member was either side, newest first, with the members' and accounts' names. */
export function mergesOf(db: Executor, communityId: number, memberId: number) {
  return db
    .selectFrom('member_merges as g')
    .innerJoin('members as s', 's.id', 'g.survivor_id')
    .innerJoin('members as o', 'o.id', 'g.merged_id')
    .leftJoin('accounts as a', 'a.id', 'g.account_id')
    .leftJoin('accounts as u', 'u.id', 'g.undone_by')
    .select([
      'g.id',
      'g.survivor_id',
      'g.merged_id',
      's.display_name as survivor_name',
      'o.display_name as merged_name',
      'g.actor',
      'a.name as account_name',
      'g.created_at',
      'g.undone_at',
      'u.name as undone_by_name',
    ])
    .where('g.community_id', '=', communityId)
    .where((eb) => eb.or([eb('g.survivor_id', '=', memberId), eb('g.merged_id', '=', memberId)]))
    .orderBy('g.id', 'desc')
    .execute();
}
