import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { ensureCommunity } from '../../communities/community.service.js';
import { OutboxSendError, type OutboxItem } from './dispatcher.js';
import { claimDue, drainOutbox, enqueue, markFailed, markSent, type NewOutboxItem } from './outbox.service.js';
import { LEASE_MS, MAX_ATTEMPTS, retryDelayMs } from './outbox.rules.js';

const T0 = Date.UTC(2024, 5, 1, 12);

describe.each(databaseKinds)('outbox on %s', (_kind, open) => {
  let store: TestDatabase;
  let communityId: number;
  let seq = 0;

  beforeAll(async () => {
    store = await open();
    communityId = (await ensureCommunity(store.db, 'outbox', undefined, T0)).id;
  });
  afterAll(async () => {
    await store?.dispose();
  });
  beforeEach(async () => {
    await store.db.deleteFrom('outbox').execute();
  });

  const item = (overrides: Partial<NewOutboxItem> = {}): NewOutboxItem => ({
    communityId,
    key: `k${++seq}`,
    kind: 'camp.praise',
    target: { platform: 'telegram' },
    locale: 'en',
    text: 'well done',
    ...overrides,
  });
  const statusOf = async (key: string) =>
    store.db
      .selectFrom('outbox')
      .select(['status', 'attempts', 'next_attempt_at', 'last_error', 'sent_at'])
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();

  it('stores an idempotency key once, whatever else the second enqueue says', async () => {
    const first = item({ key: 'praise:1:100' });
    expect(await store.db.transaction().execute((trx) => enqueue(trx, first, T0))).toBe(true);
    expect(await store.db.transaction().execute((trx) => enqueue(trx, { ...first, text: 'changed' }, T0 + 1000))).toBe(
      false,
    );
    const rows = await store.db.selectFrom('outbox').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      text: 'well done',
      status: 'pending',
      attempts: 0,
      created_at: T0,
      next_attempt_at: T0,
    });
  });

  it('keys are per community: another community may use the same key', async () => {
    const other = await ensureCommunity(store.db, 'outbox-two', undefined, T0);
    expect(await enqueue(store.db, item({ key: 'same' }), T0)).toBe(true);
    expect(await enqueue(store.db, item({ key: 'same', communityId: other.id }), T0)).toBe(true);
  });

  it('claims due items once, oldest first, and leaves future ones', async () => {
    await enqueue(store.db, item({ key: 'later' }), T0 + 60_000);
    await enqueue(store.db, item({ key: 'second' }), T0 - 1000);
    await enqueue(store.db, item({ key: 'first' }), T0 - 2000);
    const claimed = await claimDue(store, T0, 10);
    expect(claimed.map((c) => [c.key, c.attempts])).toEqual([
      ['first', 1],
      ['second', 1],
    ]);
    expect(await claimDue(store, T0, 10)).toEqual([]);
    expect((await statusOf('first')).status).toBe('sending');
    expect(await markSent(store.db, claimed[0], T0 + 5)).toBe(true);
    expect(await statusOf('first')).toMatchObject({ status: 'sent', sent_at: T0 + 5 });
  });

  it('backs off exponentially after failures and gives up after the last attempt', async () => {
    await enqueue(store.db, item({ key: 'flaky' }), T0);
    let now = T0;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const [claimed] = await claimDue(store, now, 10);
      expect(claimed?.attempts).toBe(attempt);
      expect(await markFailed(store.db, claimed, new Error('HTTP 502'), now)).toBe(true);
      const row = await statusOf('flaky');
      if (attempt < MAX_ATTEMPTS) {
        expect(row).toMatchObject({
          status: 'pending',
          next_attempt_at: now + retryDelayMs(attempt),
          last_error: 'Error: HTTP 502',
        });
        expect(await claimDue(store, row.next_attempt_at - 1, 10)).toEqual([]);
        now = row.next_attempt_at;
      } else expect(row.status).toBe('failed');
    }
    expect(await claimDue(store, now + 86_400_000, 10)).toEqual([]);
  });

  it('gives up at once on a permanent error', async () => {
    await enqueue(store.db, item({ key: 'gone' }), T0);
    const [claimed] = await claimDue(store, T0, 10);
    await markFailed(store.db, claimed, new OutboxSendError('chat not found', { permanent: true }), T0);
    expect(await statusOf('gone')).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'OutboxSendError: chat not found',
    });
  });

  it('claims a row again when the process that claimed it stopped before reporting (lease timeout)', async () => {
    await enqueue(store.db, item({ key: 'crashed' }), T0);
    const [first] = await claimDue(store, T0, 10);
    // The process dies here: no markSent, no markFailed.
    expect(await claimDue(store, T0 + LEASE_MS - 1, 10)).toEqual([]);
    const [again] = await claimDue(store, T0 + LEASE_MS, 10);
    expect([again.key, again.attempts]).toEqual(['crashed', 2]);
    // The first attempt reporting late does not overwrite the newer claim.
    expect(await markFailed(store.db, first, new Error('late'), T0 + LEASE_MS + 1)).toBe(false);
    expect((await statusOf('crashed')).status).toBe('sending');
  });

  it('fails a row whose lease ran out after its last attempt instead of claiming it forever', async () => {
    await enqueue(store.db, item({ key: 'doomed' }), T0);
    await store.db.updateTable('outbox').set({ status: 'sending', attempts: MAX_ATTEMPTS, claimed_at: T0 }).execute();
    expect(await claimDue(store, T0 + LEASE_MS, 10)).toEqual([]);
    expect((await statusOf('doomed')).status).toBe('failed');
  });

  it('never hands one row to two claims running at once', async () => {
    for (let i = 0; i < 30; i++) await enqueue(store.db, item({ key: `c${i}` }), T0);
    const [a, b, c] = await Promise.all([claimDue(store, T0, 12), claimDue(store, T0, 12), claimDue(store, T0, 12)]);
    const keys = [...a, ...b, ...c].map((x) => x.key);
    expect(keys).toHaveLength(30);
    expect(new Set(keys).size).toBe(30);
  });

  it('skips rows another process is claiming right now instead of waiting for it or doubling them', async () => {
    for (let i = 0; i < 4; i++) await enqueue(store.db, item({ key: `h${i}` }), T0);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let claimedInside!: (keys: string[]) => void;
    const inside = new Promise<string[]>((resolve) => (claimedInside = resolve));
    // The first claim stays uncommitted while the second runs (on SQLite, transactions take turns).
    const first = store.db.transaction().execute(async (trx) => {
      const rows = await claimDue({ ...store, db: trx }, T0, 2);
      claimedInside(rows.map((r) => r.key));
      await held;
      return rows.map((r) => r.key);
    });
    const firstKeys = await inside;
    const second = _kind === 'postgres' ? (await claimDue(store, T0, 10)).map((r) => r.key) : [];
    release();
    await first;
    const rest = (await claimDue(store, T0, 10)).map((r) => r.key);
    expect(firstKeys).toHaveLength(2);
    expect([...firstKeys, ...second, ...rest].sort()).toEqual(['h0', 'h1', 'h2', 'h3']);
  });

  it('drains through the dispatchers it has and leaves other platforms pending', async () => {
    await enqueue(store.db, item({ key: 'tg-ok', text: 'ok' }), T0);
    await enqueue(store.db, item({ key: 'tg-bad', text: 'bad' }), T0);
    await enqueue(store.db, item({ key: 'irc', target: { platform: 'irc', groupId: null } }), T0);
    const sent: OutboxItem[] = [];
    const result = await drainOutbox(
      store,
      {
        telegram: {
          async send(x) {
            if (x.text === 'bad') throw new Error('HTTP 500');
            sent.push(x);
          },
        },
      },
      T0,
    );
    expect(result).toEqual({ sent: 1, retrying: 1, failed: 0 });
    expect(sent.map((s) => s.key)).toEqual(['tg-ok']);
    expect((await statusOf('tg-ok')).status).toBe('sent');
    expect((await statusOf('tg-bad')).status).toBe('pending');
    expect(await statusOf('irc')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await drainOutbox(store, {}, T0 + 86_400_000)).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(await statusOf('irc')).toMatchObject({ status: 'pending', attempts: 0 });
  });
});
