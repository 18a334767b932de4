import { sql } from 'kysely';
import type { Db } from '../kernel/db/database.js';

/** Kysely queries over the event log's rollups for the report. Bots never reach the rollups. */

export async function eventDayBounds(db: Db, communityId: number): Promise<{ first: number | null; last: number | null }> {
  // Two index-ordered lookups; min() and max() in one query would scan the whole index.
  const edge = (direction: 'asc' | 'desc') =>
    db.selectFrom('events').select('day').where('community_id', '=', communityId).orderBy('day', direction).limit(1).executeTakeFirst();
  const [first, last] = await Promise.all([edge('asc'), edge('desc')]);
  return { first: first?.day ?? null, last: last?.day ?? null };
}

export function communityDays(db: Db, communityId: number, from: number, to: number) {
  return db
    .selectFrom('community_days')
    .select(['day', 'messages', 'checkins', 'active_members'])
    .where('community_id', '=', communityId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

/** Messages per member over the range (members with activity only). */
export function messagesPerMember(db: Db, communityId: number, from: number, to: number) {
  return db
    .selectFrom('member_days')
    .select(['member_id', (eb) => eb.fn.sum<number>('messages').as('messages')])
    .where('community_id', '=', communityId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('member_id')
    .execute();
}

/** Per member over a window: distinct days with messages, and activity events. */
export function tierWindow(db: Db, communityId: number, from: number, to: number) {
  return db
    .selectFrom('member_days')
    .select([
      'member_id',
      sql<number>`sum(case when messages > 0 then 1 else 0 end)`.as('message_days'),
      sql<number>`sum(messages + checkins)`.as('activity'),
    ])
    .where('community_id', '=', communityId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .groupBy('member_id')
    .execute();
}

/** Each (group, member)'s first event day, for members (not bots) whose first event is on or before `day`. */
export function membershipsUpTo(db: Db, communityId: number, day: number) {
  return db
    .selectFrom('memberships')
    .select(['group_id', 'member_id', 'first_day'])
    .where('community_id', '=', communityId)
    .where('first_day', '<=', day)
    .execute();
}

/** All join and leave events (bots' too: callers only look up members' memberships). */
export function membershipEvents(db: Db, communityId: number) {
  return db
    .selectFrom('events')
    .select(['id', 'group_id', 'member_id', 'kind', 'day', 'occurred_at'])
    .where('community_id', '=', communityId)
    // Literal values, not bound parameters: only then can SQLite match the partial index's
    // `where kind in ('join', 'leave')` and skip the other millions of events.
    .where(sql<boolean>`kind in ('join', 'leave')`)
    .execute();
}

/** Members whose day 0 is in the range, with their activity days within the retention horizon. */
export async function retentionActivity(db: Db, communityId: number, from: number, to: number, horizon: number) {
  const members = await db
    .selectFrom('members')
    .select(['id', 'first_day'])
    .where('community_id', '=', communityId)
    .where('is_bot', '=', 0)
    .where('first_day', '>=', from)
    .where('first_day', '<=', to)
    .execute();
  // Driven from members, so each member's few days after day 0 are read by primary-key range.
  const activity = await db
    .selectFrom('members')
    .innerJoin('member_days', (join) =>
      join
        .onRef('member_days.community_id', '=', 'members.community_id')
        .onRef('member_days.member_id', '=', 'members.id')
        .onRef('member_days.day', '>', 'members.first_day')
        .on('member_days.day', '<=', sql<number>`members.first_day + ${horizon}`),
    )
    .select(['member_days.member_id', sql<number>`member_days.day - members.first_day`.as('offset')])
    .where('members.community_id', '=', communityId)
    .where('members.first_day', '>=', from)
    .where('members.first_day', '<=', to)
    .execute();
  return { members, activity };
}

export function answeredTimes(db: Db, communityId: number, from: number, to: number) {
  return db
    .selectFrom('questions')
    .select('answer_ms')
    .where('community_id', '=', communityId)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute();
}

export function groupsUpTo(db: Db, communityId: number, day: number) {
  return db
    .selectFrom('groups')
    .select(['id', 'name', 'first_day'])
    .where('community_id', '=', communityId)
    .where('first_day', '<=', day)
    .orderBy('id')
    .execute();
}

export function groupDailyMessages(db: Db, groupIds: number[], to: number) {
  if (groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('group_days')
    .select(['group_id', 'day', 'messages'])
    .where('group_id', 'in', groupIds)
    .where('day', '<=', to)
    .where('messages', '>', 0)
    .execute();
}

/** Daily messages of the given members in the given groups, up to `to`. */
export function memberGroupDailyMessages(db: Db, memberIds: number[], groupIds: number[], to: number) {
  if (memberIds.length === 0 || groupIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('group_member_days')
    .select(['group_id', 'member_id', 'day', 'messages'])
    .where('member_id', 'in', memberIds)
    .where('group_id', 'in', groupIds)
    .where('day', '<=', to)
    .where('messages', '>', 0)
    .execute();
}
