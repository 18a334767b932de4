import { sql } from 'kysely';
import type { Executor } from '../kernel/db/database.js';

/** Kysely queries for groups and who is in them. Bots never reach the memberships. */

export function listGroups(db: Executor, communityId: number) {
  return db
    .selectFrom('groups')
    .select(['id', 'name', 'platform', 'capacity', 'first_day'])
    .where('community_id', '=', communityId)
    .orderBy('id')
    .execute();
}

export function findGroup(db: Executor, communityId: number, groupId: number) {
  return db
    .selectFrom('groups')
    .select(['id', 'name', 'platform', 'external_id', 'capacity', 'first_day'])
    .where('community_id', '=', communityId)
    .where('id', '=', groupId)
    .executeTakeFirst();
}

export async function updateGroup(
  db: Executor,
  groupId: number,
  patch: { name?: string; capacity?: number },
): Promise<void> {
  if (patch.name === undefined && patch.capacity === undefined) return;
  await db.updateTable('groups').set(patch).where('id', '=', groupId).execute();
}

/** Each (group, member)'s first event day, for members (not bots) whose first event is on or before `day`. */
export function membershipsUpTo(db: Executor, communityId: number, day: number) {
  return db
    .selectFrom('memberships')
    .select(['group_id', 'member_id', 'first_day'])
    .where('community_id', '=', communityId)
    .where('first_day', '<=', day)
    .execute();
}

/** All join and leave events (bots' too: callers only look up members' memberships). */
export function membershipEvents(db: Executor, communityId: number) {
  return (
    db
      .selectFrom('events')
      .select(['id', 'group_id', 'member_id', 'kind', 'day', 'occurred_at'])
      .where('community_id', '=', communityId)
      // Literal values, not bound parameters: only then can SQLite match the partial index's
      // `where kind in ('join', 'leave')` and skip the other millions of events.
      .where(sql<boolean>`kind in ('join', 'leave')`)
      .execute()
  );
}

/** The group of a platform chat, created on first use; its id. */
export async function ensureGroup(
  db: Executor,
  communityId: number,
  group: { platform: string; externalId: string; name: string },
  now: number,
): Promise<number> {
  const known = await db
    .selectFrom('groups')
    .select('id')
    .where('community_id', '=', communityId)
    .where('platform', '=', group.platform)
    .where('external_id', '=', group.externalId)
    .executeTakeFirst();
  if (known) return known.id;
  const { id } = await db
    .insertInto('groups')
    .values({
      community_id: communityId,
      platform: group.platform,
      external_id: group.externalId,
      name: group.name,
      first_day: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function insertGroupRow(
  db: Executor,
  group: { communityId: number; platform: string; externalId: string; name: string; now: number },
): Promise<number> {
  const { id } = await db
    .insertInto('groups')
    .values({
      community_id: group.communityId,
      platform: group.platform,
      external_id: group.externalId,
      name: group.name,
      first_day: null,
      created_at: group.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export function groupByExternalId(db: Executor, communityId: number, platform: string, externalId: string) {
  return db
    .selectFrom('groups')
    .select(['id', 'external_id'])
    .where('community_id', '=', communityId)
    .where('platform', '=', platform)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function setExternalId(db: Executor, groupId: number, externalId: string): Promise<void> {
  await db.updateTable('groups').set({ external_id: externalId }).where('id', '=', groupId).execute();
}
