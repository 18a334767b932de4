import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../analytics/report/report.service.js';
import { CAMP_TEMPLATES } from '../camps/camp/camp.rules.js';
import { getCamp, listCamps, listEnrolments } from '../camps/camp/camp.service.js';
import { placeInstant } from '../camps/checkin/checkin.rules.js';
import { createDayResolver, dayToIso, wallClockToUtc } from '../kernel/time/local-day.js';
import { careList } from '../members/care/care.service.js';
import { databaseKinds, type TestDatabase } from '../../test/support/databases.js';
import { groupStates } from '../analytics/groups/group-health.service.js';
import { DEMO_CAMP_DAYS_BEFORE_TODAY, DEMO_CAMP_TEMPLATE, demoCampSpec, planDemoCamp } from './demo-camp.plan.js';
import { DEMO_CAMP_NAME } from './demo-camp.service.js';
import { DEMO_NAME, seedDemo, seedDemoIfEmpty } from './demo.service.js';
import { simulateDemo } from './demo.simulation.js';
import { eventLogOf } from '../../test/support/event-log.js';

/** 10:00 in Shanghai: the morning's check-ins are in, the day is not over. */
const NOW = wallClockToUtc('Asia/Shanghai', 2025, 3, 20, 10);
const END = createDayResolver('Asia/Shanghai')(NOW);
const dayOf = createDayResolver('Asia/Shanghai');
const CAMP_START = END - DEMO_CAMP_DAYS_BEFORE_TODAY;
const CAMP_DAYS_SO_FAR = DEMO_CAMP_DAYS_BEFORE_TODAY + 1;
const { window: CAMP_WINDOW } = CAMP_TEMPLATES[DEMO_CAMP_TEMPLATE];
const simulate = () => simulateDemo({ seed: 21, endDay: END, timezone: 'Asia/Shanghai', now: NOW });
const planCamp = () => planDemoCamp(simulate(), demoCampSpec(21, END, 'Asia/Shanghai', NOW));
let plannedOnce: ReturnType<typeof planCamp> | undefined;
/** The plan seeding followed: simulating the month takes a while, and the plan is only read. */
const campPlan = () => (plannedOnce ??= planCamp());

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
    const checkIns = simulateDemo({ seed: 21, endDay: END, timezone: 'Asia/Shanghai', now: NOW }).events.filter(
      (e) => e.kind === 'checkin',
    );
    expect(
      checkIns.filter((e) => hourOf(e.occurredAt) >= 5 && hourOf(e.occurredAt) < 8).length / checkIns.length,
    ).toBeGreaterThan(0.8);
  });
});

describe('planDemoCamp', () => {
  it('is deterministic from the seed', () => {
    expect(planCamp()).toEqual(planCamp());
  });

  it("hands each of its members' check-ins on camp days to the camp instead of ingest, and no other event", () => {
    const demo = simulate();
    const plan = campPlan();
    const chat = plan.rounds.flat().filter((c) => c.source === 'chat');
    expect(plan.events.length + chat.length).toBe(demo.events.length);
    const enrolled = new Set(plan.enrolments.flatMap((e) => e.externalIds));
    const leftForIngest = plan.events.filter(
      (e) => e.kind === 'checkin' && enrolled.has(e.author.externalId) && dayOf(e.occurredAt) >= CAMP_START,
    );
    expect(leftForIngest).toEqual([]);
  });

  it('checks in inside the window on camp days, and makes a late one up the next day', () => {
    const checkins = campPlan().rounds.flat();
    for (const c of checkins.filter((c) => c.source === 'chat')) {
      const day = placeInstant(CAMP_WINDOW, 'Asia/Shanghai', c.at).windowDay;
      expect(day).not.toBeNull();
      expect(day!).toBeGreaterThanOrEqual(CAMP_START);
    }
    const makeUps = checkins.filter((c) => c.source === 'api');
    expect(makeUps.length).toBeGreaterThan(0);
    for (const c of makeUps) expect(dayOf(c.at)).toBe(c.makeUpDay! + 1);
  });

  it("enrols the sign-ups at the camp's creation, the evening before it starts, and later joiners when they join", () => {
    const { enrolments } = campPlan();
    expect(dayOf(enrolments[0].at)).toBe(CAMP_START - 1);
    expect(enrolments[0].externalIds.length).toBeGreaterThan(100);
    expect(enrolments.every((e, i) => i === 0 || e.at > enrolments[i - 1].at)).toBe(true);
    expect(enrolments.flatMap((e) => e.externalIds).some((id) => id.includes('staff'))).toBe(false);
  });

  it('orders rounds in time and never holds a member twice in one', () => {
    const { rounds } = campPlan();
    const times = rounds.flat().map((c) => c.at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const round of rounds) expect(new Set(round.map((c) => c.externalId)).size).toBe(round.length);
  });
});

describe.each(databaseKinds)('the demo community on %s', (_kind, open) => {
  let store: TestDatabase;
  let seeded: Awaited<ReturnType<typeof seedDemoIfEmpty>>;
  beforeAll(async () => {
    store = await open();
    seeded = await seedDemoIfEmpty(eventLogOf(store), NOW);
  });
  afterAll(async () => {
    await store?.dispose();
  });

  // How fast it seeds is not asserted here: a wall-clock bound failed on a loaded machine (12–15 s
  // on PostgreSQL at load 18) while nothing was wrong. Speed belongs to benchmarks (BENCH.md).
  it('seeds about 400 members and their month, once', async () => {
    expect(seeded!.members).toBeGreaterThanOrEqual(400);
    expect(seeded!.events).toBeGreaterThan(5000);
    expect(await seedDemoIfEmpty(eventLogOf(store), NOW)).toBeNull();
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

  const demoCamp = async () => {
    const community = await store.db.selectFrom('communities').selectAll().executeTakeFirstOrThrow();
    const camps = await listCamps(store.db, community, NOW);
    expect(camps.map((c) => c.name)).toEqual([DEMO_CAMP_NAME]);
    return { community, camp: await getCamp(store.db, community, camps[0].id) };
  };
  const checkinsOf = (campId: number) =>
    store.db
      .selectFrom('checkins')
      .select(['id', 'member_id', 'day', 'kind', 'source', 'at'])
      .where('camp_id', '=', campId)
      .execute();

  it('runs a 21-day early-riser camp over the three groups, on its day 11 today, with its sign-ups enrolled', async () => {
    const { camp } = await demoCamp();
    const groups = await store.db
      .selectFrom('groups')
      .select('id')
      .where('platform', '=', 'demo')
      .orderBy('id')
      .execute();
    expect(camp).toMatchObject({
      template: 'early-riser-21',
      startDate: dayToIso(CAMP_START),
      lengthDays: 21,
      window: { start: '05:00', end: '08:00' },
    });
    expect(camp.groupIds).toEqual(groups.map((g) => g.id));
    expect(camp.enrolled).toBe(campPlan().enrolments.flatMap((e) => e.externalIds).length);
    expect(camp.enrolled).toBeGreaterThan(100);
  });

  it('records every planned check-in through the camp, on every day so far, with its event', async () => {
    const { camp } = await demoCamp();
    const rows = await checkinsOf(camp.id);
    const planned = campPlan().rounds.flat();
    expect(seeded!.checkins).toBe(rows.length);
    // Every check-in made inside the window counts; make-ups only while a card is left.
    expect(rows.filter((r) => r.source === 'chat')).toHaveLength(planned.filter((c) => c.source === 'chat').length);
    const makeUps = rows.filter((r) => r.kind === 'makeup');
    expect(makeUps.length).toBeGreaterThan(0);
    expect(makeUps.length).toBeLessThanOrEqual(planned.filter((c) => c.source === 'api').length);
    expect(new Set(rows.map((r) => r.day)).size).toBe(CAMP_DAYS_SO_FAR);
    expect(rows.filter((r) => r.day === END).length).toBeGreaterThan(10);
    const logged = await store.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('platform', '=', 'web')
      .where('kind', '=', 'checkin')
      .executeTakeFirstOrThrow();
    expect(Number(logged.n)).toBe(rows.length);
  });

  it('gives members real streaks: some perfect so far, some broken, many longer than 3 days', async () => {
    const { community, camp } = await demoCamp();
    const enrolments = await listEnrolments(store.db, community, camp.id, END);
    expect(enrolments.filter((e) => e.currentStreak === CAMP_DAYS_SO_FAR).length).toBeGreaterThan(0);
    expect(enrolments.filter((e) => e.currentStreak > 3).length).toBeGreaterThan(10);
    expect(enrolments.filter((e) => e.longestStreak > e.currentStreak).length).toBeGreaterThan(10);
    expect(enrolments.filter((e) => e.daysCompleted === 0).length).toBeGreaterThan(0);
  });

  it('pays points, and grants milestones and badges, as the check-ins earned them', async () => {
    const { camp } = await demoCamp();
    const ledger = await store.db
      .selectFrom('points_ledger')
      .select(['action', 'points', 'checkin_id'])
      .where('camp_id', '=', camp.id)
      .execute();
    const normal = (await checkinsOf(camp.id)).filter((r) => r.kind === 'normal');
    const byId = (a: number | null, b: number | null) => a! - b!;
    expect(
      ledger
        .filter((e) => e.action === 'checkin')
        .map((e) => e.checkin_id)
        .sort(byId),
    ).toEqual(normal.map((r) => r.id).sort(byId));
    expect(new Set(ledger.map((e) => e.action))).toEqual(
      new Set(['checkin', 'makeup-checkin', 'streak-bonus', 'milestone']),
    );
    expect(ledger.reduce((sum, e) => sum + e.points, 0)).toBeGreaterThan(5000);
    const milestones = await store.db
      .selectFrom('camp_milestone_grants')
      .select('milestone_day')
      .where('camp_id', '=', camp.id)
      .execute();
    expect(new Set(milestones.map((m) => m.milestone_day))).toEqual(new Set([3, 7]));
    const badges = await store.db.selectFrom('camp_badges').select('code').where('camp_id', '=', camp.id).execute();
    expect(badges.map((b) => b.code)).toEqual(expect.arrayContaining(['streak-keeper', 'comeback', 'milestone-7']));
  });

  it('seeds again without a second camp, enrolment or check-in', async () => {
    const { camp } = await demoCamp();
    const before = await checkinsOf(camp.id);
    const again = await seedDemo(eventLogOf(store), NOW);
    expect(again.checkins).toBe(0);
    const after = await demoCamp();
    expect(after.camp.enrolled).toBe(camp.enrolled);
    expect(await checkinsOf(camp.id)).toHaveLength(before.length);
  });
});
