import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { eventLogOf } from '../../test/support/event-log.js';
import { seedJoinedMembers } from '../../test/support/shequn-process.js';
import { getCommunity } from '../communities/community.service.js';
import type { Community } from '../kernel/db/schema.js';
import { DiskBlobStore } from '../kernel/storage/disk-blob-store.js';
import { wireRooms } from '../server/rooms.js';
import type { RoomFrame } from './room-frames.rules.js';
import type { MemberActor } from './rooms.types.js';

const SLUG = 'batches';
const MEMBERS = 40;

describe.each(databaseKinds)('room posts in group commits on %s', (_kind, open) => {
  let store: TestDatabase;
  let rooms: ReturnType<typeof wireRooms>;
  let community: Community;
  let actors: MemberActor[];
  const roomIds: number[] = [];
  /** Every message frame the rooms' sockets were sent, per room, in order. */
  const heard = new Map<number, number[]>();
  const now = Date.UTC(2026, 11, 7, 12);

  beforeAll(async () => {
    store = await open();
    rooms = wireRooms({
      handle: store,
      eventLog: eventLogOf(store),
      files: new DiskBlobStore(mkdtempSync(join(tmpdir(), 'room-posts-'))),
      maxImageBytes: 1024,
      memberByToken: async () => null,
    });
    await seedJoinedMembers(store, SLUG, MEMBERS);
    community = await getCommunity(store.db, SLUG);
    const members = await store.db
      .selectFrom('members')
      .select(['id', 'display_name'])
      .where('community_id', '=', community.id)
      .orderBy('id')
      .execute();
    actors = members.map((m) => ({
      kind: 'member',
      community,
      memberId: Number(m.id),
      name: m.display_name,
      locale: 'en',
    }));
    const g1 = await store.db
      .selectFrom('groups')
      .select('id')
      .where('external_id', '=', 'g1')
      .executeTakeFirstOrThrow();
    for (const name of ['one', 'two', 'three']) {
      const { groupId } = await rooms.service.createRoom(community, { name, linkedGroupId: Number(g1.id) }, now);
      roomIds.push(groupId);
      heard.set(groupId, []);
      rooms.live.hub.join(groupId, {
        memberId: 0,
        held: null,
        socket: {
          bufferedAmount: 0,
          close: () => {},
          send: (data: string) => {
            const frame = JSON.parse(data) as RoomFrame;
            if (frame.type === 'message') heard.get(groupId)!.push(frame.seq!);
          },
        },
      });
    }
  });
  afterAll(async () => {
    await store?.dispose();
  });

  const post = (member: number, room: number, input: { clientId?: string; replyTo?: number } = {}) =>
    rooms.service.post(
      actors[member],
      room,
      { clientId: input.clientId ?? randomUUID(), text: `post of ${member}`, replyTo: input.replyTo ?? null },
      now,
    );

  const logOf = async (room: number) =>
    (
      await store.db
        .selectFrom('room_messages')
        .select(['seq', 'source_id', 'event_id'])
        .where('group_id', '=', room)
        .orderBy('seq')
        .execute()
    ).map((r) => ({ seq: Number(r.seq), sourceId: r.source_id, eventId: r.event_id }));

  it('stores concurrent posts into several rooms once each, with gapless seqs and frames in seq order', async () => {
    const posted = await Promise.all(actors.map((_, i) => post(i, roomIds[i % roomIds.length])));
    expect(posted.every((p) => !p.duplicate)).toBe(true);
    for (const room of roomIds) {
      const log = await logOf(room);
      const count = actors.filter((_, i) => roomIds[i % roomIds.length] === room).length;
      expect(log.map((e) => e.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect(log.every((e) => e.eventId !== null)).toBe(true);
      expect(heard.get(room)).toEqual(log.map((e) => e.seq));
      const lastSeq = await store.db
        .selectFrom('rooms')
        .select('last_seq')
        .where('group_id', '=', room)
        .executeTakeFirst();
      expect(Number(lastSeq?.last_seq)).toBe(count);
    }
    const events = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('community_id', '=', community.id)
      .where('platform', '=', 'web')
      .executeTakeFirstOrThrow();
    expect(Number(events.n)).toBe(MEMBERS);
  });

  it('refuses a bad post of a batch alone, and answers a copy in the same batch with the first seq', async () => {
    const room = roomIds[0];
    const before = (await logOf(room)).length;
    const clientId = randomUUID();
    const results = await Promise.allSettled([
      post(0, room),
      post(1, room, { replyTo: 999_999 }),
      post(2, room, { clientId }),
      post(2, room, { clientId }),
      post(3, room, { replyTo: 1 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'ROOM_MESSAGE_NOT_FOUND' });
    const [first, , copy, again, reply] = results.map((r) => (r.status === 'fulfilled' ? r.value : null));
    // Whichever copy reached the batch first is stored; the other answers its seq.
    expect(again!.seq).toBe(copy!.seq);
    expect([copy!.duplicate, again!.duplicate].sort()).toEqual([false, true]);
    expect([first!.seq, copy!.seq, reply!.seq].sort((a, b) => a - b)).toEqual([before + 1, before + 2, before + 3]);
    const log = await logOf(room);
    expect(log.map((e) => e.seq)).toEqual(Array.from({ length: before + 3 }, (_, i) => i + 1));
    expect(heard.get(room)).toEqual(log.map((e) => e.seq));
  });
});
