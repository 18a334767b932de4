import { sql } from 'kysely';
import type { Executor } from '../kernel/db/database.js';
import { addCount, countDeleted, isoTime, scrubColumn, type TableCounts } from '../kernel/db/scrub.js';
import { type MemberDataPart, REMOVED_TEXT, anonymousName } from '../members/data/member-data.types.js';

/** The community's rooms: a member's uploads live in one folder per room (`rooms/<room>/m<member>/`). */
async function roomsOf(db: Executor, communityId: number): Promise<number[]> {
  const rows = await db.selectFrom('rooms').select('group_id').where('community_id', '=', communityId).execute();
  return rows.map((r) => Number(r.group_id));
}

const uploadFolders = (rooms: number[], ids: number[]) =>
  rooms.flatMap((room) => ids.map((member) => `rooms/${room}/m${member}/`));

/** A message's log entry as clients replay it, with the author's name, text and image taken out. */
function anonymisedFrame(data: string | null, name: string): string | null {
  if (data === null) return null;
  const frame = JSON.parse(data) as Record<string, unknown>;
  if (frame.member && typeof frame.member === 'object') frame.member = { ...(frame.member as object), name };
  if (typeof frame.text === 'string') frame.text = REMOVED_TEXT;
  if ('image' in frame) frame.image = null;
  return JSON.stringify(frame);
}

/**
 * Rooms' part of a member's data rights (members' `MemberDataPart`, wired in server/member-data.ts):
 * posts with links to their images, reactions, read positions, mutes, room memberships and the
 * moderation taken on them.
 */
export const roomMemberData: MemberDataPart = {
  async exportOf(db, { community, memberIds: ids }) {
    const posts = await db
      .selectFrom('room_messages as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select([
        'm.group_id',
        'g.name',
        'm.seq',
        'm.kind',
        'm.text',
        'm.image_key',
        'm.member_id',
        'm.hidden_at',
        'm.created_at',
      ])
      .where('m.member_id', 'in', ids)
      .where('m.kind', '=', 'message')
      .orderBy('m.created_at')
      .execute();
    const of = <T extends 'room_reactions' | 'room_reads' | 'room_mutes' | 'room_members' | 'room_moderation'>(t: T) =>
      db
        .selectFrom(t as 'room_mutes')
        .selectAll()
        .where('member_id', 'in', ids)
        .execute() as Promise<Array<Record<string, any>>>;
    const room = (id: number) => `/api/communities/${community.slug}/rooms/${id}`;
    return {
      rooms: {
        posts: posts.map((p) => ({
          roomId: Number(p.group_id),
          room: p.name,
          seq: Number(p.seq),
          at: isoTime(p.created_at),
          text: p.text,
          image: p.image_key ? `${room(Number(p.group_id))}/images/m${p.member_id}/${p.image_key}` : null,
          hiddenAt: isoTime(p.hidden_at),
        })),
        reactions: (await of('room_reactions')).map((r) => ({
          roomId: Number(r.group_id),
          seq: Number(r.seq),
          emoji: r.emoji,
          at: isoTime(r.created_at),
        })),
        reads: (await of('room_reads')).map((r) => ({
          roomId: Number(r.group_id),
          lastReadSeq: Number(r.last_read_seq),
        })),
        mutes: (await of('room_mutes')).map((r) => ({
          roomId: Number(r.group_id),
          until: isoTime(r.until),
          reason: r.reason,
        })),
        memberships: (await of('room_members')).map((r) => ({ roomId: Number(r.group_id), status: r.status })),
        moderation: (await of('room_moderation')).map((r) => ({
          roomId: Number(r.group_id),
          action: r.action,
          reason: r.reason,
          at: isoTime(r.created_at),
        })),
      },
    };
  },

  async anonymise(trx, { community, memberIds: ids }, scrub) {
    const counts: TableCounts = {};
    const name = anonymousName(ids[0]);
    const own = await trx
      .selectFrom('room_messages')
      .select(['group_id', 'seq', 'text', 'data'])
      .where('member_id', 'in', ids)
      .execute();
    for (const m of own)
      await trx
        .updateTable('room_messages')
        .set({
          text: m.text === null ? null : REMOVED_TEXT,
          data: anonymisedFrame(m.data, name),
          image_key: null,
          image_width: null,
          image_height: null,
          image_bytes: null,
        })
        .where('group_id', '=', m.group_id)
        .where('seq', '=', m.seq)
        .execute();
    addCount(counts, 'room_messages', own.length);
    const inRooms = sql`group_id in (select group_id from rooms where community_id = ${community.id})`;
    for (const column of ['text', 'data'])
      addCount(counts, 'room_messages', await scrubColumn(trx, 'room_messages', column, inRooms, scrub));
    addCount(counts, 'room_moderation', await scrubColumn(trx, 'room_moderation', 'reason', inRooms, scrub));
    addCount(counts, 'room_mutes', await scrubColumn(trx, 'room_mutes', 'reason', inRooms, scrub));
    for (const column of ['announcement', 'rules'])
      addCount(counts, 'rooms', await scrubColumn(trx, 'rooms', column, sql`community_id = ${community.id}`, scrub));
    return { counts, blobPrefixes: uploadFolders(await roomsOf(trx, community.id), ids) };
  },

  async remove(trx, { community, memberIds: ids }) {
    const counts: TableCounts = {};
    // Others' reactions to the member's posts go with the posts.
    const posts = await trx
      .selectFrom('room_messages')
      .select(['group_id', 'seq'])
      .where('member_id', 'in', ids)
      .execute();
    for (const p of posts)
      await countDeleted(
        counts,
        'room_reactions',
        trx
          .deleteFrom('room_reactions')
          .where('group_id', '=', p.group_id)
          .where('seq', '=', p.seq)
          .executeTakeFirstOrThrow(),
      );
    for (const table of [
      'room_reactions',
      'room_reads',
      'room_mutes',
      'room_members',
      'room_moderation',
      'room_messages',
    ] as const)
      await countDeleted(
        counts,
        table,
        trx
          .deleteFrom(table as 'room_reads')
          .where('member_id', 'in', ids)
          .executeTakeFirstOrThrow(),
      );
    return { counts, blobPrefixes: uploadFolders(await roomsOf(trx, community.id), ids) };
  },
};
