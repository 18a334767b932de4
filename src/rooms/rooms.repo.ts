import { sql } from 'kysely';
import type { Executor } from '../kernel/db/database.js';
import type { RoomMessagesTable } from '../kernel/db/schema-rooms.js';
import type { Insertable } from 'kysely';

/** Kysely queries of the rooms. */

/** Rooms with their group's name and external id. */
function roomsWithGroups(db: Executor) {
  return db
    .selectFrom('rooms as r')
    .innerJoin('groups as g', 'g.id', 'r.group_id')
    .select([
      'r.group_id',
      'r.community_id',
      'r.last_seq',
      'r.rules',
      'r.announcement',
      'r.announcement_seq',
      'r.linked_group_id',
      'r.created_at',
      'g.name',
      'g.external_id',
    ]);
}

export function findRoom(db: Executor, groupId: number) {
  return roomsWithGroups(db).where('r.group_id', '=', groupId).executeTakeFirst();
}

export type RoomWithGroup = NonNullable<Awaited<ReturnType<typeof findRoom>>>;

export function roomsOfCommunity(db: Executor, communityId: number) {
  return roomsWithGroups(db).where('r.community_id', '=', communityId).orderBy('r.group_id').execute();
}

export async function insertRoom(
  trx: Executor,
  room: { communityId: number; externalId: string; name: string; rules: string; linkedGroupId: number | null },
  now: number,
): Promise<number> {
  const { id } = await trx
    .insertInto('groups')
    .values({
      community_id: room.communityId,
      platform: 'web',
      external_id: room.externalId,
      name: room.name,
      created_at: now,
      first_day: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('rooms')
    .values({
      group_id: id,
      community_id: room.communityId,
      last_seq: 0,
      rules: room.rules,
      announcement: null,
      announcement_seq: null,
      linked_group_id: room.linkedGroupId,
      created_at: now,
    })
    .execute();
  return id;
}

/**
 * Whether a member may enter a room: staff added them (and did not remove them since), or they are
 * in the room's group or its linked group (memberships come from their events).
 */
export async function memberStanding(
  db: Executor,
  room: { group_id: number; linked_group_id: number | null },
  memberId: number,
): Promise<'member' | 'removed' | null> {
  const row = await db
    .selectFrom('room_members')
    .select('status')
    .where('group_id', '=', room.group_id)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (row) return row.status === 'removed' ? 'removed' : 'member';
  const groups = room.linked_group_id === null ? [room.group_id] : [room.group_id, room.linked_group_id];
  const membership = await db
    .selectFrom('memberships')
    .select('group_id')
    .where('group_id', 'in', groups)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return membership ? 'member' : null;
}

/** The rooms a member may enter in their community, with their last read seq and unread messages. */
export async function roomsOfMember(db: Executor, communityId: number, memberId: number) {
  const groupsOfMember = db.selectFrom('memberships').select('group_id').where('member_id', '=', memberId);
  return db
    .selectFrom('rooms as r')
    .innerJoin('groups as g', 'g.id', 'r.group_id')
    .leftJoin('room_members as rm', (j) => j.onRef('rm.group_id', '=', 'r.group_id').on('rm.member_id', '=', memberId))
    .leftJoin('room_reads as rr', (j) => j.onRef('rr.group_id', '=', 'r.group_id').on('rr.member_id', '=', memberId))
    .select([
      'r.group_id',
      'g.name',
      'r.last_seq',
      'r.rules',
      'r.announcement',
      'r.linked_group_id',
      'rr.last_read_seq',
      (eb) =>
        eb
          .selectFrom('room_messages as m')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('m.group_id', '=', 'r.group_id')
          .where('m.kind', '=', 'message')
          .where('m.hidden_at', 'is', null)
          .where((e) => e.or([e('m.member_id', 'is', null), e('m.member_id', '!=', memberId)]))
          .where('m.seq', '>', (e) => e.fn.coalesce('rr.last_read_seq', sql.lit(0)))
          .as('unread'),
    ])
    .where('r.community_id', '=', communityId)
    .where((eb) =>
      eb.or([
        eb('rm.status', '=', 'member'),
        eb.and([
          eb('rm.status', 'is', null),
          eb.or([eb('r.group_id', 'in', groupsOfMember), eb('r.linked_group_id', 'in', groupsOfMember)]),
        ]),
      ]),
    )
    .orderBy('r.group_id')
    .execute();
}

/** Raises the room's seq and answers it; the row lock also serialises writers of one room until commit. */
export async function nextSeq(trx: Executor, groupId: number): Promise<number> {
  const row = await trx
    .updateTable('rooms')
    .set((eb) => ({ last_seq: eb('last_seq', '+', 1) }))
    .where('group_id', '=', groupId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/**
 * Takes the room's row lock for a batch of posts (PostgreSQL: writers of one room wait for the
 * commit) and answers its last seq; `setLastSeq` then moves it past the seqs the batch used.
 */
export async function lockRoom(trx: Executor, groupId: number): Promise<number> {
  const row = await trx
    .updateTable('rooms')
    .set((eb) => ({ last_seq: eb.ref('last_seq') }))
    .where('group_id', '=', groupId)
    .returning('last_seq')
    .executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

export async function setLastSeq(trx: Executor, groupId: number, seq: number): Promise<void> {
  await trx.updateTable('rooms').set({ last_seq: seq }).where('group_id', '=', groupId).execute();
}

/** The seqs of the source ids already in the room's log. */
export async function seqsOfSources(db: Executor, groupId: number, sourceIds: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('room_messages')
    .select(['source_id', 'seq'])
    .where('group_id', '=', groupId)
    .where('source_id', 'in', sourceIds)
    .execute();
  return new Map(rows.map((r) => [r.source_id!, Number(r.seq)]));
}

export async function seqOfSource(db: Executor, groupId: number, sourceId: string): Promise<number | null> {
  const row = await db
    .selectFrom('room_messages')
    .select('seq')
    .where('group_id', '=', groupId)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
  return row ? Number(row.seq) : null;
}

export function messageAt(db: Executor, groupId: number, seq: number) {
  return db
    .selectFrom('room_messages')
    .select(['seq', 'member_id', 'source_id', 'data', 'hidden_at', 'thread_seq'])
    .where('group_id', '=', groupId)
    .where('seq', '=', seq)
    .where('kind', '=', 'message')
    .executeTakeFirst();
}

export async function insertEntry(trx: Executor, entry: Insertable<RoomMessagesTable>): Promise<void> {
  await insertEntries(trx, [entry]);
}

export async function insertEntries(trx: Executor, entries: Insertable<RoomMessagesTable>[]): Promise<void> {
  await trx.insertInto('room_messages').values(entries).execute();
}

export async function frameAt(db: Executor, groupId: number, seq: number): Promise<string | null> {
  const row = await db
    .selectFrom('room_messages')
    .select('data')
    .where('group_id', '=', groupId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.data ?? null;
}

/** Log entries after `since`, oldest first: catch-up. */
export function entriesSince(db: Executor, groupId: number, since: number, limit: number) {
  return db
    .selectFrom('room_messages')
    .select(['seq', 'data'])
    .where('group_id', '=', groupId)
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

/** The last messages before `before` (the newest when null), newest first. */
export function messagesBefore(db: Executor, groupId: number, before: number | null, limit: number) {
  let query = db
    .selectFrom('room_messages')
    .select(['seq', 'data'])
    .where('group_id', '=', groupId)
    .where('kind', '=', 'message');
  if (before !== null) query = query.where('seq', '<', before);
  return query.orderBy('seq', 'desc').limit(limit).execute();
}

export function reactionsOn(db: Executor, groupId: number, seqs: number[]) {
  if (seqs.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('room_reactions')
    .select(['seq', 'emoji', 'member_id'])
    .where('group_id', '=', groupId)
    .where('seq', 'in', seqs)
    .orderBy('created_at')
    .execute();
}

/** Adds or takes back a reaction; true when that changed anything. */
export async function setReaction(
  trx: Executor,
  r: { groupId: number; seq: number; memberId: number; emoji: string; on: boolean },
  now: number,
): Promise<boolean> {
  if (r.on) {
    const result = await trx
      .insertInto('room_reactions')
      .values({ group_id: r.groupId, seq: r.seq, member_id: r.memberId, emoji: r.emoji, created_at: now })
      .onConflict((oc) => oc.columns(['group_id', 'seq', 'member_id', 'emoji']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const result = await trx
    .deleteFrom('room_reactions')
    .where('group_id', '=', r.groupId)
    .where('seq', '=', r.seq)
    .where('member_id', '=', r.memberId)
    .where('emoji', '=', r.emoji)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function hideMessage(trx: Executor, groupId: number, seq: number, data: string, now: number) {
  await trx
    .updateTable('room_messages')
    .set({ hidden_at: now, data, text: null, image_key: null })
    .where('group_id', '=', groupId)
    .where('seq', '=', seq)
    .execute();
}

export async function markRead(db: Executor, groupId: number, memberId: number, seq: number, now: number) {
  await db
    .insertInto('room_reads')
    .values({ group_id: groupId, member_id: memberId, last_read_seq: seq, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['group_id', 'member_id']).doUpdateSet((eb) => ({
        last_read_seq: sql<number>`case when ${eb.ref('excluded.last_read_seq')} > ${eb.ref('room_reads.last_read_seq')} then ${eb.ref('excluded.last_read_seq')} else ${eb.ref('room_reads.last_read_seq')} end`,
        updated_at: now,
      })),
    )
    .execute();
}

export async function muteUntil(db: Executor, groupId: number, memberId: number): Promise<number | null> {
  const row = await db
    .selectFrom('room_mutes')
    .select('until')
    .where('group_id', '=', groupId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row ? Number(row.until) : null;
}

export async function upsertMute(
  trx: Executor,
  m: { groupId: number; memberId: number; until: number; reason: string },
  now: number,
) {
  await trx
    .insertInto('room_mutes')
    .values({ group_id: m.groupId, member_id: m.memberId, until: m.until, reason: m.reason, created_at: now })
    .onConflict((oc) =>
      oc.columns(['group_id', 'member_id']).doUpdateSet({ until: m.until, reason: m.reason, created_at: now }),
    )
    .execute();
}

export async function setRoomMember(trx: Executor, groupId: number, memberId: number, status: string, now: number) {
  await trx
    .insertInto('room_members')
    .values({ group_id: groupId, member_id: memberId, status, updated_at: now })
    .onConflict((oc) => oc.columns(['group_id', 'member_id']).doUpdateSet({ status, updated_at: now }))
    .execute();
}

export async function recordModeration(
  trx: Executor,
  m: {
    communityId: number;
    groupId: number;
    action: string;
    targetSeq: number | null;
    memberId: number | null;
    reason: string;
    accountId: number | null;
  },
  now: number,
) {
  await trx
    .insertInto('room_moderation')
    .values({
      community_id: m.communityId,
      group_id: m.groupId,
      action: m.action,
      target_seq: m.targetSeq,
      member_id: m.memberId,
      reason: m.reason,
      account_id: m.accountId,
      created_at: now,
    })
    .execute();
}

export function moderationOf(db: Executor, groupId: number) {
  return db
    .selectFrom('room_moderation as m')
    .leftJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.id', 'm.action', 'm.target_seq', 'm.member_id', 'm.reason', 'm.created_at', 'a.name as author'])
    .where('m.group_id', '=', groupId)
    .orderBy('m.id', 'desc')
    .limit(500)
    .execute();
}

export async function updateRoomTexts(
  trx: Executor,
  groupId: number,
  texts: { rules?: string; announcement?: string | null; announcementSeq: number },
) {
  await trx
    .updateTable('rooms')
    .set({
      ...(texts.rules === undefined ? {} : { rules: texts.rules }),
      ...(texts.announcement === undefined
        ? {}
        : { announcement: texts.announcement, announcement_seq: texts.announcementSeq }),
    })
    .where('group_id', '=', groupId)
    .execute();
}

export async function renameGroup(trx: Executor, groupId: number, name: string) {
  await trx.updateTable('groups').set({ name }).where('id', '=', groupId).execute();
}

// ── Who speaks ─────────────────────────────────────────────────────────────────────────────────

/** Gives a member a web identity (once), so ingest lands their events on them and not on someone new. */
export async function ensureIdentity(
  trx: Executor,
  communityId: number,
  memberId: number,
  externalId: string,
  displayName: string,
) {
  await trx
    .insertInto('identities')
    .values({
      community_id: communityId,
      member_id: memberId,
      platform: 'web',
      external_id: externalId,
      display_name: displayName,
    })
    .onConflict((oc) => oc.columns(['community_id', 'platform', 'external_id']).doNothing())
    .execute();
}

export function memberByIdentity(db: Executor, communityId: number, externalId: string) {
  return db
    .selectFrom('identities as i')
    .innerJoin('members as m', 'm.id', 'i.member_id')
    .select(['m.id', 'm.display_name'])
    .where('i.community_id', '=', communityId)
    .where('i.platform', '=', 'web')
    .where('i.external_id', '=', externalId)
    .executeTakeFirst();
}

/**
 * A member row with its web identity (a staff account's, the bot's), made when `memberByIdentity`
 * found none. Should another transaction have made the same identity meanwhile (PostgreSQL), the
 * row made here is taken back and that member is the answer.
 */
export async function insertWebMember(
  trx: Executor,
  m: { communityId: number; externalId: string; name: string; isBot: boolean; staffRole: string | null },
  now: number,
): Promise<number> {
  const { id } = await trx
    .insertInto('members')
    .values({
      community_id: m.communityId,
      display_name: m.name,
      is_bot: m.isBot ? 1 : 0,
      first_day: null,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const identity = await trx
    .insertInto('identities')
    .values({
      community_id: m.communityId,
      member_id: id,
      platform: 'web',
      external_id: m.externalId,
      display_name: m.name,
    })
    .onConflict((oc) => oc.columns(['community_id', 'platform', 'external_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!identity) {
    await trx.deleteFrom('members').where('id', '=', id).execute();
    return Number((await memberByIdentity(trx, m.communityId, m.externalId))!.id);
  }
  if (m.staffRole)
    await trx
      .insertInto('member_roles')
      .values({ community_id: m.communityId, group_id: null, member_id: id, role: m.staffRole, created_at: now })
      .execute();
  return Number(id);
}

export function memberIn(db: Executor, communityId: number, memberId: number) {
  return db
    .selectFrom('members')
    .select(['id', 'display_name', 'is_bot'])
    .where('id', '=', memberId)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
}

/** The ids of a community's web events, by source id. */
export async function eventIdsOf(
  trx: Executor,
  communityId: number,
  sourceIds: string[],
): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('events')
    .select(['id', 'source_id'])
    .where('community_id', '=', communityId)
    .where('platform', '=', 'web')
    .where('source_id', 'in', sourceIds)
    .execute();
  return new Map(rows.map((r) => [r.source_id, Number(r.id)]));
}
