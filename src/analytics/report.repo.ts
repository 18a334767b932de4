import { sql } from 'kysely';
import type { Db } from '../kernel/db/database.js';
import { STAFF_ROLES } from '../members/roles.rules.js';

/** Kysely queries over the event log's rollups for the report. Bots never reach the rollups. */

export async function eventDayBounds(db: Db, communityId: number): Promise<{ first: number | null; last: number | null }> {
  const row = await db
    .selectFrom('events')
    .select((eb) => [eb.fn.min('day').as('first'), eb.fn.max('day').as('last')])
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return { first: row?.first ?? null, last: row?.last ?? null };
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

/** All join and leave events of members (not bots), oldest first. */
export function membershipEvents(db: Db, communityId: number) {
  return db
    .selectFrom('events')
    .innerJoin('members', 'members.id', 'events.member_id')
    .select(['events.group_id', 'events.member_id', 'events.kind', 'events.day'])
    .where('events.community_id', '=', communityId)
    .where('events.kind', 'in', ['join', 'leave'])
    .where('members.is_bot', '=', 0)
    .orderBy('events.occurred_at')
    .orderBy('events.id')
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
  const activity = await db
    .selectFrom('member_days')
    .innerJoin('members', 'members.id', 'member_days.member_id')
    .select(['member_days.member_id', sql<number>`member_days.day - members.first_day`.as('offset')])
    .where('member_days.community_id', '=', communityId)
    .where('members.first_day', '>=', from)
    .where('members.first_day', '<=', to)
    .where(sql<boolean>`member_days.day > members.first_day and member_days.day <= members.first_day + ${horizon}`)
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

/** Daily messages of staff members in their groups, to subtract from the group totals. */
export function staffDailyMessages(db: Db, communityId: number, to: number) {
  return db
    .selectFrom('member_roles')
    .innerJoin('group_member_days', (join) =>
      join
        .onRef('group_member_days.member_id', '=', 'member_roles.member_id')
        .on((eb) => eb.or([eb('member_roles.group_id', 'is', null), eb('member_roles.group_id', '=', eb.ref('group_member_days.group_id'))])),
    )
    .select(['group_member_days.group_id', 'group_member_days.member_id', 'group_member_days.day', 'group_member_days.messages'])
    .distinct()
    .where('member_roles.community_id', '=', communityId)
    .where('member_roles.role', 'in', STAFF_ROLES)
    .where('group_member_days.day', '<=', to)
    .where('group_member_days.messages', '>', 0)
    .execute();
}
