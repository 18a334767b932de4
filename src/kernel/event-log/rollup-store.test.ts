import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { postgresRollupStore, type RollupDelta, type RollupStore } from './rollup-store.js';
import { sqliteRollupStore } from './rollup-store-sqlite.js';

const nothing: RollupDelta = {
  memberDays: [],
  communityDays: [],
  memberMonths: [],
  groupMemberDays: [],
  groupDays: [],
  memberships: [],
  memberFirstDays: new Map(),
  groupFirstDays: new Map(),
  replyLinkedGroups: [],
  span: null,
};

/** Each store on its own dialect: prepared statements on SQLite, one statement on PostgreSQL. */
describe.each(databaseKinds)('rollup store on %s', (_kind, open) => {
  let db: TestDatabase;
  let store: RollupStore;
  let communityId: number;
  let groups: number[];
  let members: number[];
  beforeAll(async () => {
    db = await open();
    store = db.sqlite ? sqliteRollupStore(db.sqlite) : postgresRollupStore();
    const now = Date.now();
    communityId = Number(
      (
        await db.db
          .insertInto('communities')
          .values({ slug: 'rollups', name: 'Rollups', timezone: 'UTC', created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    );
    const group = (n: number) => ({
      community_id: communityId,
      platform: 'test',
      external_id: `g${n}`,
      name: `g${n}`,
      first_day: null,
      created_at: now,
    });
    groups = (
      await db.db
        .insertInto('groups')
        .values([group(1), group(2)])
        .returning('id')
        .execute()
    ).map((r) => Number(r.id));
    const member = (n: number) => ({
      community_id: communityId,
      display_name: `m${n}`,
      is_bot: 0,
      first_day: null,
      created_at: now,
      tier: null,
      last_active_day: null,
    });
    members = (
      await db.db
        .insertInto('members')
        .values([member(1), member(2)])
        .returning('id')
        .execute()
    ).map((r) => Number(r.id));
  });
  afterAll(async () => {
    await db?.dispose();
  });

  const write = (delta: Partial<RollupDelta>) =>
    db.db.transaction().execute((trx) => store.write(trx, communityId, { ...nothing, ...delta }));

  it('adds counters to stored rows and counts a day newly active members only for new member-days', async () => {
    await write({
      memberDays: [
        [10, 100, 2, 1],
        [11, 100, 1, 0],
      ],
      communityDays: [[100, 3, 1]],
    });
    await write({
      memberDays: [
        [10, 100, 1, 1],
        [12, 101, 0, 1],
      ],
      communityDays: [
        [100, 1, 1],
        [101, 0, 1],
      ],
    });
    for (let i = 0; i < 2; i++) {
      await write({
        memberMonths: [[10, 24_000, 2, 1]],
        groupMemberDays: [[5, 10, 100, 2, 1]],
        groupDays: [[5, 100, 2, 1]],
      });
    }
    const memberDay = await db.db
      .selectFrom('member_days')
      .select(['messages', 'checkins'])
      .where('member_id', '=', 10)
      .executeTakeFirstOrThrow();
    expect(memberDay).toEqual({ messages: 3, checkins: 2 });
    const communityDays = await db.db
      .selectFrom('community_days')
      .select(['day', 'messages', 'checkins', 'active_members'])
      .where('community_id', '=', communityId)
      .orderBy('day')
      .execute();
    expect(communityDays).toEqual([
      { day: 100, messages: 4, checkins: 2, active_members: 2 },
      { day: 101, messages: 0, checkins: 1, active_members: 1 },
    ]);
    expect(await db.db.selectFrom('member_months').select(['messages', 'checkins']).executeTakeFirstOrThrow()).toEqual({
      messages: 4,
      checkins: 2,
    });
    expect(
      await db.db.selectFrom('group_member_days').select(['messages', 'checkins']).executeTakeFirstOrThrow(),
    ).toEqual({ messages: 4, checkins: 2 });
    expect(await db.db.selectFrom('group_days').select(['messages', 'checkins']).executeTakeFirstOrThrow()).toEqual({
      messages: 4,
      checkins: 2,
    });
  });

  it('keeps the earliest first day of a membership, whatever order the days come in', async () => {
    const firstDay = async () =>
      Number(
        (
          await db.db
            .selectFrom('memberships')
            .select('first_day')
            .where('group_id', '=', 7)
            .where('member_id', '=', 70)
            .executeTakeFirstOrThrow()
        ).first_day,
      );
    await write({ memberships: [[7, 70, 100]] });
    expect(await firstDay()).toBe(100);
    await write({ memberships: [[7, 70, 90]] });
    expect(await firstDay()).toBe(90);
    await write({ memberships: [[7, 70, 95]] });
    expect(await firstDay()).toBe(90);
  });

  it("lowers members' and groups' first days, marks reply-linked groups and widens the community's span", async () => {
    const [g1, g2] = groups;
    const [m1, m2] = members;
    await write({
      memberFirstDays: new Map([
        [m1, 50],
        [m2, 60],
      ]),
      groupFirstDays: new Map([[g1, 50]]),
      span: { first: 50, last: 60 },
    });
    await write({
      memberFirstDays: new Map([
        [m1, 55],
        [m2, 40],
      ]),
      groupFirstDays: new Map([[g1, 45]]),
      replyLinkedGroups: [g2],
      span: { first: 55, last: 70 },
    });
    await write({ groupFirstDays: new Map([[g1, 48]]), span: { first: 30, last: 65 } });
    const member = await db.db
      .selectFrom('members')
      .select(['id', 'first_day'])
      .where('community_id', '=', communityId)
      .orderBy('id')
      .execute();
    expect(member.map((m) => Number(m.first_day))).toEqual([50, 40]);
    const group = await db.db
      .selectFrom('groups')
      .select(['first_day', 'has_reply_links'])
      .where('community_id', '=', communityId)
      .orderBy('id')
      .execute();
    expect(group.map((g) => [g.first_day === null ? null : Number(g.first_day), Number(g.has_reply_links)])).toEqual([
      [45, 0],
      [null, 1],
    ]);
    const community = await db.db
      .selectFrom('communities')
      .select(['first_day', 'last_day'])
      .where('id', '=', communityId)
      .executeTakeFirstOrThrow();
    expect([Number(community.first_day), Number(community.last_day)]).toEqual([30, 70]);
  });
});
