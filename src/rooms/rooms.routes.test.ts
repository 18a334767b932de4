import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { testServer } from '../../test/support/server.js';
import { seedJoinedMembers } from '../../test/support/shequn-process.js';
import { eventLogOf } from '../../test/support/event-log.js';
import { ensureCommunity } from '../communities/community.service.js';
import type { OutboxSendError } from '../kernel/outbox/dispatcher.js';
import { roomDispatcher, wireRooms } from '../server/rooms.js';
import { MAX_TEXT_CHARS } from './rooms.rules.js';
import type { RoomFrame } from './room-frames.rules.js';
import { DiskBlobStore } from '../kernel/storage/disk-blob-store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SLUG = 'rooms';
const TOKEN = (i: number) => `member-token-${String(i).padStart(8, '0')}`;

describe.each(databaseKinds)('rooms on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let rooms: ReturnType<typeof wireRooms>;
  let memberIds: number[];
  let roomId: number;
  let foreignRoomId: number;
  let clock = Date.UTC(2026, 11, 7, 12);
  const now = () => clock;

  beforeAll(async () => {
    store = await open();
    const eventLog = eventLogOf(store);
    const tokens = new Map<string, { communityId: number; memberId: number }>();
    rooms = wireRooms({
      handle: store,
      eventLog,
      files: new DiskBlobStore(mkdtempSync(join(tmpdir(), 'rooms-files-'))),
      maxImageBytes: 1024,
      memberByToken: async (token) => tokens.get(token) ?? null,
    });
    server = await testServer(store, SLUG, { now, rooms, eventLog });
    await seedJoinedMembers(store, SLUG, 5);
    const rows = await store.db
      .selectFrom('members')
      .select('id')
      .where('community_id', '=', server.home.id)
      .orderBy('id')
      .execute();
    memberIds = rows.map((r) => Number(r.id));
    for (const [i, memberId] of memberIds.entries()) tokens.set(TOKEN(i), { communityId: server.home.id, memberId });
    const g1 = await store.db
      .selectFrom('groups')
      .select('id')
      .where('external_id', '=', 'g1')
      .executeTakeFirstOrThrow();
    const created = await server.as('admin', {
      method: 'POST',
      url: `/api/communities/${SLUG}/rooms`,
      payload: { name: 'Morning readers', rules: 'Be kind.', linkedGroupId: Number(g1.id) },
    });
    expect(created.statusCode, created.body).toBe(201);
    roomId = created.json().groupId;
    const other = await ensureCommunity(store.db, 'elsewhere', undefined, clock);
    foreignRoomId = (await rooms.service.createRoom(other, { name: 'Theirs' }, clock)).groupId;
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  const memberPost = (i: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url: `/api/m/${TOKEN(i)}/rooms/${roomId}/messages`, payload, headers });
  const history = async (query = '') =>
    (await server.as('analyst', { url: `/api/communities/${SLUG}/rooms/${roomId}/messages${query}` })).json() as {
      lastSeq: number;
      frames: RoomFrame[];
    };
  const countEvents = async () =>
    Number(
      (
        await store.db
          .selectFrom('events')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('platform', '=', 'web')
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('lets a member of the linked group see the room and post into it, as themselves, once per client id', async () => {
    const list = await server.app.inject({ url: `/api/m/${TOKEN(0)}/rooms` });
    expect(list.statusCode).toBe(200);
    expect(list.json().rooms).toEqual([
      expect.objectContaining({ groupId: roomId, name: 'Morning readers', unread: 0 }),
    ]);

    const clientId = randomUUID();
    const first = await memberPost(0, { clientId, text: '  Good morning  ' });
    expect(first.statusCode, first.body).toBe(200);
    const again = await memberPost(0, { clientId, text: 'Good morning' });
    expect(again.json()).toEqual({ seq: first.json().seq, duplicate: true });

    const event = await store.db
      .selectFrom('events')
      .selectAll()
      .where('platform', '=', 'web')
      .executeTakeFirstOrThrow();
    expect(Number(event.member_id)).toBe(memberIds[0]);
    expect(event).toMatchObject({ kind: 'message', text: 'Good morning', group_id: roomId });
    expect(await countEvents()).toBe(1);
    const { frames } = await history();
    expect(frames.at(-1)).toMatchObject({
      type: 'message',
      seq: first.json().seq,
      text: 'Good morning',
      member: { id: memberIds[0], staff: false },
      clientId,
    });
  });

  it('posts staff as themselves, flagged staff, and threads replies to the message they answer', async () => {
    const { frames } = await history();
    const target = frames.at(-1)!.seq!;
    const res = await server.as('assistant', {
      method: 'POST',
      url: `/api/communities/${SLUG}/rooms/${roomId}/messages`,
      payload: { clientId: randomUUID(), text: 'Welcome!', replyTo: target },
    });
    expect(res.statusCode, res.body).toBe(200);
    const last = (await history()).frames.at(-1)!;
    expect(last).toMatchObject({ member: { staff: true }, replyTo: target, thread: target });
    const reply = await store.db
      .selectFrom('events')
      .select(['reply_to_source_id', 'thread_source_id', 'member_id'])
      .where('text', '=', 'Welcome!')
      .executeTakeFirstOrThrow();
    expect(reply.reply_to_source_id).toMatch(/^room:m\d+:/);
    const role = await store.db
      .selectFrom('member_roles')
      .select('role')
      .where('member_id', '=', reply.member_id)
      .executeTakeFirst();
    expect(role?.role).toBe('admin');
  });

  it('refuses, in the member’s language, what may not be stored, and stores nothing', async () => {
    const before = await countEvents();
    const long = await memberPost(
      1,
      { clientId: randomUUID(), text: 'x'.repeat(MAX_TEXT_CHARS + 1) },
      { 'accept-language': 'zh-CN,zh;q=0.9' },
    );
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ code: 'ROOM_TEXT_TOO_LONG', message: '消息太长了，最多 4000 个字' });
    const empty = await memberPost(1, { clientId: randomUUID(), text: '  ' }, { 'accept-language': 'en' });
    expect(empty.json()).toMatchObject({ code: 'ROOM_EMPTY', message: 'The message is empty.' });
    const forged = await server.app.inject({ url: `/api/m/not-a-token-at-all-xx/rooms?lang=en` });
    expect(forged.statusCode).toBe(404);
    expect(forged.json().code).toBe('ROOM_LINK_INVALID');
    const foreign = await server.app.inject({
      method: 'POST',
      url: `/api/m/${TOKEN(1)}/rooms/${foreignRoomId}/messages`,
      payload: { clientId: randomUUID(), text: 'hi' },
    });
    expect(foreign.statusCode).toBe(404);
    const staffForeign = await server.as('owner', { url: `/api/communities/${SLUG}/rooms/${foreignRoomId}/messages` });
    expect(staffForeign.statusCode).toBe(404);
    expect(await countEvents()).toBe(before);
  });

  it('limits a member to 5 posts in 10 s in a room', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await memberPost(2, { clientId: randomUUID(), text: `n${i}` })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    clock += 10_000;
    expect((await memberPost(2, { clientId: randomUUID(), text: 'later' })).statusCode).toBe(200);
  });

  it('moderates with a reason: hide, mute, remove, blacklist; each recorded, each refusing the member', async () => {
    const target = (await history()).frames.find((f) => f.text === 'n0')!.seq!;
    const base = `/api/communities/${SLUG}/rooms/${roomId}`;
    const noReason = await server.as('assistant', {
      method: 'POST',
      url: `${base}/messages/${target}/hide`,
      payload: { reason: ' ' },
    });
    expect(noReason.statusCode).toBe(400);
    expect(
      (
        await server.as('assistant', {
          method: 'POST',
          url: `${base}/messages/${target}/hide`,
          payload: { reason: 'spam' },
        })
      ).statusCode,
    ).toBe(200);
    const frames = (await history()).frames;
    expect(frames.find((f) => f.seq === target)).toMatchObject({ hidden: true, text: null });
    const catchUp = await history(`?since=${target}`);
    expect(catchUp.frames.at(-1)).toMatchObject({ type: 'hidden', target });

    const mute = await server.as('assistant', {
      method: 'POST',
      url: `${base}/mutes`,
      payload: { memberId: memberIds[3], minutes: 10, reason: 'flooding' },
    });
    expect(mute.statusCode, mute.body).toBe(200);
    const muted = await memberPost(3, { clientId: randomUUID(), text: 'hello?' }, { 'accept-language': 'en' });
    expect(muted.statusCode).toBe(403);
    expect(muted.json().code).toBe('ROOM_MUTED');

    expect(
      (
        await server.as('operator', {
          method: 'POST',
          url: `${base}/removals`,
          payload: { memberId: memberIds[4], reason: 'left the camp' },
        })
      ).statusCode,
    ).toBe(200);
    expect((await memberPost(4, { clientId: randomUUID(), text: 'hi' })).json().code).toBe('ROOM_REMOVED');
    const list = await server.app.inject({ url: `/api/m/${TOKEN(4)}/rooms` });
    expect(list.json().rooms).toEqual([]);

    expect(
      (
        await server.as('operator', {
          method: 'POST',
          url: `${base}/blacklist`,
          payload: { memberId: memberIds[1], reason: 'abuse' },
        })
      ).statusCode,
    ).toBe(200);
    expect((await memberPost(1, { clientId: randomUUID(), text: 'hi' })).statusCode).toBe(403);
    const log = (await server.as('analyst', { url: `${base}/moderation` })).json() as Array<{
      action: string;
      reason: string;
    }>;
    expect(log.map((m) => [m.action, m.reason])).toEqual([
      ['blacklist', 'abuse'],
      ['remove', 'left the camp'],
      ['mute', 'flooding'],
      ['hide', 'spam'],
    ]);
  });

  it('counts reactions, read positions and unread messages', async () => {
    const target = (await history()).frames.find((f) => f.text === 'Good morning')!.seq!;
    const react = await server.app.inject({
      method: 'POST',
      url: `/api/m/${TOKEN(2)}/rooms/${roomId}/reactions`,
      payload: { target, emoji: '👍', on: true },
    });
    expect(react.statusCode, react.body).toBe(200);
    const bad = await server.app.inject({
      method: 'POST',
      url: `/api/m/${TOKEN(2)}/rooms/${roomId}/reactions`,
      payload: { target, emoji: '<b>', on: true },
    });
    expect(bad.json().code).toBe('ROOM_BAD_REACTION');
    const page = (await server.app.inject({ url: `/api/m/${TOKEN(2)}/rooms/${roomId}/messages` })).json() as {
      frames: RoomFrame[];
      lastSeq: number;
    };
    expect(page.frames.find((f) => f.seq === target)!.reactions).toEqual([{ emoji: '👍', count: 1, mine: true }]);
    const before = (await server.app.inject({ url: `/api/m/${TOKEN(0)}/rooms` })).json().rooms[0];
    expect(before.unread).toBeGreaterThan(0);
    const read = await server.app.inject({
      method: 'PUT',
      url: `/api/m/${TOKEN(0)}/rooms/${roomId}/read`,
      payload: { seq: page.lastSeq },
    });
    expect(read.json()).toEqual({ lastReadSeq: page.lastSeq });
    expect((await server.app.inject({ url: `/api/m/${TOKEN(0)}/rooms` })).json().rooms[0].unread).toBe(0);
  });

  it('pins an announcement the room hears of, and posts outbox items as the bot', async () => {
    const res = await server.as('assistant', {
      method: 'PATCH',
      url: `/api/communities/${SLUG}/rooms/${roomId}`,
      payload: { announcement: 'Camp starts Monday' },
    });
    expect(res.json()).toMatchObject({ announcement: 'Camp starts Monday', rules: 'Be kind.' });
    expect((await history('?since=0&limit=500')).frames.at(-1)).toMatchObject({
      type: 'announcement',
      announcement: 'Camp starts Monday',
    });

    const dispatcher = roomDispatcher(rooms);
    const item = {
      id: 1,
      communityId: server.home.id,
      key: 'k1',
      kind: 'camp.reminder',
      platform: 'web',
      groupId: roomId,
      memberId: null,
      locale: 'en',
      text: 'Reminder',
      payload: {},
      attempts: 1,
    };
    await dispatcher.send(item);
    await dispatcher.send(item);
    const bots = (await history()).frames.filter((f) => f.text === 'Reminder');
    expect(bots).toHaveLength(1);
    await expect(dispatcher.send({ ...item, key: 'k2', groupId: null, memberId: memberIds[0] })).rejects.toMatchObject({
      permanent: true,
    } satisfies Partial<OutboxSendError>);
  });

  it('delivers live over the WebSocket: catch-up after a seq, then frames; acks a post after commit', async () => {
    const address = await server.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address.replace('http', 'ws')}/api/rooms/socket?token=${TOKEN(0)}`;
    const socket = new WebSocket(url);
    const received: Array<Record<string, unknown>> = [];
    const waitFor = (check: (f: Record<string, unknown>) => boolean) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(received)}`)), 5000);
        const look = () => {
          const found = received.find(check);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          } else setTimeout(look, 10);
        };
        look();
      });
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    await new Promise((resolve) => socket.once('open', resolve));
    const { lastSeq } = await history();
    socket.send(JSON.stringify({ type: 'subscribe', room: roomId, since: lastSeq - 2 }));
    await waitFor((f) => f.type === 'subscribed');
    expect(received.filter((f) => typeof f.seq === 'number').map((f) => f.seq)).toEqual([lastSeq - 1, lastSeq]);

    const staffPost = await server.as('assistant', {
      method: 'POST',
      url: `/api/communities/${SLUG}/rooms/${roomId}/messages`,
      payload: { clientId: randomUUID(), text: 'live one' },
    });
    await waitFor((f) => f.text === 'live one' && f.seq === staffPost.json().seq);

    const clientId = randomUUID();
    socket.send(JSON.stringify({ type: 'post', room: roomId, clientId, text: 'from the socket' }));
    const ack = await waitFor((f) => f.type === 'ack');
    expect(ack).toMatchObject({ clientId, duplicate: false });
    await waitFor((f) => f.type === 'message' && f.clientId === clientId);
    socket.send(JSON.stringify({ type: 'post', room: roomId, clientId: 'nope', text: 'x' }));
    expect(await waitFor((f) => f.type === 'error')).toMatchObject({ code: 'ROOM_BAD_CLIENT_ID' });
    socket.close();

    const anonymous = new WebSocket(`${address.replace('http', 'ws')}/api/rooms/socket`);
    const closed = await new Promise<number>((resolve) => anonymous.once('close', (code) => resolve(code)));
    expect(closed).toBe(4401);

    // Staff by their session cookie, from the console's own origin only.
    const { cookie } = await server.session('assistant');
    const base = `${address.replace('http', 'ws')}/api/rooms/socket`;
    const foreign = new WebSocket(base, { headers: { cookie, origin: 'https://elsewhere.example' } });
    expect(await new Promise<number>((resolve) => foreign.once('close', (code) => resolve(code)))).toBe(4401);
    const staff = new WebSocket(base, { headers: { cookie, origin: address } });
    const ready = await new Promise<Record<string, unknown>>((resolve) =>
      staff.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    expect(ready).toEqual({ type: 'ready', memberId: null });
    staff.close();
  });
});
