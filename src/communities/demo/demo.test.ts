import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../analytics/report.service.js';
import { createDayResolver, wallClockToUtc } from '../../kernel/time/local-day.js';
import { careList } from '../../members/care.service.js';
import { databaseKinds, type TestDatabase } from '../../../test/support/databases.js';
import { groupStates } from '../group.service.js';
import { DEMO_NAME, seedDemoIfEmpty } from './demo.service.js';
import { simulateDemo } from './demo.simulation.js';

/** 10:00 in Shanghai: the morning's check-ins are in, the day is not over. */
const NOW = wallClockToUtc('Asia/Shanghai', 2025, 3, 20, 10);
const END = createDayResolver('Asia/Shanghai')(NOW);

describe('simulateDemo', () => {
  it('is deterministic from the seed and the last day', () => {
    const spec = { seed: 21, endDay: END, timezone: 'Asia/Shanghai', now: NOW };
    const a = simulateDemo(spec);
    expect(simulateDemo(spec)).toEqual(a);
    expect(simulateDemo({ ...spec, seed: 22 }).events).not.toEqual(a.events);
    expect(new Set(a.events.map((e) => e.sourceId)).size).toBe(a.events.length);
  });

  it('leaves out what has not happened yet today', () => {
    const events = simulateDemo({ seed: 21, endDay: END, timezone: 'Asia/Shanghai', now: NOW }).events;
    expect(Math.max(...events.map((e) => e.occurredAt))).toBeLessThanOrEqual(NOW);
  });

  it('checks in mostly between 05:00 and 08:00', () => {
    const hourOf = (ms: number) => new Date(ms + 8 * 3_600_000).getUTCHours();
    const checkIns = simulateDemo({ seed: 21, endDay: END, timezone: 'Asia/Shanghai', now: NOW }).events.filter((e) => e.kind === 'checkin');
    expect(checkIns.filter((e) => hourOf(e.occurredAt) >= 5 && hourOf(e.occurredAt) < 8).length / checkIns.length).toBeGreaterThan(0.8);
  });
});

describe.each(databaseKinds)('the demo community on %s', (_kind, open) => {
  let store: TestDatabase;
  let seeded: Awaited<ReturnType<typeof seedDemoIfEmpty>>;
  let ms = 0;
  beforeAll(async () => {
    store = await open();
    const started = Date.now();
    seeded = await seedDemoIfEmpty(store, NOW);
    ms = Date.now() - started;
  });
  afterAll(async () => {
    await store?.dispose();
  });

  it('seeds about 400 members and their month, quickly, once', async () => {
    expect(seeded!.members).toBeGreaterThanOrEqual(400);
    expect(seeded!.events).toBeGreaterThan(5000);
    expect(ms).toBeLessThan(10_000);
    expect(await seedDemoIfEmpty(store, NOW)).toBeNull();
    const community = await store.db.selectFrom('communities').selectAll().executeTakeFirstOrThrow();
    expect(community).toMatchObject({ slug: 'demo', name: DEMO_NAME, timezone: 'Asia/Shanghai' });
  });

  it('reads as the playbook says: 80/20, lurkers, one group fading', async () => {
    const report = await buildReport(store.db, 'demo', {}, NOW);
    expect(report.range.to).toBe('2025-03-20');
    expect(report.concentration.top20Share).toBeGreaterThanOrEqual(0.6);
    expect(report.tiers.lurker).toBeGreaterThan(0);
    expect(report.tiers.active).toBeGreaterThan(0);
    expect(report.responseTime.answered).toBeGreaterThan(0);
    expect(report.groups.map((g) => g.phase).filter((p) => p === 'fading' || p === 'silent')).toHaveLength(1);
    const community = await store.db.selectFrom('communities').selectAll().executeTakeFirstOrThrow();
    const groups = await groupStates(store.db, community, END);
    expect(groups.filter((g) => g.phase === 'honeymoon' || g.phase === 'cooling')).toHaveLength(2);
    expect(groups.every((g) => g.size > 100)).toBe(true);
  });

  it('gives staff a care list', async () => {
    const community = await store.db.selectFrom('communities').selectAll().executeTakeFirstOrThrow();
    const list = await careList(store.db, community, {}, NOW);
    const assigned = list.staff.filter((s) => s.staffMemberId !== null);
    expect(assigned.length).toBeGreaterThanOrEqual(3);
    const kinds = new Set(assigned.flatMap((s) => s.items.map((i) => i.kind)));
    expect([...kinds].sort()).toEqual(['contact', 'encourage', 'help']);
  });

  it('has tags and member figures', async () => {
    const tags = await store.db.selectFrom('member_tags').select('tag').where('source', '=', 'manual').execute();
    expect(new Set(tags.map((t) => t.tag))).toEqual(new Set(['铁杆学员', '宝妈', '需要鼓励']));
    const tiers = await store.db.selectFrom('members').select('tier').where('tier', 'is not', null).execute();
    expect(tiers.length).toBeGreaterThan(300);
  });
});
