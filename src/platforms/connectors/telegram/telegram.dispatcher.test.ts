import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../../test/support/databases.js';
import { asStream } from '../../../../test/support/events.js';
import { OutboxSendError, type OutboxItem } from '../../../kernel/outbox/dispatcher.js';
import { ingestIntoCommunity } from '../../../communities/imports/import.service.js';
import { insertConnector, upsertChat } from '../../../communities/connectors/connectors.repo.js';
import { TELEGRAM_LIMITS, telegramSender } from './telegram.dispatcher.js';
import { chatAddressOf } from '../../../communities/connectors/connectors.repo.js';
import { identityOf } from '../../../kernel/outbox/addresses.js';
import { eventLogOf } from '../../../../test/support/event-log.js';

const TOKEN = '4242:SECRET-TOKEN';
const T0 = Date.UTC(2024, 5, 1);

describe.each(databaseKinds)('Telegram dispatcher on %s', (_kind, open) => {
  let store: TestDatabase;
  let base: Omit<OutboxItem, 'groupId' | 'memberId'>;
  let ids: { group: number; unknownGroup: number; person: number; nameOnly: number };
  let addresses: Parameters<typeof telegramSender>[0]['addresses'];

  beforeAll(async () => {
    store = await open();
    const event = (group: string, who: string, n: number) => ({
      platform: 'telegram' as const,
      sourceId: `${group}:${n}`,
      group: { externalId: group, name: group },
      author: { externalId: who, displayName: who },
      kind: 'message' as const,
      occurredAt: T0,
      text: 'hi',
    });
    await ingestIntoCommunity(eventLogOf(store), { community: 'tg', format: 'test', fileName: 'x' }, () =>
      asStream([event('5001', 'user77', 1), event('6001', 'name:Carol', 2)]),
    );
    const community = await store.db.selectFrom('communities').select('id').executeTakeFirstOrThrow();
    const groups = Object.fromEntries(
      (await store.db.selectFrom('groups').select(['id', 'external_id']).execute()).map((g) => [g.external_id, g.id]),
    );
    const members = Object.fromEntries(
      (await store.db.selectFrom('identities').select(['member_id', 'external_id']).execute()).map((i) => [
        i.external_id,
        i.member_id,
      ]),
    );
    const connectorId = await insertConnector(store.db, {
      community_id: community.id,
      platform: 'telegram',
      name: 'bot',
      secret_digest: 'x',
      created_at: T0,
      last_update_id: null,
      last_update_at: null,
    });
    await upsertChat(store.db, { connectorId, groupId: groups['5001'], address: '-1005001', now: T0 });
    addresses = {
      chatAddress: (groupId) => chatAddressOf(store.db, connectorId, groupId),
      identityOf: (memberId) => identityOf(store.db, community.id, 'telegram', memberId),
    };
    ids = {
      group: groups['5001'],
      unknownGroup: groups['6001'],
      person: members.user77,
      nameOnly: members['name:Carol'],
    };
    base = {
      id: 1,
      communityId: community.id,
      key: 'k',
      kind: 'camp.reminder',
      platform: 'telegram',
      locale: 'en',
      text: 'Check in!',
      payload: {},
      attempts: 1,
    };
  });
  afterAll(async () => {
    await store?.dispose();
  });

  const answering = (status: number, body: object, calls: unknown[] = []) =>
    telegramSender({
      token: TOKEN,
      addresses,
      fetch: (async (_url: string, init: RequestInit) => {
        calls.push(JSON.parse(String(init.body)));
        return new Response(JSON.stringify(body), { status });
      }) as typeof fetch,
    });

  it("declares Telegram's rate limits: 30 messages a second in all, 20 a minute into one group", () => {
    expect(TELEGRAM_LIMITS).toEqual({
      overall: { count: 30, perMs: 1000 },
      perGroup: { count: 20, perMs: 60_000 },
    });
  });

  it("posts to the group's Bot API chat id, and direct messages to the member's user id", async () => {
    const calls: unknown[] = [];
    const ok = answering(200, { ok: true }, calls);
    await ok({ ...base, groupId: ids.group, memberId: null });
    await ok({ ...base, groupId: null, memberId: ids.person });
    expect(calls).toEqual([
      { chat_id: '-1005001', text: 'Check in!' },
      { chat_id: '77', text: 'Check in!' },
    ]);
  });

  it.each([
    [
      'a group the bot has not seen yet: retried',
      () => ({ groupId: ids.unknownGroup, memberId: null }),
      200,
      { ok: true },
      { permanent: false, message: expect.stringContaining('no Telegram chat known') },
    ],
    [
      'a member known only by name: given up',
      () => ({ groupId: null, memberId: ids.nameOnly }),
      200,
      { ok: true },
      { permanent: true },
    ],
    [
      'too many requests: waits as long as asked',
      () => ({ groupId: ids.group, memberId: null }),
      429,
      { ok: false, error_code: 429, description: 'Too Many Requests: retry after 12', parameters: { retry_after: 12 } },
      { permanent: false, retryAfterMs: 12_000 },
    ],
    [
      'blocked by the user: given up',
      () => ({ groupId: null, memberId: ids.person }),
      403,
      { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' },
      { permanent: true, message: 'Telegram 403: Forbidden: bot was blocked by the user' },
    ],
    ['a server error: retried', () => ({ groupId: ids.group, memberId: null }), 502, {}, { permanent: false }],
  ])('%s', async (_name, target, status, body, expected) => {
    const error = await answering(status, body)({ ...base, ...target() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxSendError);
    expect(error).toMatchObject(expected);
    expect(String((error as Error).message)).not.toContain(TOKEN);
  });

  it('never puts the token (it is in the URL) into a network error', async () => {
    const failing = telegramSender({
      token: TOKEN,
      addresses,
      fetch: (async (url: string) => {
        throw new TypeError(`fetch failed: ${url}`);
      }) as typeof fetch,
    });
    const error = await failing({ ...base, groupId: ids.group, memberId: null }).catch((e: unknown) => e);
    expect(error).toMatchObject({ permanent: false, message: 'network error (TypeError)' });
  });

  it('carries out the other actions: a mention that notifies, a pinned announcement, a mute and a removal', async () => {
    const calls: Array<{ method: string; body: Record<string, unknown> }> = [];
    const send = telegramSender({
      token: TOKEN,
      addresses,
      fetch: (async (url: string, init: RequestInit) => {
        calls.push({ method: url.slice(url.lastIndexOf('/') + 1), body: JSON.parse(String(init.body)) });
        return Response.json({ ok: true, result: { message_id: 99 } });
      }) as typeof fetch,
    });
    const group = { ...base, groupId: ids.group, memberId: ids.person };
    await send({
      ...group,
      text: 'well done',
      payload: {
        action: 'mention',
        mentions: [
          { memberId: ids.person, name: '小明' },
          { memberId: ids.nameOnly, name: 'Carol' },
        ],
      },
    });
    await send({ ...group, text: 'Live at 8pm', payload: { action: 'announce' } });
    await send({ ...group, payload: { action: 'mute', untilMs: T0 + 3_600_000 } });
    await send({ ...group, payload: { action: 'remove' } });
    expect(calls).toEqual([
      {
        method: 'sendMessage',
        body: {
          chat_id: '-1005001',
          text: '小明 Carol well done',
          entities: [{ type: 'text_mention', offset: 0, length: 2, user: { id: 77 } }],
        },
      },
      { method: 'sendMessage', body: { chat_id: '-1005001', text: 'Live at 8pm' } },
      { method: 'pinChatMessage', body: { chat_id: '-1005001', message_id: 99, disable_notification: false } },
      {
        method: 'restrictChatMember',
        body: {
          chat_id: '-1005001',
          user_id: '77',
          permissions: { can_send_messages: false },
          until_date: (T0 + 3_600_000) / 1000,
        },
      },
      { method: 'unbanChatMember', body: { chat_id: '-1005001', user_id: '77' } },
    ]);
  });

  it('gives up at once on an action Telegram does not carry out, and on a mute without a group', async () => {
    const send = answering(200, { ok: true });
    await expect(
      send({ ...base, groupId: ids.group, memberId: null, payload: { action: 'teleport' } }),
    ).rejects.toMatchObject({
      permanent: true,
      message: 'Telegram cannot teleport',
    });
    await expect(
      send({ ...base, groupId: null, memberId: ids.person, payload: { action: 'mute' } }),
    ).rejects.toMatchObject({
      permanent: true,
    });
  });
});
