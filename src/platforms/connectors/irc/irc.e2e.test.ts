import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../../test/support/databases.js';
import { asStream } from '../../../../test/support/events.js';
import { eventLogOf } from '../../../../test/support/event-log.js';
import { ircMember, startNgircd, type IrcMember, type Ngircd, type Seen } from '../../../../test/support/ngircd.js';
import { ingestIntoCommunity } from '../../../communities/imports/import.service.js';
import type { OutboxItem } from '../../../kernel/outbox/dispatcher.js';
import { drainOutbox, enqueue } from '../../../kernel/outbox/outbox.service.js';
import { createRateLimiter } from '../../../kernel/outbox/rate-limiter.js';
import {
  CredentialsRejectedError,
  type ConnectorContext,
  type ConnectorInstance,
  type ParsedUpdate,
} from '../../connector.js';
import { ircConnector, openIrc, type IrcTuning } from './irc.connector.js';
import { IrcConnectionError } from './irc.session.js';

/** Quick reconnection and short waits, so a test sees a restart within a second or two. */
const FAST: IrcTuning = { reconnect: { firstMs: 100, maxMs: 500 }, confirmTimeoutMs: 5000, joinTimeoutMs: 5000 };
const BOT = 'shequnbot';

interface Harness {
  context: ConnectorContext;
  updates: ParsedUpdate[];
  errors: unknown[];
  logs: string[];
}

function harness(
  server: Ngircd,
  addresses: Pick<ConnectorContext, 'chatAddress' | 'identityOf'>,
  channels = '#camp',
): Harness {
  const updates: ParsedUpdate[] = [];
  const errors: unknown[] = [];
  const logs: string[] = [];
  const context: ConnectorContext = {
    connectorId: 1,
    communityId: 1,
    settings: { host: server.host, port: String(server.port), tls: 'false', nick: BOT, channels },
    lastUpdateId: null,
    receive: async (update) => {
      updates.push(update);
    },
    reportError: (error) => errors.push(error),
    ...addresses,
    log: { info: (_fields, message) => logs.push(message), warn: (_fields, message) => logs.push(message) },
  };
  return { context, updates, errors, logs };
}

const summary = (updates: ParsedUpdate[]) =>
  updates.flatMap((u) => u.events).map((e) => [e.kind, e.author.externalId, e.group.externalId, e.text ?? null]);

const heard = (seen: Seen[], kind: Seen['kind'], target: string) =>
  seen.filter((s) => s.kind === kind && s.from === BOT && s.target === target).map((s) => s.text);

let n = 0;
const item = (over: Partial<OutboxItem>): OutboxItem => ({
  id: ++n,
  communityId: 1,
  key: `k${n}`,
  kind: 'test',
  platform: 'irc',
  groupId: 1,
  memberId: null,
  locale: 'en',
  text: '',
  payload: {},
  attempts: 1,
  ...over,
});

describe('IRC connector against ngircd', () => {
  let server: Ngircd;
  const members: IrcMember[] = [];
  let instance: ConnectorInstance | null = null;

  beforeAll(async () => {
    server = await startNgircd();
  });
  afterEach(async () => {
    await instance?.stop();
    instance = null;
    await Promise.all(members.splice(0).map((m) => m.quit()));
  });
  afterAll(async () => {
    await server.dispose();
  });

  const join = async (nick: string, seen?: Seen[]) => {
    const member = await ircMember(server, nick, ['#camp'], seen);
    members.push(member);
    return member;
  };

  it('checks settings live: registers and quits, or names the field at fault', async () => {
    const settings = { host: server.host, port: String(server.port), tls: 'false', nick: 'checkbot', channels: '#x' };
    await expect(ircConnector.check!(settings)).resolves.toEqual({ account: `checkbot@${server.host}` });
    const closed = await startNgircd();
    const port = String(closed.port);
    await closed.dispose();
    await expect(ircConnector.check!({ ...settings, port })).rejects.toMatchObject({ field: 'host' });
    const guarded = await startNgircd({ password: 'letmein' });
    try {
      const at = { ...settings, port: String(guarded.port) };
      await expect(ircConnector.check!({ ...at, password: 'wrong' })).rejects.toBeInstanceOf(CredentialsRejectedError);
      await expect(ircConnector.check!({ ...at, password: 'wrong' })).rejects.toMatchObject({ field: 'password' });
      await expect(ircConnector.check!({ ...at, password: 'letmein' })).resolves.toMatchObject({
        account: /^checkbot@/,
      });
    } finally {
      await guarded.dispose();
    }
  });

  it('turns messages, actions, joins, parts, kicks and quits into events; its own lines and private ones are not', async () => {
    const identities: Record<number, string> = { 7: 'carol' };
    const h = harness(server, {
      chatAddress: async (groupId) => (groupId === 1 ? '#camp' : null),
      identityOf: async (memberId) => identities[memberId] ?? null,
    });
    instance = openIrc(h.context, FAST);
    await instance.start();
    expect(h.logs).toContain('irc channels joined');
    const count = (length: number) => expect.poll(() => h.updates.length).toBe(length);

    const alice = await join('Alice');
    await count(1);
    alice.say('#camp', 'good morning');
    await count(2);
    alice.action('#camp', 'waves');
    await count(3);
    alice.say(BOT, 'a private word');
    const bob = await join('Bob');
    await count(4);
    bob.part('#camp');
    await count(5);
    const dave = await join('Dave');
    await count(6);
    await dave.quit();
    await count(7);
    await join('Carol');
    await count(8);
    await instance.send(item({ text: 'welcome, all' }));
    await instance.send(item({ memberId: 7, text: 'off you go', payload: { action: 'remove' } }));
    await count(9);

    expect(summary(h.updates)).toEqual([
      ['join', 'alice', '#camp', null],
      ['message', 'alice', '#camp', 'good morning'],
      ['message', 'alice', '#camp', 'waves'],
      ['join', 'bob', '#camp', null],
      ['leave', 'bob', '#camp', null],
      ['join', 'dave', '#camp', null],
      ['leave', 'dave', '#camp', null],
      ['join', 'carol', '#camp', null],
      ['leave', 'carol', '#camp', null],
    ]);
    expect(h.updates[1].events[0].author.displayName).toBe('Alice');
    expect(h.updates.every((u) => u.chats[0].address === '#camp' && u.chats[0].externalId === '#camp')).toBe(true);
    expect(h.updates[1].message?.text).toBe('good morning');
    expect(h.updates[0].message).toBeNull();
    const ids = h.updates.map((u) => u.events[0].sourceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^live:#camp:\d+:\d+$/.test(id))).toBe(true);
    await expect.poll(() => heard(alice.seen, 'kick', '#camp')).toEqual(['Carol']);
  });

  it('sends outbox items: to the channel line by line, directly, as a reply, as the topic', async () => {
    const h = harness(server, {
      chatAddress: async (groupId) => (groupId === 1 ? '#camp' : null),
      identityOf: async (memberId) => (memberId === 5 ? 'alice' : null),
    });
    instance = openIrc(h.context, FAST);
    await instance.start();
    const alice = await join('Alice');
    alice.say('#camp', 'is anyone here?');
    await expect.poll(() => h.updates.filter((u) => u.message !== null).length).toBe(1);
    const question = h.updates.find((u) => u.message !== null)!.events[0].sourceId;

    await instance.send(item({ text: 'hello\n\nworld' }));
    await instance.send(item({ groupId: null, memberId: 5, text: 'just for you' }));
    await instance.send(item({ text: 'yes, we are', payload: { replyToSourceId: question } }));
    await instance.send(item({ text: 'Camp day 1\nCheck in by 22:00', payload: { action: 'announce' } }));

    // The server confirmed each send, and relays to others in order: the topic comes last.
    await expect.poll(() => heard(alice.seen, 'topic', '#camp')).toEqual(['Camp day 1 Check in by 22:00']);
    expect(heard(alice.seen, 'privmsg', '#camp')).toEqual(['hello', 'world', 'Alice: yes, we are']);
    expect(heard(alice.seen, 'privmsg', 'Alice')).toEqual(['just for you']);
    expect(h.updates.flatMap((u) => u.events).some((e) => e.author.externalId === BOT)).toBe(false);
  });

  it('gives up a KICK the server refuses (the bot is no channel operator) and retries a failed store', async () => {
    const first = harness(server, { chatAddress: async () => '#camp', identityOf: async () => null });
    instance = openIrc(first.context, FAST); // the first in the channel: its operator
    await instance.start();
    const h = harness(server, { chatAddress: async () => '#camp', identityOf: async () => 'alice' });
    h.context.settings.nick = 'secondbot';
    let failures = 1;
    const stored = h.context.receive;
    h.context.receive = async (update) => {
      if (failures-- > 0) throw new Error('database unavailable');
      await stored(update);
    };
    const second = openIrc(h.context, FAST);
    try {
      await second.start();
      await join('Alice');
      await expect.poll(() => summary(h.updates)).toEqual([['join', 'alice', '#camp', null]]);
      expect(h.errors.map((e) => (e as Error).message)).toEqual(['database unavailable']);
      const refused = await second.send(item({ memberId: 5, payload: { action: 'remove' } })).catch((e) => e);
      expect(refused).toMatchObject({ name: 'OutboxSendError', permanent: true });
      expect((refused as Error).message).toContain('chanop_privs_needed');
    } finally {
      await second.stop();
    }
  });

  it("notes a channel it cannot join on the connector's health, by the server's code", async () => {
    const mallory = await ircMember(server, 'Mallory', ['#locked']);
    members.push(mallory);
    // The server echoes the mode change once it is made: only then is the channel invite-only.
    const locked = new Promise<void>((resolve) => mallory.client.on('mode', () => resolve()));
    mallory.client.raw('MODE', '#locked', '+i');
    await locked;
    const h = harness(server, { chatAddress: async () => null, identityOf: async () => null }, '#locked');
    instance = openIrc(h.context, { ...FAST, joinTimeoutMs: 500 });
    await instance.start();
    expect(h.errors).toContainEqual(
      expect.objectContaining({ name: 'IrcConnectionError', code: 'invite_only_channel' }),
    );
    expect(h.logs).not.toContain('irc channels joined');
  });
});

describe.each(databaseKinds.slice(0, 1))('IRC connector and the outbox when the server dies (%s)', (_kind, open) => {
  let server: Ngircd;
  let store: TestDatabase;
  let instance: ConnectorInstance | null = null;
  let member: IrcMember | null = null;

  beforeAll(async () => {
    server = await startNgircd();
    store = await open();
  });
  afterAll(async () => {
    await instance?.stop();
    await member?.quit();
    await server.dispose();
    await store.dispose();
  });

  it('retries what it could not send, reconnects and rejoins after a restart, and delivers each item once', async () => {
    const t0 = Date.now();
    await ingestIntoCommunity(eventLogOf(store), { community: 'irc', format: 'test', fileName: 'x' }, () =>
      asStream([
        {
          platform: 'irc',
          sourceId: '#camp:2026-01-01:1',
          group: { externalId: '#camp', name: '#camp' },
          author: { externalId: 'alice', displayName: 'Alice' },
          kind: 'message',
          occurredAt: t0,
          text: 'hi',
        },
      ]),
    );
    const community = await store.db.selectFrom('communities').select('id').executeTakeFirstOrThrow();
    const group = await store.db.selectFrom('groups').select('id').executeTakeFirstOrThrow();
    const h = harness(server, {
      chatAddress: async (groupId) => (groupId === group.id ? '#camp' : null),
      identityOf: async () => null,
    });
    instance = openIrc(h.context, FAST);
    await instance.start();
    const seen: Seen[] = [];
    member = await ircMember(server, 'Alice', ['#camp'], seen);
    const dispatcher = { irc: { send: instance.send, limits: ircConnector.limits } };
    const drain = (now: number) => drainOutbox(store, dispatcher, now, 50, createRateLimiter());
    const put = (texts: string[], now: number) =>
      store.db.transaction().execute(async (trx) => {
        for (const text of texts)
          await enqueue(
            trx,
            {
              communityId: community.id,
              key: text,
              kind: 'test',
              target: { platform: 'irc', groupId: group.id },
              locale: 'en',
              text,
            },
            now,
          );
      });

    await put(['before 1', 'before 2'], t0);
    expect(await drain(t0)).toMatchObject({ sent: 2, retrying: 0 });
    await expect.poll(() => heard(seen, 'privmsg', '#camp')).toEqual(['before 1', 'before 2']);

    await server.kill();
    await expect
      .poll(() => h.errors.some((e) => e instanceof IrcConnectionError && e.code === 'connection_lost'))
      .toBe(true);
    await put(['during 1', 'during 2', 'during 3'], t0);
    expect(await drain(t0)).toMatchObject({ sent: 0, retrying: 3, failed: 0 });
    const waiting = await store.db
      .selectFrom('outbox')
      .select(['status', 'attempts'])
      .where('status', '!=', 'sent')
      .execute();
    expect(waiting).toEqual(Array.from({ length: 3 }, () => ({ status: 'pending', attempts: 1 })));

    const joinsBefore = h.logs.filter((m) => m === 'irc channels joined').length;
    await server.restart();
    await expect.poll(() => h.logs.filter((m) => m === 'irc channels joined').length).toBe(joinsBefore + 1);
    member = await ircMember(server, 'Alice', ['#camp'], seen);
    // Due again after their backoff: the drain's clock moves past it.
    const later = t0 + 10 * 60_000;
    expect(await drain(later)).toMatchObject({ sent: 3, retrying: 0, failed: 0 });
    await put(['after'], later);
    expect(await drain(later)).toMatchObject({ sent: 1 });

    await expect.poll(() => heard(seen, 'privmsg', '#camp').at(-1)).toBe('after');
    expect(heard(seen, 'privmsg', '#camp')).toEqual([
      'before 1',
      'before 2',
      'during 1',
      'during 2',
      'during 3',
      'after',
    ]);
    const statuses = await store.db.selectFrom('outbox').select('status').execute();
    expect(statuses.every((s) => s.status === 'sent')).toBe(true);
  });
});
