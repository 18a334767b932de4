import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { NotFoundError } from '../errors.js';
import { batchedPost } from '../threads/worker-rpc.js';
import { afterOtherItems, beforeWriting, inCommit, SQLITE_MAX_BATCH, type Defer } from './group-commit.js';

describe.each(databaseKinds)('inCommit on %s', (kind, open) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.dispose();
  });

  const insert = (slug: string) =>
    store.db.insertInto('communities').values({ slug, name: slug, timezone: 'UTC', created_at: 0 }).execute();

  it('commits concurrent work, rolls back only the failing one, and runs deferred work once', async () => {
    let deferredRuns = 0;
    const defer = () => async () => {
      deferredRuns++;
    };
    const results = await Promise.allSettled([
      inCommit(store, async (trx, later) => {
        await trx
          .insertInto('communities')
          .values({ slug: 'first', name: 'first', timezone: 'UTC', created_at: 0 })
          .execute();
        later('count', defer());
        return 1;
      }),
      inCommit(store, async (trx) => {
        await trx
          .insertInto('communities')
          .values({ slug: 'broken', name: 'broken', timezone: 'UTC', created_at: 0 })
          .execute();
        throw new Error('half done');
      }),
      inCommit(store, async (trx, later) => {
        await trx
          .insertInto('communities')
          .values({ slug: 'third', name: 'third', timezone: 'UTC', created_at: 0 })
          .execute();
        later('count', defer());
        return 3;
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const slugs = (await store.db.selectFrom('communities').select('slug').orderBy('slug').execute()).map(
      (r) => r.slug,
    );
    expect(slugs).toEqual(['first', 'third']);
    // One batch: deferred work runs once (in the batch's second run, with savepoints).
    expect(deferredRuns).toBe(1);
    await insert('after');
  });

  it('forgets what a rolled-back run gathered for its deferred work, so the rerun counts each item once', async () => {
    let gathered = 0;
    let forgotten = 0;
    const flushed: number[] = [];
    const gather = (later: Defer) => {
      gathered++;
      later(
        'sum',
        async () => {
          flushed.push(gathered);
          gathered = 0;
        },
        () => {
          forgotten++;
          gathered = 0;
        },
      );
    };
    const results = await Promise.allSettled([
      inCommit(store, async (trx, later) => {
        await trx
          .insertInto('communities')
          .values({ slug: 'gather-1', name: 'g', timezone: 'UTC', created_at: 0 })
          .execute();
        gather(later);
      }),
      inCommit(store, async (trx) => {
        await trx
          .insertInto('communities')
          .values({ slug: 'gather-broken', name: 'g', timezone: 'UTC', created_at: 0 })
          .execute();
        throw new Error('half done');
      }),
      inCommit(store, async (trx, later) => {
        await trx
          .insertInto('communities')
          .values({ slug: 'gather-3', name: 'g', timezone: 'UTC', created_at: 0 })
          .execute();
        gather(later);
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The first run (no savepoints) rolled back whole; the second flushed the two kept items.
    expect(forgotten).toBe(1);
    expect(flushed).toEqual([2]);
  });

  it('fails an item refused before it wrote anything alone, without running the others again', async () => {
    let runs = 0;
    const results = await Promise.allSettled([
      inCommit(store, async (trx) => {
        runs++;
        await trx
          .insertInto('communities')
          .values({ slug: 'kept', name: 'kept', timezone: 'UTC', created_at: 0 })
          .execute();
        return 'kept';
      }),
      inCommit(store, () =>
        beforeWriting(async () => {
          throw new NotFoundError('check-in link');
        }),
      ),
    ]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'kept' });
    // The refusal reaches its caller as itself, not wrapped.
    expect(results[1].status === 'rejected' && results[1].reason).toBeInstanceOf(NotFoundError);
    // A failure after writing reruns the batch one item at a time; this one does not.
    expect(runs).toBe(1);
    expect(
      await store.db.selectFrom('communities').select('slug').where('slug', '=', 'kept').executeTakeFirst(),
    ).toEqual({ slug: 'kept' });
  });

  it('answers nobody with success when the commit fails', async () => {
    const results = await Promise.allSettled([
      inCommit(store, async (trx, later) => {
        await trx
          .insertInto('communities')
          .values({ slug: 'doomed', name: 'doomed', timezone: 'UTC', created_at: 0 })
          .execute();
        later('fail', async () => {
          throw new Error('rollups failed');
        });
      }),
    ]);
    expect(results[0].status).toBe('rejected');
    expect(
      await store.db.selectFrom('communities').select('slug').where('slug', '=', 'doomed').executeTakeFirst(),
    ).toBeUndefined();
  });

  it('runs work that lost a deadlock again in a later transaction, and gives up after a few tries', async () => {
    let attempts = 0;
    const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });
    const results = await Promise.allSettled([
      inCommit(store, async (trx) => {
        await trx
          .insertInto('communities')
          .values({ slug: 'victim', name: 'victim', timezone: 'UTC', created_at: 0 })
          .execute();
        if (++attempts < 3) throw deadlock();
        return 'stored';
      }),
      inCommit(store, async () => {
        throw deadlock();
      }),
    ]);
    // PostgreSQL also runs a batch once without savepoints first, so the count of runs varies.
    expect(results[0]).toEqual({ status: 'fulfilled', value: 'stored' });
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(results[1].status).toBe('rejected');
    expect(((results[1] as PromiseRejectedResult).reason as { code: string }).code).toBe('40P01');
    const victims = await store.db.selectFrom('communities').select('slug').where('slug', '=', 'victim').execute();
    expect(victims).toHaveLength(1);
  });

  it.runIf(kind === 'postgres')(
    'runs the items of a batch side by side on PostgreSQL, and one may wait for the others to finish',
    async () => {
      const order: string[] = [];
      let signal!: () => void;
      const signalled = new Promise<void>((resolve) => (signal = resolve));
      const results = await Promise.all([
        // One at a time, this item would wait forever for the next one.
        inCommit(store, async () => {
          await signalled;
          order.push('woken');
          return 'first';
        }),
        inCommit(store, async () => {
          signal();
          return 'second';
        }),
        inCommit(store, async (trx) => {
          await afterOtherItems(trx);
          order.push('after the others');
          return 'third';
        }),
      ]);
      expect(results).toEqual(['first', 'second', 'third']);
      expect(order).toEqual(['woken', 'after the others']);
    },
  );

  it('keeps several batches apart on PostgreSQL: every concurrent write commits once', async () => {
    const slugs = Array.from({ length: 300 }, (_, i) => `c${i}`);
    await Promise.all(
      slugs.map((slug) =>
        inCommit(store, (trx) =>
          trx.insertInto('communities').values({ slug, name: slug, timezone: 'UTC', created_at: 0 }).execute(),
        ),
      ),
    );
    const stored = await store.db
      .selectFrom('communities')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('slug', 'like', 'c%')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(300);
  });

  it.runIf(kind === 'sqlite')('lets the answers of a committed batch leave before the next batch runs', async () => {
    // As the writer thread answers: one message per turn of the event loop (batchedPost).
    const events: string[] = [];
    const answer = batchedPost<number>((answers) => events.push(`answers ${answers.join(',')}`));
    const done = Array.from({ length: SQLITE_MAX_BATCH + 4 }, (_, i) =>
      inCommit(store, async () => {
        events.push(`work ${i}`);
        return i;
      }).then(answer),
    );
    await Promise.all(done);
    await new Promise((resolve) => setImmediate(resolve));
    // A full batch first: its answers go before the next batch's first item runs.
    const firstAnswers = events.findIndex((e) => e.startsWith('answers'));
    expect(events[firstAnswers]).toBe(`answers ${Array.from({ length: SQLITE_MAX_BATCH }, (_, i) => i).join(',')}`);
    expect(firstAnswers).toBeLessThan(events.indexOf(`work ${SQLITE_MAX_BATCH}`));
  });
});
