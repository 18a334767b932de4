import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { kyselyRollupStore, type RollupStore } from './rollup-store.js';
import { sqliteRollupStore } from './rollup-store-sqlite.js';

/** Each store on its own dialect: prepared statements on SQLite, Kysely upserts on PostgreSQL. */
describe.each(databaseKinds)('rollup store on %s', (_kind, open) => {
  let db: TestDatabase;
  let store: RollupStore;
  beforeAll(async () => {
    db = await open();
    store = db.sqlite ? sqliteRollupStore(db.sqlite) : kyselyRollupStore();
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const flush = <T>(work: (s: RollupStore, trx: Parameters<RollupStore['groupDays']>[0]) => Promise<T>) =>
    db.db.transaction().execute((trx) => work(store, trx));

  it('adds counters to stored rows and tells newly active member-days apart', async () => {
    expect(await flush((s, trx) => s.memberDays(trx, 1, [[10, 100, 2, 1], [11, 100, 1, 0]]))).toEqual(new Map([[100, 2]]));
    expect(await flush((s, trx) => s.memberDays(trx, 1, [[10, 100, 1, 1], [12, 101, 0, 1]]))).toEqual(new Map([[101, 1]]));
    for (let i = 0; i < 2; i++) {
      await flush(async (s, trx) => {
        await s.memberMonths(trx, 1, [[10, 24_000, 2, 1]]);
        await s.communityDays(trx, 1, [[100, 3, 1, 2]]);
        await s.groupMemberDays(trx, [[5, 10, 100, 2, 1]]);
        await s.groupDays(trx, [[5, 100, 2, 1]]);
      });
    }
    const memberDay = await db.db.selectFrom('member_days').select(['messages', 'checkins']).where('member_id', '=', 10).executeTakeFirstOrThrow();
    expect(memberDay).toEqual({ messages: 3, checkins: 2 });
    expect(await db.db.selectFrom('member_months').select(['messages', 'checkins']).executeTakeFirstOrThrow()).toEqual({ messages: 4, checkins: 2 });
    expect(await db.db.selectFrom('community_days').select(['messages', 'checkins', 'active_members']).executeTakeFirstOrThrow()).toEqual({ messages: 6, checkins: 2, active_members: 4 });
    expect(await db.db.selectFrom('group_member_days').select(['messages', 'checkins']).executeTakeFirstOrThrow()).toEqual({ messages: 4, checkins: 2 });
    expect(await db.db.selectFrom('group_days').select(['messages', 'checkins']).executeTakeFirstOrThrow()).toEqual({ messages: 4, checkins: 2 });
  });

  it('keeps the earliest first day of a membership, whatever order the days come in', async () => {
    const firstDay = async () =>
      Number((await db.db.selectFrom('memberships').select('first_day').where('group_id', '=', 7).where('member_id', '=', 70).executeTakeFirstOrThrow()).first_day);
    await flush((s, trx) => s.memberships(trx, 1, [[7, 70, 100]]));
    expect(await firstDay()).toBe(100);
    await flush((s, trx) => s.memberships(trx, 1, [[7, 70, 90]]));
    expect(await firstDay()).toBe(90);
    await flush((s, trx) => s.memberships(trx, 1, [[7, 70, 95]]));
    expect(await firstDay()).toBe(90);
  });
});
