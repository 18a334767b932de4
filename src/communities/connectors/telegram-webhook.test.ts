import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { testServer } from '../../../test/support/server.js';
import { drainOutbox } from '../../kernel/outbox/outbox.service.js';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import { testKeyring } from '../../../test/support/keyring.js';
import { createMemberFigureRefresh } from '../../server/member-figures.js';

const at = (d: number, hh: number, mm = 0) => wallClockToUtc('Asia/Shanghai', 2024, 6, d, hh, mm);
const CHAT = { id: -1005001, type: 'supergroup', title: '晨跑群' };
const ALICE = { id: 1001, is_bot: false, first_name: 'Alice', last_name: 'Wang', username: 'alicew' };
const BOB = { id: 1002, is_bot: false, first_name: 'Bob' };
const BOT = { id: 1003, is_bot: true, first_name: 'OtherBot' };

describe.each(databaseKinds)('Telegram connector over HTTP on %s', (_kind, open) => {
  let store: TestDatabase;
  let server: Awaited<ReturnType<typeof testServer>>;
  let clock = at(2, 9);
  let webhook: string;
  let secret: string;
  let updateId = 500;
  let messageId = 10;
  let firstCheckin = 0;
  const memberFigures = createMemberFigureRefresh();

  /** The Bot API as the connector meets it: every call recorded, each answered ok. */
  const botCalls: Array<{ url: string; body: Record<string, unknown> }> = [];
  const botApi = (async (url: string, init: RequestInit) => {
    botCalls.push({ url, body: JSON.parse(String(init.body)) });
    const method = url.slice(url.lastIndexOf('/') + 1);
    const result = method === 'getMe' ? { id: 4242, is_bot: true, first_name: 'Camp', username: 'camp_bot' } : {};
    return new Response(JSON.stringify({ ok: true, result }), { status: 200 });
  }) as typeof fetch;

  beforeAll(async () => {
    store = await open();
    server = await testServer(store, 'tg', {
      now: () => clock,
      memberFigures,
      keyring: testKeyring(),
      platformFetch: botApi,
    });
  });
  afterAll(async () => {
    await server?.app.close();
    await store?.dispose();
  });

  /** A real-shaped Update for a message sent at `when`; the server receives it a few seconds later. */
  const message = (from: object, text: string, when: number, extra: object = {}) => ({
    update_id: ++updateId,
    message: { message_id: ++messageId, from, chat: CHAT, date: Math.floor(when / 1000), text, ...extra },
  });
  const deliver = (update: object, token: string | null = secret) => {
    return server.app.inject({
      method: 'POST',
      url: webhook,
      payload: update,
      headers: token === null ? {} : { 'x-telegram-bot-api-secret-token': token },
    });
  };
  const count = async (table: 'events' | 'checkins' | 'outbox') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const ids = async () => {
    const rows = await store.db
      .selectFrom('identities')
      .select(['external_id', 'member_id'])
      .where('platform', '=', 'telegram')
      .execute();
    return Object.fromEntries(rows.map((r) => [r.external_id, r.member_id])) as Record<string, number>;
  };

  it('lets an admin connect a bot, showing the webhook secret once', async () => {
    const payload = { platform: 'telegram', name: 'Camp bot', settings: { token: '123:ABC' } };
    expect(
      (await server.as('operator', { method: 'POST', url: '/api/communities/tg/connectors', payload })).statusCode,
    ).toBe(403);
    const created = await server.as('admin', { method: 'POST', url: '/api/communities/tg/connectors', payload });
    expect(created.statusCode, created.body).toBe(201);
    ({ webhookUrl: webhook, secret } = created.json());
    expect(webhook).toMatch(/^\/api\/connectors\/telegram\/\d+$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const list = await server.as('operator', { url: '/api/communities/tg/connectors' });
    expect(list.json()).toEqual([
      expect.objectContaining({ platform: 'telegram', name: 'Camp bot', webhookUrl: webhook, lastUpdateId: null }),
    ]);
    expect(list.body).not.toContain(secret);
    expect(list.json()[0].health).toEqual({ lastEventAt: null, lastError: null, status: 'waiting' });
  });

  it('refuses a wrong or missing secret (401) and an unknown connector (404), and a body that is no update (400)', async () => {
    clock = at(2, 9);
    const update = message(ALICE, 'hi', at(2, 9));
    expect((await deliver(update, 'wrong-secret')).statusCode).toBe(401);
    expect((await deliver(update, null)).statusCode).toBe(401);
    expect((await server.as('operator', { url: '/api/communities/tg/connectors' })).json()[0].health.lastError).toBe(
      null,
    );
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/connectors/telegram/987654',
          payload: update,
          headers: { 'x-telegram-bot-api-secret-token': secret },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: '/api/connectors/telegram/x1',
          payload: update,
          headers: { 'x-telegram-bot-api-secret-token': secret },
        })
      ).statusCode,
    ).toBe(404);
    expect((await deliver({ message: { text: 'no update id' } })).statusCode).toBe(400);
    expect(await count('events')).toBe(0);
  });

  it('ingests a plain message as a message event only, and learns the chat and its people', async () => {
    clock = at(2, 9, 1);
    const sent: number[] = [];
    for (const [from, text] of [
      [ALICE, '大家好'],
      [BOB, 'hello'],
      [BOT, '#checkin I am a bot'],
    ] as const) {
      const update = message(from, text, at(2, 9));
      const res = await deliver(update);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ ok: true });
      sent.push(update.message.message_id);
    }
    const events = await store.db
      .selectFrom('events')
      .select(['source_id', 'kind', 'text', 'platform'])
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { source_id: `5001:${sent[0]}`, kind: 'message', text: '大家好', platform: 'telegram' },
      { source_id: `5001:${sent[1]}`, kind: 'message', text: 'hello', platform: 'telegram' },
      { source_id: `5001:${sent[2]}`, kind: 'message', text: '#checkin I am a bot', platform: 'telegram' },
    ]);
    const members = await store.db.selectFrom('members').select(['display_name', 'is_bot']).orderBy('id').execute();
    expect(members).toEqual([
      { display_name: 'Alice Wang', is_bot: 0 },
      { display_name: 'Bob', is_bot: 0 },
      { display_name: 'OtherBot', is_bot: 1 },
    ]);
    expect([await count('checkins'), await count('outbox')]).toEqual([0, 0]);
    expect((await server.as('operator', { url: '/api/communities/tg/connectors' })).json()[0].lastUpdateId).toBe(
      updateId,
    );
  });

  it("leaves live members' figures to the schedule: marked by the message, refreshed by the next run", async () => {
    const figures = () =>
      store.db
        .selectFrom('members')
        .select(['display_name', 'tier', 'messages'])
        .where('is_bot', '=', 0)
        .orderBy('id')
        .execute();
    expect(await figures()).toEqual([
      { display_name: 'Alice Wang', tier: null, messages: 0 },
      { display_name: 'Bob', tier: null, messages: 0 },
    ]);
    expect(await memberFigures.refreshDirty(store.db, clock)).toBe(1);
    expect(await figures()).toEqual([
      { display_name: 'Alice Wang', tier: 'observer', messages: 1 },
      { display_name: 'Bob', tier: 'observer', messages: 1 },
    ]);
    // Nothing new since: the next run has nothing to do.
    expect(await memberFigures.refreshDirty(store.db, clock)).toBe(0);
  });

  it('records a #checkin from an enrolled member with source chat, and replies in the group', async () => {
    const group = await store.db
      .selectFrom('groups')
      .select('id')
      .where('external_id', '=', '5001')
      .executeTakeFirstOrThrow();
    const camp = await server.as('operator', {
      method: 'POST',
      url: '/api/communities/tg/camps',
      payload: { template: 'early-riser-21', startDate: '2024-06-03', groupIds: [group.id] },
    });
    expect(camp.statusCode, camp.body).toBe(201);
    const { user1001: alice, user1002: bob } = await ids();
    const enrolled = await server.as('operator', {
      method: 'POST',
      url: `/api/communities/tg/camps/${camp.json().id}/enrolments`,
      payload: { memberIds: [alice, bob] },
    });
    expect(enrolled.json().enrolled).toBe(2);

    clock = at(3, 6, 0) + 3000;
    const checkin = message(ALICE, '#checkin 跑了 5 公里', at(3, 6));
    firstCheckin = checkin.message.message_id;
    expect((await deliver(checkin)).statusCode).toBe(200);
    const stored = await store.db.selectFrom('checkins').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      member_id: alice,
      source: 'chat',
      kind: 'normal',
      text: '跑了 5 公里',
      number: 5,
      idempotency_key: `telegram:5001:${messageId}`,
      at: at(3, 6),
    });
    const events = await store.db
      .selectFrom('events')
      .select(['source_id', 'kind'])
      .where('member_id', '=', alice)
      .orderBy('id')
      .execute();
    expect(events.slice(-2)).toEqual([
      { source_id: `5001:${messageId}`, kind: 'message' },
      { source_id: `checkin:${stored.id}`, kind: 'checkin' },
    ]);
    const replies = await store.db.selectFrom('outbox').selectAll().execute();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({
      kind: 'camp.checkin-reply',
      platform: 'telegram',
      group_id: group.id,
      member_id: alice,
      status: 'pending',
      locale: 'zh-CN',
      text: '「21-day early riser」第 1/21 天打卡成功！已连续打卡 1 天',
    });
    expect(JSON.parse(replies[0].payload)).toMatchObject({ replyToSourceId: `5001:${messageId}`, outcome: 'created' });

    // Telegram retries the same update (our answer was lost): nothing changes.
    const before = [await count('events'), await count('checkins'), await count('outbox')];
    clock += 60_000;
    expect((await deliver(checkin)).statusCode).toBe(200);
    expect([await count('events'), await count('checkins'), await count('outbox')]).toEqual(before);
  });

  it('answers a check-in outside the window, a second one the same day and one after the camp, with the reason', async () => {
    clock = at(3, 9) + 2000;
    expect((await deliver(message(BOB, '打卡', at(3, 9)))).statusCode).toBe(200);
    clock = at(3, 7) + 2000;
    expect((await deliver(message(ALICE, '打卡 again', at(3, 7)))).statusCode).toBe(200);
    clock = at(24, 6) + 2000;
    expect((await deliver(message(BOB, '#checkin', at(24, 6)))).statusCode).toBe(200);
    const { user1002: bob } = await ids();
    expect(await store.db.selectFrom('checkins').select('id').where('member_id', '=', bob).execute()).toEqual([]);
    const replies = await store.db
      .selectFrom('outbox')
      .select(['member_id', 'text', 'payload'])
      .orderBy('id')
      .execute();
    expect(replies.slice(-3).map((r) => [r.member_id, JSON.parse(r.payload).outcome, r.text])).toEqual([
      [
        bob,
        'OUTSIDE_WINDOW',
        '现在不在「21-day early riser」的打卡时间内，打卡时间是每天 05:00–08:00（Asia/Shanghai）',
      ],
      [expect.any(Number), 'ALREADY_CHECKED_IN', '今天已经在「21-day early riser」打过卡啦，明天见！'],
      [bob, 'CAMP_ENDED', '「21-day early riser」已经结束了，感谢你的坚持！'],
    ]);
  });

  it('lists the outbox for operators, newest first, filtered by kind and status', async () => {
    const all = await server.as('operator', { url: '/api/communities/tg/outbox' });
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().map((i: { id: number }) => i.id)).toEqual(
      [...all.json().map((i: { id: number }) => i.id)].sort((a, b) => b - a),
    );
    expect(all.json()).toHaveLength(4);
    expect((await server.as('operator', { url: '/api/communities/tg/outbox?kind=camp.praise' })).json()).toEqual([]);
    expect(
      (await server.as('operator', { url: '/api/communities/tg/outbox?status=pending&limit=1' })).json(),
    ).toHaveLength(1);
    expect((await server.as('analyst', { url: '/api/communities/tg/outbox' })).statusCode).toBe(403);
  });

  it("sends the replies through the Bot API as replies to the members' messages", async () => {
    botCalls.length = 0;
    const result = await drainOutbox(store, server.app.connectors.dispatchers(), at(24, 10));
    expect(result).toEqual({ sent: 4, retrying: 0, failed: 0, deferred: 0 });
    expect(botCalls[0]).toEqual({
      url: 'https://api.telegram.org/bot123:ABC/sendMessage',
      body: {
        chat_id: '-1005001',
        text: '「21-day early riser」第 1/21 天打卡成功！已连续打卡 1 天',
        reply_parameters: { message_id: firstCheckin, allow_sending_without_reply: true },
      },
    });
    expect((await server.as('operator', { url: '/api/communities/tg/outbox?status=sent' })).json()).toHaveLength(4);
  });

  it("shows each connector's health: a failed update after the secret check as failing, class and code only, until the next one goes through", async () => {
    const health = async () =>
      (await server.as('operator', { url: '/api/communities/tg/connectors' })).json()[0].health;
    const before = await health();
    expect(before).toEqual({ lastEventAt: expect.any(String), lastError: null, status: 'ok' });

    // Not a Telegram update (no sender's name), with text that must not reach the row.
    const words = '我的电话 13800000000';
    const malformed = message({ id: 1001 }, words, at(25, 9));
    clock = at(25, 9, 1);
    // A stranger without the secret cannot write to the row.
    expect((await deliver(malformed, 'wrong-secret')).statusCode).toBe(401);
    expect(await health()).toEqual(before);

    const refused = await deliver(malformed);
    expect(refused.statusCode).toBe(400);
    const failing = await health();
    expect(failing).toEqual({
      lastEventAt: before.lastEventAt,
      lastError: { error: 'ValidationError:VALIDATION', at: new Date(clock).toISOString() },
      status: 'failing',
    });
    const row = await store.db
      .selectFrom('connectors')
      .select(['last_error', 'last_error_at'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ last_error: 'ValidationError:VALIDATION', last_error_at: clock });
    for (const text of [JSON.stringify(row), JSON.stringify(failing)]) {
      expect(text).not.toContain('13800000000');
      expect(text).not.toContain('not a Telegram update');
    }

    // The next good update: working again, and the error still shows, older than it.
    clock = at(25, 9, 2);
    expect((await deliver(message(BOB, 'morning', at(25, 9, 2)))).statusCode).toBe(200);
    expect(await health()).toEqual({
      lastEventAt: new Date(clock).toISOString(),
      lastError: failing.lastError,
      status: 'ok',
    });
  });

  it('stores a message with a NUL in it, cleaned, and takes the updates after it (no 500, no retries)', async () => {
    clock = at(26, 9, 1);
    const withNul = message({ ...BOB, first_name: 'Bo\u0000b' }, 'good\u0000 morning\u0007', at(26, 9));
    const res = await deliver(withNul);
    expect(res.statusCode, res.body).toBe(200);
    const next = message(ALICE, 'after it', at(26, 9, 1));
    expect((await deliver(next)).statusCode).toBe(200);
    const texts = await store.db
      .selectFrom('events')
      .select(['source_id', 'text'])
      .where('source_id', 'in', [`5001:${withNul.message.message_id}`, `5001:${next.message.message_id}`])
      .orderBy('id')
      .execute();
    expect(texts.map((e) => e.text)).toEqual(['good morning', 'after it']);
    expect((await server.as('operator', { url: '/api/communities/tg/connectors' })).json()[0].lastUpdateId).toBe(
      updateId,
    );
  });
});
