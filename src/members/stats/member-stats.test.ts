import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../analytics/report/report.service.js';
import { isoToDay } from '../../kernel/time/local-day.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { seedMembersFixture } from '../../../test/support/members-fixture.js';
import { refreshMemberStats } from './member-stats.service.js';

describe.each(databaseKinds)('member stats on %s', (_kind, open) => {
  let store: TestDatabase;
  let fixture: Awaited<ReturnType<typeof seedMembersFixture>>;
  beforeAll(async () => {
    store = await open();
    fixture = await seedMembersFixture(store);
  });
  afterAll(async () => store?.dispose());

  const byName = async () => {
    const rows = await store.db
      .selectFrom('members')
      .select(['display_name', 'tier', 'messages', 'checkins', 'last_active_day'])
      .where('community_id', '=', fixture.community.id)
      .execute();
    return Object.fromEntries(rows.map((r) => [r.display_name, r]));
  };
  const tagsByName = async () => {
    const rows = await store.db
      .selectFrom('member_tags')
      .innerJoin('members', 'members.id', 'member_tags.member_id')
      .select(['members.display_name', 'member_tags.tag', 'member_tags.source'])
      .where('member_tags.community_id', '=', fixture.community.id)
      .orderBy('tag')
      .execute();
    const out: Record<string, string[]> = {};
    for (const r of rows) (out[r.display_name] ??= []).push(`${r.tag}/${r.source}`);
    return out;
  };

  it('sets tiers as of the last day with events, gone for those who left, none for bots', async () => {
    const m = await byName();
    expect(Object.fromEntries(Object.entries(m).map(([name, r]) => [name, r.tier]))).toEqual({
      alice: 'active',
      bob: 'observer',
      carol: 'observer',
      chris: 'observer',
      dave: 'lurker',
      eve: 'gone',
      quinn: 'observer',
      wendy: 'observer',
      robot: null,
    });
  });

  it('agrees with the report’s tier counts', async () => {
    const report = await buildReport(store.db, 'camp');
    const m = Object.values(await byName());
    const count = (tier: string) => m.filter((r) => r.tier === tier).length;
    expect(report.tiers).toMatchObject({
      asOf: '2024-05-20',
      active: count('active'),
      observer: count('observer'),
      lurker: count('lurker'),
    });
  });

  it('keeps totals and the last active day', async () => {
    const m = await byName();
    expect(m.alice).toMatchObject({ messages: 5, checkins: 0, last_active_day: isoToDay('2024-05-16') });
    expect(m.carol).toMatchObject({ messages: 0, checkins: 7, last_active_day: isoToDay('2024-05-07') });
    expect(m.dave).toMatchObject({ messages: 0, checkins: 0, last_active_day: null });
  });

  it('derives rule tags, night owls across midnight included', async () => {
    expect(await tagsByName()).toEqual({
      alice: ['night_owl/rule'],
      bob: ['weekend_poster/rule'],
      carol: ['streak_keeper/rule'],
      dave: ['newcomer/rule'],
      quinn: ['question_asker/rule'],
      wendy: ['newcomer/rule'],
    });
  });

  it('is idempotent, leaves manual tags alone and drops rule tags no longer earned', async () => {
    await store.db
      .insertInto('member_tags')
      .values([
        {
          community_id: fixture.community.id,
          member_id: fixture.ids.chris,
          tag: 'vip',
          source: 'manual',
          created_at: 1,
        },
        {
          community_id: fixture.community.id,
          member_id: fixture.ids.chris,
          tag: 'night_owl',
          source: 'rule',
          created_at: 1,
        },
      ])
      .execute();
    const summary = await refreshMemberStats(store.db, fixture.community.id, 2);
    expect(summary).toEqual({ asOf: isoToDay('2024-05-20'), tagsAdded: 0, tagsRemoved: 1 });
    const tags = await tagsByName();
    expect(tags.chris).toEqual(['vip/manual']);
    expect(tags.alice).toEqual(['night_owl/rule']);
    expect(await refreshMemberStats(store.db, fixture.community.id, 3)).toMatchObject({ tagsAdded: 0, tagsRemoved: 0 });
  });
});
