import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { ensureCommunity } from '../../communities/community.service.js';
import { OutboxSendError, type Dispatcher, type OutboxItem, type RateLimits } from './dispatcher.js';
import { claimDue, drainOutbox, enqueue, markFailed, markSent, type NewOutboxItem } from './outbox.service.js';
import { LEASE_MS, MAX_ATTEMPTS, retryDelayMs } from './outbox.rules.js';
import { createRateLimiter } from './rate-limiter.js';

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
    expect(result).toEqual({ sent: 1, retrying: 1, failed: 0, deferred: 0 });
    expect(sent.map((s) => s.key)).toEqual(['tg-ok']);
    expect((await statusOf('tg-ok')).status).toBe('sent');
    expect((await statusOf('tg-bad')).status).toBe('pending');
    expect(await statusOf('irc')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await drainOutbox(store, {}, T0 + 86_400_000)).toEqual({ sent: 0, retrying: 0, failed: 0, deferred: 0 });
    expect(await statusOf('irc')).toMatchObject({ status: 'pending', attempts: 0 });
  });
  describe('rate limits', () => {
    let groupA: number;
    let groupB: number;
    beforeAll(async () => {
      const group = async (externalId: string) =>
        (
          await store.db
            .insertInto('groups')
            .values({
              community_id: communityId,
              platform: 'telegram',
              external_id: externalId,
              name: externalId,
              first_day: null,
              created_at: T0,
            })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id;
      groupA = await group('rate-a');
      groupB = await group('rate-b');
    });

    /** A Telegram dispatcher with `limits` that records what it sent, by key. */
    const limited = (limits: RateLimits, fail?: (x: OutboxItem) => Error | undefined) => {
      const sent: string[] = [];
      const dispatcher: Dispatcher = {
        limits,
        async send(x) {
          const error = fail?.(x);
          if (error) throw error;
          sent.push(x.key);
        },
      };
      return { sent, dispatchers: { telegram: dispatcher } };
    };
    const enqueueMany = async (prefix: string, n: number, target: NewOutboxItem['target']) => {
      for (let i = 0; i < n; i++)
        await enqueue(store.db, item({ key: `${prefix}${String(i).padStart(2, '0')}`, target }), T0 - 1000 + i);
    };
    const rows = (prefix: string) =>
      store.db
        .selectFrom('outbox')
        .select(['idempotency_key', 'status', 'attempts', 'next_attempt_at', 'last_error'])
        .where('idempotency_key', 'like', `${prefix}%`)
        .orderBy('idempotency_key')
        .execute();
    const PER_GROUP: RateLimits = { perGroup: { count: 20, perMs: 60_000 } };

    it('sends 20 of 25 items into one group at 20 a minute, defers 5 without using an attempt, sends them a minute later', async () => {
      await enqueueMany('g', 25, { platform: 'telegram', groupId: groupA });
      const { sent, dispatchers } = limited(PER_GROUP);
      const limiter = createRateLimiter();
      expect(await drainOutbox(store, dispatchers, T0, 50, limiter)).toEqual({
        sent: 20,
        retrying: 0,
        failed: 0,
        deferred: 5,
      });
      // in claim order: the first 20 went
      expect(sent).toEqual(Array.from({ length: 20 }, (_, i) => `g${String(i).padStart(2, '0')}`));
      const deferred = (await rows('g')).slice(20);
      expect(deferred).toHaveLength(5);
      for (const row of deferred)
        expect(row).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: T0 + 3000, last_error: null });
      // not due before the bucket has a token again
      expect(await drainOutbox(store, dispatchers, T0 + 2999, 50, limiter)).toEqual({
        sent: 0,
        retrying: 0,
        failed: 0,
        deferred: 0,
      });
      expect(await drainOutbox(store, dispatchers, T0 + 60_000, 50, limiter)).toEqual({
        sent: 5,
        retrying: 0,
        failed: 0,
        deferred: 0,
      });
      expect(sent.slice(20)).toEqual(['g20', 'g21', 'g22', 'g23', 'g24']);
      expect((await rows('g')).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    });

    it('keeps its buckets across drains: a drain soon after the burst defers what the last one did not', async () => {
      await enqueueMany('s', 20, { platform: 'telegram', groupId: groupA });
      const { dispatchers } = limited(PER_GROUP);
      const limiter = createRateLimiter();
      expect((await drainOutbox(store, dispatchers, T0, 50, limiter)).sent).toBe(20);
      await enqueueMany('t', 2, { platform: 'telegram', groupId: groupA });
      // 6 s later the bucket holds two tokens again (one every 3 s)
      await enqueueMany('u', 3, { platform: 'telegram', groupId: groupA });
      expect(await drainOutbox(store, dispatchers, T0 + 6000, 50, limiter)).toMatchObject({ sent: 2, deferred: 3 });
      // a fresh limiter (the default) would have sent them all
      expect(await drainOutbox(store, dispatchers, T0 + 6000 + 9000, 50)).toMatchObject({ sent: 3, deferred: 0 });
    });

    it('gives each group its own bucket; a direct message counts against none of them', async () => {
      await enqueueMany('a', 22, { platform: 'telegram', groupId: groupA });
      await enqueueMany('b', 22, { platform: 'telegram', groupId: groupB });
      await enqueueMany('m', 3, { platform: 'telegram', groupId: null, memberId: null });
      const { sent, dispatchers } = limited(PER_GROUP);
      expect(await drainOutbox(store, dispatchers, T0, 100, createRateLimiter())).toEqual({
        sent: 43,
        retrying: 0,
        failed: 0,
        deferred: 4,
      });
      expect(sent.filter((k) => k.startsWith('a'))).toHaveLength(20);
      expect(sent.filter((k) => k.startsWith('b'))).toHaveLength(20);
      expect(sent.filter((k) => k.startsWith('m'))).toHaveLength(3);
      expect((await rows('a')).filter((r) => r.status === 'pending').map((r) => r.idempotency_key)).toEqual([
        'a20',
        'a21',
      ]);
    });

    it('caps the sum over all groups and direct messages with the overall bucket', async () => {
      await enqueueMany('a', 10, { platform: 'telegram', groupId: groupA });
      await enqueueMany('b', 10, { platform: 'telegram', groupId: groupB });
      await enqueueMany('m', 10, { platform: 'telegram', groupId: null, memberId: null });
      const { sent, dispatchers } = limited({
        overall: { count: 12, perMs: 1000 },
        perGroup: { count: 20, perMs: 60_000 },
      });
      const limiter = createRateLimiter();
      expect(await drainOutbox(store, dispatchers, T0, 50, limiter)).toEqual({
        sent: 12,
        retrying: 0,
        failed: 0,
        deferred: 18,
      });
      // the first twelve in claim order (a0i, b0i and m0i share a due time; then by id)
      expect(sent).toEqual([0, 1, 2, 3].flatMap((i) => [`a0${i}`, `b0${i}`, `m0${i}`]));
      const waiting = await store.db
        .selectFrom('outbox')
        .select(['status', 'attempts', 'next_attempt_at'])
        .where('status', '=', 'pending')
        .execute();
      expect(waiting).toHaveLength(18);
      // one token every 1000/12 ms: the next is there in 84 ms (rounded up)
      for (const row of waiting) expect(row).toEqual({ status: 'pending', attempts: 0, next_attempt_at: T0 + 84 });
      // a second later the overall bucket is full again; group buckets still have room
      expect(await drainOutbox(store, dispatchers, T0 + 1000, 50, limiter)).toMatchObject({ sent: 12, deferred: 6 });
      expect(await drainOutbox(store, dispatchers, T0 + 2000, 50, limiter)).toMatchObject({ sent: 6, deferred: 0 });
      expect(new Set(sent).size).toBe(30);
    });

    it('a 429 from the platform still waits its retry_after as a failed attempt', async () => {
      await enqueueMany('r', 2, { platform: 'telegram', groupId: groupA });
      const { sent, dispatchers } = limited(PER_GROUP, (x) =>
        x.key === 'r00'
          ? new OutboxSendError('Telegram 429: Too Many Requests: retry after 90', { retryAfterMs: 90_000 })
          : undefined,
      );
      expect(await drainOutbox(store, dispatchers, T0, 50, createRateLimiter())).toEqual({
        sent: 1,
        retrying: 1,
        failed: 0,
        deferred: 0,
      });
      expect(sent).toEqual(['r01']);
      expect(await statusOf('r00')).toMatchObject({
        status: 'pending',
        attempts: 1,
        next_attempt_at: T0 + 90_000,
        last_error: 'OutboxSendError: Telegram 429: Too Many Requests: retry after 90',
      });
    });

    it('refills the buckets while a drain sends when given a clock; without one, the drain stands still in time', async () => {
      const ONE_PER_100_MS: RateLimits = { overall: { count: 1, perMs: 100 } };
      await enqueueMany('c', 5, { platform: 'telegram', groupId: groupA });
      const still = limited(ONE_PER_100_MS);
      expect(await drainOutbox(store, still.dispatchers, T0, 50, createRateLimiter())).toMatchObject({
        sent: 1,
        deferred: 4,
      });
      await store.db.deleteFrom('outbox').execute();
      await enqueueMany('d', 5, { platform: 'telegram', groupId: groupA });
      // each send takes 100 ms on this clock: a token is back for every next item
      let t = T0;
      const ticking = limited(ONE_PER_100_MS);
      const clock = () => {
        const at = t;
        t += 100;
        return at;
      };
      expect(await drainOutbox(store, ticking.dispatchers, T0, 50, createRateLimiter(), clock)).toMatchObject({
        sent: 5,
        deferred: 0,
      });
      expect(ticking.sent).toEqual(['d00', 'd01', 'd02', 'd03', 'd04']);
    });

    it('a deferred item keeps its attempts after earlier failures and is released only by its own claim', async () => {
      await enqueueMany('x', 1, { platform: 'telegram', groupId: groupA });
      await store.db.updateTable('outbox').set({ attempts: 3 }).where('idempotency_key', '=', 'x00').execute();
      const { dispatchers } = limited({ perGroup: { count: 1, perMs: 60_000 } });
      const limiter = createRateLimiter();
      limiter.take('telegram', groupA, dispatchers.telegram.limits, T0); // the group's one token is gone
      expect(await drainOutbox(store, dispatchers, T0, 50, limiter)).toMatchObject({ deferred: 1 });
      expect(await statusOf('x00')).toMatchObject({ status: 'pending', attempts: 3, next_attempt_at: T0 + 60_000 });
    });
  });
});
