import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Insertable, KyselyPlugin } from 'kysely';
import type { CheckinsTable } from '../../kernel/db/schema-camps.js';
import { wallClockToUtc } from '../../kernel/time/local-day.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { createCamp, enrolMembers } from '../camp/camp.service.js';
import { detectCopy, forgetCopyIndexes } from './integrity.service.js';

const at = (d: number, hh: number, mm = 0) => wallClockToUtc('Asia/Shanghai', 2024, 6, d, hh, mm);
const TEXT = '今天读完了《活着》的最后三章，福贵一个人和老牛说话的那一段让我哭了很久。';
const DAY = 19877; // 2024-06-03

/**
 * The per-camp shingle index is a cache over the database: it must see check-ins written by
 * another process (or another connection) and must never flag against a row that is gone.
 */
describe.each(databaseKinds)('copy detection index on %s', (kind, open) => {
  let store: TestDatabase;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  let campId: number;

  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
    const camp = await createCamp(
      store.db,
      fixture.community,
      { template: 'custom', startDate: '2024-06-03', lengthDays: 7, settings: { milestones: [3] } },
      at(1, 12),
    );
    campId = camp.id;
    await enrolMembers(store.db, fixture.community, campId, { groupId: fixture.groupIds.g1 }, at(1, 12));
  });
  afterAll(async () => store?.dispose());

  /** A check-in written straight to the table, as another process would. */
  const stored = async (memberId: number, when: number, text: string, day = DAY) => {
    const values: Insertable<CheckinsTable> = {
      camp_id: campId,
      community_id: fixture.community.id,
      member_id: memberId,
      day,
      at: when,
      source: 'page',
      kind: 'normal',
      text,
      number: null,
      link: null,
      image_path: null,
      idempotency_key: null,
      voided_at: null,
      void_reason: null,
      voided_by: null,
    };
    return (await store.db.insertInto('checkins').values(values).returning('id').executeTakeFirstOrThrow()).id;
  };
  const detect = (memberId: number, checkinId: number, when: number, text: string, day = DAY) =>
    store.db
      .transaction()
      .execute((trx) =>
        detectCopy(
          store,
          trx,
          { communityId: fixture.community.id, campId, checkinId, memberId, at: when, text, day },
          when,
        ),
      );

  it('sees a check-in another process stored after the index was built', async () => {
    const { alice, carol, chris } = fixture.ids;
    // The first substantial text builds the camp's index (it holds only chris's own text).
    const first = await stored(chris, at(3, 7), '早上跑了三公里，天气很好，路上看到了很多晨练的老人。');
    expect(await detect(chris, first, at(3, 7), '早上跑了三公里，天气很好，路上看到了很多晨练的老人。')).toBeNull();
    const original = await stored(alice, at(3, 8), TEXT);
    const copy = await stored(carol, at(3, 9), TEXT);
    expect(await detect(carol, copy, at(3, 9), TEXT)).toBe(original);
  });

  it('never flags against a row that is gone, and rebuilds the index', async () => {
    const { dave, eve } = fixture.ids;
    const text = '傍晚在湖边散步一小时，听完了一期关于宋朝历史的播客节目，收获很多。';
    const original = await stored(dave, at(3, 10), text);
    const probe = await stored(eve, at(3, 11), '随便写点东西凑够字数，今天没有什么特别的事情发生。');
    await detect(eve, probe, at(3, 11), '随便写点东西凑够字数，今天没有什么特别的事情发生。');
    // The index now holds dave's text; the row disappears behind its back (a rolled-back write).
    await store.db.deleteFrom('checkins').where('id', '=', original).execute();
    const copy = await stored(eve, at(4, 12), text, DAY + 1);
    expect(await detect(eve, copy, at(4, 12), text)).toBeNull();
    const flags = await store.db
      .selectFrom('camp_copy_flags')
      .select('checkin_id')
      .where('camp_id', '=', campId)
      .execute();
    expect(flags.map((f) => f.checkin_id)).not.toContain(copy);
  });

  it('compares with the texts of today and the two days before, rolling over days without a rebuild', async () => {
    const { carol, chris, dave, eve } = fixture.ids;
    const recent = '周末去郊外爬山，山顶的风景非常美，拍了很多照片分享给大家。';
    const older = '下午在图书馆整理了一整周的学习笔记，把错题都重新做了一遍。';
    const a = await stored(chris, at(6, 8), recent, DAY + 3);
    await stored(carol, at(6, 9), older, DAY + 3);
    await detect(chris, a, at(6, 8), recent, DAY + 3);
    const copyOfRecent = await stored(dave, at(8, 8), recent, DAY + 5);
    expect(await detect(dave, copyOfRecent, at(8, 8), recent, DAY + 5)).toBe(a);
    const copyOfOlder = await stored(eve, at(9, 8), older, DAY + 6);
    expect(await detect(eve, copyOfOlder, at(9, 8), older, DAY + 6)).toBeNull();
  });

  it('compares nothing for a text without substance of its own, however alike', async () => {
    forgetCopyIndexes(store);
    const { bob, chris } = fixture.ids;
    await stored(chris, at(5, 8), '打卡 第3天 ✅ 今日已完成', DAY + 2);
    const same = await stored(bob, at(5, 9), '打卡 第3天 ✅ 今日已完成', DAY + 2);
    expect(await detect(bob, same, at(5, 9), '打卡 第3天 ✅ 今日已完成')).toBeNull();
  });

  it.runIf(kind === 'postgres')(
    'syncs a camp once for check-ins detecting side by side, rather than each reading (and adding) the rows',
    async () => {
      const { alice, bob } = fixture.ids;
      forgetCopyIndexes(store);
      let reads = 0;
      const countReads: KyselyPlugin = {
        transformQuery: ({ node }) => {
          if (node.kind === 'SelectQueryNode') reads++;
          return node;
        },
        transformResult: async ({ result }) => result,
      };
      const texts = [
        '周末去图书馆借了三本关于天文学的书，准备下个月慢慢看完。',
        '学会了做红烧肉，火候比想象中难掌握，第二次终于成功了。',
      ];
      const when = at(6, 9);
      const found = await store.db
        .withPlugin(countReads)
        .transaction()
        .execute((trx) =>
          Promise.all(
            [alice, bob].map((memberId, i) =>
              detectCopy(
                store,
                trx,
                {
                  communityId: fixture.community.id,
                  campId,
                  checkinId: 900_000 + i,
                  memberId,
                  at: when,
                  text: texts[i],
                  day: DAY + 3,
                },
                when,
              ),
            ),
          ),
        );
      expect(found).toEqual([null, null]);
      expect(reads).toBe(1);
    },
  );
});
