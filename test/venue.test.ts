import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../src/kernel/outbox/outbox.service.js';
import { drainOutbox } from '../src/kernel/outbox/outbox.service.js';
import { databaseKinds, type TestDatabase } from './support/databases.js';
import { testKeyring } from './support/keyring.js';
import { ircMember, startNgircd, type IrcMember, type Ngircd, type Seen } from './support/ngircd.js';
import { testServer } from './support/server.js';
import { seedJoinedMembers } from './support/shequn-process.js';

/*
 * Issue 17's "done when": a community lives in the built-in web community and in an IRC channel
 * at once. Events from both land on one member once they link their accounts, the person counts
 * once in the report, the outbox sends into both, and staff moderate the room.
 */
describe.each(databaseKinds)('one community in a web room and an IRC channel on %s', (_kind, open) => {
  const SLUG = 'venue';
  let irc: Ngircd;
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let ircAlice: IrcMember | null = null;
  const seen: Seen[] = [];
  let today: string;
  let token: string;
  let memberId: number;
  let enrolledMemberId: number;
  let roomId: number;
  let channelGroupId: number;

  beforeAll(async () => {
    irc = await startNgircd();
    store = await open();
    server = await testServer(store, SLUG, { keyring: testKeyring() });
    ({ today } = await seedJoinedMembers(store, SLUG, 3));
  });
  afterAll(async () => {
    await ircAlice?.quit();
    await server?.app.close();
    await store?.dispose();
    await irc?.dispose();
  });

  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    server.as('admin', { method, url: `/api/communities/${SLUG}${url}`, ...(payload ? { payload } : {}) });
  const activeToday = async () => {
    const report = await api('GET', `/report?from=${today}&to=${today}`);
    expect(report.statusCode, report.body).toBe(200);
    return (report.json().daily as Array<{ date: string; activeMembers: number }>).find((d) => d.date === today)
      ?.activeMembers;
  };

  it('opens a room over the group and gives its members their personal links', async () => {
    const g1 = (await api('GET', '/groups')).json()[0].id as number;
    const room = await api('POST', '/rooms', { name: 'Camp room', rules: 'Be kind.', linkedGroupId: g1 });
    expect(room.statusCode, room.body).toBe(201);
    roomId = room.json().groupId;
    const start = new Date(Date.parse(today) - 86_400_000).toISOString().slice(0, 10);
    const camp = await api('POST', '/camps', {
      template: 'custom',
      name: 'Readers',
      startDate: start,
      lengthDays: 21,
      window: { start: '00:00', end: '24:00' },
      groupIds: [g1],
    });
    expect(camp.statusCode, camp.body).toBe(201);
    const enrolled = await api('POST', `/camps/${camp.json().id}/enrolments`, { groupId: g1 });
    const first = enrolled.json().members[0] as { link: string; memberId: number };
    token = first.link.replace(/^.*\/m\//, '');
    enrolledMemberId = first.memberId;
    const rooms = await server.app.inject({ url: `/api/m/${token}/rooms` });
    expect(rooms.json().rooms).toEqual([expect.objectContaining({ groupId: roomId, unread: 0 })]);
  });

  it('takes the web room and the IRC channel into one log; the person links their IRC nick with a bind code', async () => {
    const posted = await server.app.inject({
      method: 'POST',
      url: `/api/m/${token}/rooms/${roomId}/messages`,
      payload: { clientId: randomUUID(), text: 'hello from the browser' },
    });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json()).toEqual({ seq: expect.any(Number), duplicate: false });
    memberId = (await authorOf('hello from the browser'))!;
    expect(memberId).toBe(enrolledMemberId);

    const connector = await api('POST', '/connectors', {
      platform: 'irc',
      name: 'IRC bot',
      settings: { host: irc.host, port: String(irc.port), tls: 'false', nick: 'campbot', channels: '#camp' },
    });
    expect(connector.statusCode, connector.body).toBe(201);
    ircAlice = await ircMember(irc, 'alice', ['#camp'], seen);
    ircAlice.say('#camp', 'hello from IRC');
    await expect.poll(() => authorOf('hello from IRC')).not.toBeNull();
    expect(await authorOf('hello from IRC')).not.toBe(memberId);
    // Two people as far as Shequn knows.
    expect(await activeToday()).toBe(2);

    const code = await server.app.inject({ method: 'POST', url: `/api/m/${token}/bind-code` });
    expect(code.statusCode, code.body).toBe(201);
    ircAlice.say('#camp', `bind ${code.json().code}`);
    await expect.poll(() => authorOf('hello from IRC')).toBe(memberId);

    const timeline = await api('GET', `/members/${memberId}/timeline`);
    expect(timeline.body).toContain('hello from the browser');
    expect(timeline.body).toContain('hello from IRC');
    expect(await activeToday()).toBe(1);
    channelGroupId = Number(
      (await store.db.selectFrom('groups').select('id').where('external_id', '=', '#camp').executeTakeFirstOrThrow())
        .id,
    );
  });

  it('sends the outbox into both the room and the channel', async () => {
    const now = Date.now();
    await store.db.transaction().execute(async (trx) => {
      for (const [key, platform, groupId] of [
        ['venue:web', 'web', roomId],
        ['venue:irc', 'irc', channelGroupId],
      ] as const)
        await enqueue(
          trx,
          {
            communityId: server.home.id,
            key,
            kind: 'test.notice',
            target: { platform, groupId },
            locale: 'en',
            text: 'Live session at 20:00',
          },
          now,
        );
    });
    const drained = await drainOutbox(store, server.app.outboxDispatchers(), now);
    // The third: the bind code's confirmation, a direct message to the IRC nick.
    expect(drained).toMatchObject({ sent: 3, failed: 0 });
    const history = await api('GET', `/rooms/${roomId}/messages`);
    expect(history.json().frames.map((f: { text: string | null }) => f.text)).toContain('Live session at 20:00');
    await expect
      .poll(() => seen.filter((s) => s.kind === 'privmsg' && s.target === '#camp').map((s) => s.text))
      .toContain('Live session at 20:00');
    expect(seen.some((s) => s.kind === 'privmsg' && s.target.toLowerCase() === 'alice')).toBe(true);
  });

  it('lets staff hide a message in the room with a reason, which every member then sees hidden', async () => {
    const frames = (await api('GET', `/rooms/${roomId}/messages`)).json().frames as Array<{
      seq: number;
      text: string | null;
    }>;
    const target = frames.find((f) => f.text === 'hello from the browser')!;
    const hidden = await api('POST', `/rooms/${roomId}/messages/${target.seq}/hide`, { reason: 'off topic' });
    expect(hidden.statusCode, hidden.body).toBeLessThan(300);
    const asMember = await server.app.inject({ url: `/api/m/${token}/rooms/${roomId}/messages` });
    const after = (asMember.json().frames as Array<{ seq: number; hidden: boolean; text: string | null }>).find(
      (f) => f.seq === target.seq,
    );
    expect(after).toMatchObject({ hidden: true, text: null });
  });

  /** The member whose event carries `text`, or null before it is stored. */
  async function authorOf(text: string): Promise<number | null> {
    const row = await store.db
      .selectFrom('events')
      .select('member_id')
      .where('community_id', '=', server.home.id)
      .where('text', '=', text)
      .executeTakeFirst();
    return row?.member_id ?? null;
  }
});
