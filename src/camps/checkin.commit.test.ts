import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { inCommit } from './checkin.commit.js';

describe.each(databaseKinds)('inCommit on %s', (_kind, open) => {
  let store: TestDatabase;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.dispose();
  });

  const insert = (slug: string) => store.db.insertInto('communities').values({ slug, name: slug, timezone: 'UTC', created_at: 0 }).execute();

  it('commits concurrent work, rolls back only the failing one, and runs deferred work once', async () => {
    let deferredRuns = 0;
    const defer = () => async () => {
      deferredRuns++;
    };
    const results = await Promise.allSettled([
      inCommit(store, async (trx, later) => {
        await trx.insertInto('communities').values({ slug: 'first', name: 'first', timezone: 'UTC', created_at: 0 }).execute();
        later('count', defer());
        return 1;
      }),
      inCommit(store, async (trx) => {
        await trx.insertInto('communities').values({ slug: 'broken', name: 'broken', timezone: 'UTC', created_at: 0 }).execute();
        throw new Error('half done');
      }),
      inCommit(store, async (trx, later) => {
        await trx.insertInto('communities').values({ slug: 'third', name: 'third', timezone: 'UTC', created_at: 0 }).execute();
        later('count', defer());
        return 3;
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const slugs = (await store.db.selectFrom('communities').select('slug').orderBy('slug').execute()).map((r) => r.slug);
    expect(slugs).toEqual(['first', 'third']);
    // One batch on SQLite (deferred once); one transaction each on PostgreSQL.
    expect(deferredRuns).toBe(store.sqlite ? 1 : 2);
    await insert('after');
  });

  it('answers nobody with success when the commit fails', async () => {
    const results = await Promise.allSettled([
      inCommit(store, async (trx, later) => {
        await trx.insertInto('communities').values({ slug: 'doomed', name: 'doomed', timezone: 'UTC', created_at: 0 }).execute();
        later('fail', async () => {
          throw new Error('rollups failed');
        });
      }),
    ]);
    expect(results[0].status).toBe('rejected');
    expect(await store.db.selectFrom('communities').select('slug').where('slug', '=', 'doomed').executeTakeFirst()).toBeUndefined();
  });
});
