import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { eventLogOf } from '../../../test/support/event-log.js';
import { testKeyring } from '../../../test/support/keyring.js';
import { ensureCommunity } from '../community.service.js';
import { ensureGroup } from '../group.repo.js';
import { drainOutbox, enqueue } from '../../kernel/outbox/outbox.service.js';
import { createConnectorRuntime, LEASE_MS } from './connector-runtime.js';
import { createConnector, updateConnector } from './connectors.service.js';
import { upsertChat } from './connectors.repo.js';

const T0 = Date.UTC(2024, 5, 1, 12);
const quiet = { info() {}, warn() {}, error() {} };

describe.each(databaseKinds)('connector runtime on %s', (_kind, open) => {
  let store: TestDatabase;
  /** Which bot token each Bot API call used, with its chat. */
  const calls: Array<{ token: string; chat: unknown }> = [];
  const botApi = (async (url: string, init: RequestInit) => {
    const token = /\/bot([^/]+)\//.exec(url)![1];
    calls.push({ token, chat: JSON.parse(String(init.body)).chat_id });
    return Response.json({ ok: true, result: { message_id: 1 } });
  }) as typeof fetch;

  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it("sends each item through the bot of its own community that knows the item's group, and holds items no connector can take", async () => {
    const keyring = testKeyring();
    const runtime = createConnectorRuntime({
      handle: store,
      eventLog: eventLogOf(store),
      keyring,
      log: quiet,
      now: () => T0,
      maxFileBytes: 1000,
      fetch: botApi,
    });
    const deps = { db: store.db, keyring, runtime, fetch: botApi };
    const community = await ensureCommunity(store.db, 'rt', undefined, T0);
    const lonely = await ensureCommunity(store.db, 'rt-lonely', undefined, T0);
    const [a, b] = [
      await createConnector(
        deps,
        community,
        { platform: 'telegram', name: 'A', settings: { token: '1:A' }, check: false },
        T0,
      ),
      await createConnector(
        deps,
        community,
        { platform: 'telegram', name: 'B', settings: { token: '2:B' }, check: false },
        T0,
      ),
    ];
    const groups = {
      a: await ensureGroup(store.db, community.id, { platform: 'telegram', externalId: '-100', name: 'ga' }, T0),
      b: await ensureGroup(store.db, community.id, { platform: 'telegram', externalId: '-200', name: 'gb' }, T0),
    };
    await upsertChat(store.db, { connectorId: a.id, groupId: groups.a, address: '-100', now: T0 });
    await upsertChat(store.db, { connectorId: b.id, groupId: groups.b, address: '-200', now: T0 });
    await store.db.transaction().execute(async (trx) => {
      for (const [key, communityId, groupId] of [
        ['to-b', community.id, groups.b],
        ['to-a', community.id, groups.a],
        ['nowhere', lonely.id, null],
      ] as const)
        await enqueue(
          trx,
          { communityId, key, kind: 'test', target: { platform: 'telegram', groupId }, locale: 'en', text: key },
          T0,
        );
    });

    expect(runtime.running().sort()).toEqual([a.id, b.id].sort());
    const result = await drainOutbox(store, runtime.dispatchers(), T0);
    expect(result).toEqual({ sent: 2, retrying: 0, failed: 0, deferred: 1 });
    expect(calls).toEqual([
      { token: '2:B', chat: '-200' },
      { token: '1:A', chat: '-100' },
    ]);
    const held = await store.db
      .selectFrom('outbox')
      .select(['status', 'attempts', 'last_error', 'reason_code'])
      .where('idempotency_key', '=', 'nowhere')
      .executeTakeFirstOrThrow();
    expect(held).toEqual({
      status: 'pending',
      attempts: 0,
      last_error: 'waiting: no telegram connector is running for this community',
      reason_code: 'no_connector',
    });

    // Disabled, a connector no longer sends; its community's other bot takes its groups.
    await updateConnector(deps, community, a.id, { enabled: false });
    expect(runtime.running()).toEqual([b.id]);
    await runtime.stopAll();
    expect(runtime.running()).toEqual([]);
  });

  it('runs a connection-based connector in one process of several, and another takes it over when that one stops or dies', async () => {
    let clock = T0;
    /** Telegram long polling that waits until aborted; how many polls are open now. */
    let polls = 0;
    const pollingApi = (async (url: string, init: RequestInit) => {
      if (url.endsWith('/deleteWebhook')) return Response.json({ ok: true, result: true });
      polls++;
      return new Promise<Response>((_resolve, reject) =>
        init.signal?.addEventListener('abort', () => {
          polls--;
          reject(new DOMException('aborted', 'AbortError'));
        }),
      );
    }) as typeof fetch;
    const keyring = testKeyring();
    const serverProcess = (holder: string) =>
      createConnectorRuntime({
        handle: store,
        eventLog: eventLogOf(store),
        keyring,
        log: quiet,
        now: () => clock,
        maxFileBytes: 1000,
        fetch: pollingApi,
        holder,
      });
    const [a, b] = [serverProcess('a'), serverProcess('b')];
    const community = await ensureCommunity(store.db, 'lease', undefined, T0);
    const { id } = await createConnector(
      { db: store.db, keyring, runtime: a },
      community,
      { platform: 'telegram', name: 'Poller', settings: { token: '3:C', inbound: 'connection' }, check: false },
      T0,
    );
    await b.startAll();
    expect([a.running(), b.running()]).toEqual([[id], []]);
    await expect.poll(() => polls).toBe(1);

    // A stops cleanly: its lease is released and B's next renewal starts the connector.
    await a.stopAll();
    await b.renewLeases();
    expect([a.running(), b.running()]).toEqual([[], [id]]);
    await expect.poll(() => polls).toBe(1);

    // B dies without a word: once its lease has run out, A takes over, and B, if it wakes, lets go.
    clock += LEASE_MS + 1;
    await a.renewLeases();
    expect(a.running()).toEqual([id]);
    await b.renewLeases();
    expect(b.running()).toEqual([]);
    await expect.poll(() => polls).toBe(1);
    await a.stopAll();
    await b.stopAll();
    expect(polls).toBe(0);
  });
});
