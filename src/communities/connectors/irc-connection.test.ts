import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { testKeyring } from '../../../test/support/keyring.js';
import { ircMember, startNgircd, type IrcMember, type Ngircd, type Seen } from '../../../test/support/ngircd.js';
import { testServer } from '../../../test/support/server.js';
import { drainOutbox, enqueue } from '../../kernel/outbox/outbox.service.js';

describe.each(databaseKinds)('IRC connector through the app on %s', (_kind, open) => {
  let irc: Ngircd;
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let member: IrcMember | null = null;
  const seen: Seen[] = [];

  beforeAll(async () => {
    irc = await startNgircd();
    store = await open();
    server = await testServer(store, 'irc', { keyring: testKeyring() });
  });
  afterAll(async () => {
    await member?.quit();
    await server?.app.close();
    await store?.dispose();
    await irc?.dispose();
  });

  const settings = () => ({ host: irc.host, port: String(irc.port), tls: 'false', nick: 'campbot', channels: '#camp' });

  it('refuses settings the server does not take (nothing listens on the port)', async () => {
    const payload = { platform: 'irc', name: 'IRC bot', settings: { ...settings(), port: '1' } };
    const refused = await server.as('admin', { method: 'POST', url: '/api/communities/irc/connectors', payload });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('CREDENTIALS_REJECTED');
    expect(server.app.connectors.running()).toEqual([]);
  });

  it('connects a bot that records the channel and delivers the outbox into it', async () => {
    const payload = { platform: 'irc', name: 'IRC bot', settings: settings() };
    const created = await server.as('admin', { method: 'POST', url: '/api/communities/irc/connectors', payload });
    expect(created.statusCode, created.body).toBe(201);
    expect(server.app.connectors.running()).toEqual([created.json().id]);
    expect(created.json().account).toBe(`campbot@${irc.host}`);

    // The runtime started it (joined the channel) before answering.
    member = await ircMember(irc, 'Alice', ['#camp'], seen);
    member.say('#camp', 'good morning');
    const eventsOf = () =>
      store.db
        .selectFrom('events as e')
        .innerJoin('groups as g', 'g.id', 'e.group_id')
        .select(['e.kind', 'e.text', 'e.source_id', 'g.external_id as channel'])
        .orderBy('e.id')
        .execute();
    await expect
      .poll(async () => (await eventsOf()).map((e) => [e.kind, e.channel, e.text]))
      .toEqual([
        ['join', '#camp', null],
        ['message', '#camp', 'good morning'],
      ]);
    const alice = await store.db
      .selectFrom('identities')
      .select('member_id')
      .where('platform', '=', 'irc')
      .where('external_id', '=', 'alice')
      .executeTakeFirstOrThrow();
    const timeline = await server.as('analyst', {
      url: `/api/communities/irc/members/${alice.member_id}/timeline`,
    });
    expect(timeline.statusCode, timeline.body).toBe(200);
    expect(timeline.body).toContain('good morning');
    const listed = await server.as('operator', { url: '/api/communities/irc/connectors' });
    expect(listed.json()[0].health.lastEventAt).not.toBeNull();

    const group = await store.db
      .selectFrom('groups')
      .select('id')
      .where('external_id', '=', '#camp')
      .executeTakeFirstOrThrow();
    await store.db.transaction().execute((trx) =>
      enqueue(
        trx,
        {
          communityId: server.home.id,
          key: 'irc-hello',
          kind: 'test',
          target: { platform: 'irc', groupId: group.id },
          locale: 'en',
          text: 'welcome to the camp',
        },
        Date.now(),
      ),
    );
    expect(await drainOutbox(store, server.app.connectors.dispatchers(), Date.now())).toMatchObject({ sent: 1 });
    await expect
      .poll(() => seen.filter((s) => s.kind === 'privmsg' && s.from === 'campbot').map((s) => s.text))
      .toEqual(['welcome to the camp']);
  });
});
