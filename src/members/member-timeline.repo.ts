import { sql } from 'kysely';
import type { Executor } from '../kernel/db/database.js';

export interface EventRow {
  id: number;
  kind: string;
  occurred_at: number;
  day: number;
  group_id: number;
  text: string | null;
}

/** The groups a member has been seen in, with names. */
export function memberGroups(db: Executor, communityId: number, memberId: number) {
  return db
    .selectFrom('memberships as ms')
    .innerJoin('groups as g', 'g.id', 'ms.group_id')
    .select(['g.id', 'g.name', 'ms.first_day'])
    .where('ms.community_id', '=', communityId)
    .where('ms.member_id', '=', memberId)
    .orderBy('ms.first_day')
    .orderBy('g.id')
    .execute();
}

/** The member's latest `limit` active days in one group on or before `day`, by primary key. */
export async function activeDaysInGroup(
  db: Executor,
  groupId: number,
  memberId: number,
  day: number,
  limit: number,
): Promise<number[]> {
  const rows = await db
    .selectFrom('group_member_days')
    .select('day')
    .where('group_id', '=', groupId)
    .where('member_id', '=', memberId)
    .where('day', '<=', day)
    .orderBy('day', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.day);
}

/**
 * The member's events in one group within [fromMs, toMs) before `before`: a range on the
 * (group_id, occurred_at) index, filtered by member. Events have no member index on purpose
 * (ingest speed), so callers bound the range to days the member was active.
 */
export function memberEventsInGroupQuery(
  db: Executor,
  groupId: number,
  memberId: number,
  fromMs: number,
  toMs: number,
) {
  return db
    .selectFrom('events')
    .select(['id', 'kind', 'occurred_at', 'day', 'group_id', 'text'])
    .where('group_id', '=', groupId)
    .where('occurred_at', '>=', fromMs)
    .where('occurred_at', '<', toMs)
    .where('member_id', '=', memberId);
}

/**
 * The member's latest joins and leaves before `before` (exclusive), through the partial covering
 * index on membership events. The kinds are literals so SQLite can match the index's condition.
 */
export function membershipEventsOf(
  db: Executor,
  communityId: number,
  memberId: number,
  beforeDay: number,
  before: number,
  limit: number,
) {
  return db
    .selectFrom('events')
    .select(['id', 'kind', 'occurred_at', 'day', 'group_id', sql<null>`null`.as('text')])
    .where('community_id', '=', communityId)
    .where(sql<boolean>`kind in ('join', 'leave')`)
    .where('day', '<=', beforeDay)
    .where('member_id', '=', memberId)
    .where('occurred_at', '<', before)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
}

/** Blacklist entries of a member recorded or lifted before `before`. */
export function blacklistOf(db: Executor, communityId: number, memberId: number) {
  return db
    .selectFrom('blacklist')
    .select(['id', 'action', 'reason', 'created_at', 'lifted_at'])
    .where('community_id', '=', communityId)
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .execute();
}
