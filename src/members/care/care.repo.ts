import { sql } from 'kysely';
import type { Executor } from '../../kernel/db/database.js';

/** Kysely queries behind the care list. */

/** Members (not bots) with their display names and day 0. */
export function communityMembers(db: Executor, communityId: number) {
  return db
    .selectFrom('members')
    .select(['id', 'display_name', 'first_day'])
    .where('community_id', '=', communityId)
    .where('is_bot', '=', 0)
    .where('merged_into', 'is', null)
    .execute();
}

/** Members with a blacklist entry that has not been lifted. */
export async function blacklistedMembers(db: Executor, communityId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom('blacklist')
    .select('member_id')
    .where('community_id', '=', communityId)
    .where('lifted_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.member_id));
}

/** Activity per member and day in `from`..`to`. */
export function activityBetween(db: Executor, communityId: number, from: number, to: number) {
  return db
    .selectFrom('member_days')
    .select(['member_id', 'day', 'messages', 'checkins'])
    .where('community_id', '=', communityId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

/** Per member: messages and the last day with activity before `day`. */
export async function activityBefore(db: Executor, communityId: number, day: number) {
  const rows = await db
    .selectFrom('member_days')
    .select([
      'member_id',
      (eb) => eb.fn.sum<number>('messages').as('messages'),
      (eb) => eb.fn.max('day').as('last_day'),
    ])
    .where('community_id', '=', communityId)
    .where('day', '<', day)
    .groupBy('member_id')
    .execute();
  return rows.map((r) => ({ member_id: r.member_id, messages: Number(r.messages), last_day: Number(r.last_day) }));
}

/** Per member: messages in the groups between two instants that reply to another message. */
export async function replyCounts(db: Executor, groupIds: number[], fromMs: number, toMs: number) {
  if (groupIds.length === 0) return [];
  const rows = await db
    .selectFrom('events')
    .select(['member_id', sql<number>`count(*)`.as('replies')])
    .where('group_id', 'in', groupIds)
    .where('occurred_at', '>=', fromMs)
    .where('occurred_at', '<', toMs)
    .where('kind', '=', 'message')
    .where('reply_to_source_id', 'is not', null)
    .groupBy('member_id')
    .execute();
  return rows.map((r) => ({ member_id: r.member_id, replies: Number(r.replies) }));
}

/** Care marked done on `day`, with the note left on the member's timeline. */
export function doneOn(db: Executor, communityId: number, day: number) {
  return db
    .selectFrom('care_done')
    .leftJoin('member_notes', 'member_notes.id', 'care_done.note_id')
    .select(['care_done.member_id', 'care_done.kind', 'care_done.note_id', 'member_notes.body'])
    .where('care_done.community_id', '=', communityId)
    .where('care_done.day', '=', day)
    .execute();
}

/** Records care as done; false when the member's care on that day was already recorded. */
export async function insertDone(
  trx: Executor,
  values: { communityId: number; memberId: number; day: number; kind: string; accountId: number | null; now: number },
): Promise<boolean> {
  const rows = await trx
    .insertInto('care_done')
    .values({
      community_id: values.communityId,
      member_id: values.memberId,
      day: values.day,
      kind: values.kind,
      account_id: values.accountId,
      note_id: null,
      created_at: values.now,
    })
    .onConflict((oc) => oc.columns(['community_id', 'member_id', 'day']).doNothing())
    .returning('member_id')
    .execute();
  return rows.length > 0;
}

export async function setDoneNote(
  trx: Executor,
  communityId: number,
  memberId: number,
  day: number,
  noteId: number,
): Promise<void> {
  await trx
    .updateTable('care_done')
    .set({ note_id: noteId })
    .where('community_id', '=', communityId)
    .where('member_id', '=', memberId)
    .where('day', '=', day)
    .execute();
}

export function findDone(db: Executor, communityId: number, memberId: number, day: number) {
  return db
    .selectFrom('care_done')
    .select(['kind', 'note_id'])
    .where('community_id', '=', communityId)
    .where('member_id', '=', memberId)
    .where('day', '=', day)
    .executeTakeFirst();
}

export function memberExists(db: Executor, communityId: number, memberId: number) {
  return db
    .selectFrom('members')
    .select('id')
    .where('community_id', '=', communityId)
    .where('id', '=', memberId)
    .executeTakeFirst();
}
