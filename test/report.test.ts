import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/analytics/report/report.service.js';
import { assignRole } from '../src/members/roles/role.service.js';
import { ingestIntoCommunity } from '../src/communities/imports/import.service.js';
import { databaseKinds, type TestDatabase } from './support/databases.js';
import { asStream, eventBuilder } from './support/events.js';
import { eventLogOf } from './support/event-log.js';
import { rebuildQuestions } from '../src/automation/service-desk/questions.service.js';

/**
 * A hand-computed scenario in America/New_York (DST starts 2024-03-10 02:00). Every expected number
 * below is worked out in the comments from METRICS.md. Groups: "morning" carries reply links,
 * "evening" does not and has a staff member S (assistant). X is a bot.
 */
const TZ = 'America/New_York';
const { at, utc, event } = eventBuilder(TZ);
const scenario = [
  event('morning', 'A', 'join', at('2024-03-04 09:00')),
  event('morning', 'A', 'message', at('2024-03-04 09:05'), { text: 'hello' }),
  // 23:30 EST on 03-04 is 04:30 UTC on 03-05: the community's day is 03-04.
  event('morning', 'B', 'message', utc('2024-03-05T04:30:00Z'), { id: 'b1', text: 'how do I start' }),
  event('morning', 'A', 'message', at('2024-03-05 00:10'), { text: 'at five', replyTo: 'b1' }), // answers b1 after 2400 s
  event('morning', 'A', 'message', at('2024-03-05 08:00'), { text: '早' }),
  event('morning', 'A', 'message', at('2024-03-06 08:00'), { text: '早' }),
  event('morning', 'X', 'message', at('2024-03-06 08:01'), { text: 'bot question?', bot: true }),
  event('morning', 'A', 'message', at('2024-03-07 08:00'), { text: '早' }),
  // 01:59 EST → 03:01 EDT across the DST change is 2 minutes, not 62.
  event('morning', 'B', 'message', at('2024-03-10 01:59'), { id: 'b2', text: '请问今天打卡吗' }),
  event('morning', 'A', 'message', at('2024-03-10 03:01'), { text: '要', replyTo: 'b2' }), // 120 s
  event('morning', 'C', 'message', at('2024-03-10 10:00'), { id: 'c1', text: 'what time' }),
  event('morning', 'A', 'message', at('2024-03-11 11:00'), { text: 'nine', replyTo: 'c1' }), // 25 h: too late
  event('morning', 'D', 'reaction', at('2024-03-12 09:00')),
  event('morning', 'F', 'message', at('2024-03-12 10:00'), { text: 'hi' }),
  event('morning', 'F', 'checkin', at('2024-03-13 08:00')),
  event('evening', 'S', 'message', at('2024-03-04 20:00'), { text: 'welcome' }),
  event('evening', 'E', 'join', at('2024-03-04 20:01')),
  event('evening', 'E', 'message', at('2024-03-04 20:05'), { text: 'anyone here' }),
  // Without reply links only a message naming the asker answers: not C's "hi", but S's "E: yes" after 600 s.
  event('evening', 'C', 'message', at('2024-03-04 20:06'), { text: 'hi' }),
  event('evening', 'S', 'message', at('2024-03-04 20:15'), { text: 'E: yes' }),
  event('evening', 'E', 'message', at('2024-03-08 12:00'), { text: 'ok' }),
  event('evening', 'E', 'leave', at('2024-03-09 12:00')),
  event('evening', 'S', 'message', at('2024-03-20 12:00'), { text: 'anyone?' }), // staff: not a question
];

describe.each(databaseKinds)('report on %s', (_kind, open) => {
  let store: TestDatabase;
  const report = (range = {}) => buildReport(store.db, 'camp', range, Date.parse('2024-04-01T00:00:00Z'));

  beforeAll(async () => {
    store = await open();
    await ingestIntoCommunity(
      eventLogOf(store),
      { community: 'camp', timezone: TZ, format: 'test', fileName: 'scenario' },
      () => asStream(scenario),
    );
    const community = await store.db
      .selectFrom('communities')
      .select('id')
      .where('slug', '=', 'camp')
      .executeTakeFirstOrThrow();
    const s = await store.db
      .selectFrom('members')
      .select('id')
      .where('display_name', '=', 'S')
      .executeTakeFirstOrThrow();
    const evening = await store.db
      .selectFrom('groups')
      .select('id')
      .where('name', '=', 'evening')
      .executeTakeFirstOrThrow();
    await assignRole(
      store.db,
      { communityId: community.id, memberId: s.id, role: 'assistant', groupId: evening.id },
      rebuildQuestions,
    );
  });
  afterAll(() => store?.dispose());

  it('computes the whole report over the default range', async () => {
    const r = await report();
    expect(r.community).toBe('camp');
    expect(r.timezone).toBe(TZ);
    expect(r.range).toEqual({ from: '2024-03-04', to: '2024-03-20' });
    // 17 messages by A(7) S(3) B(2) C(2) E(2) F(1); the bot's is not counted. Present on 03-20:
    // A (joined), B, C, D (reaction, no join/leave), S, F; E left.
    expect(r.totals).toEqual({ messages: 17, members: 6, authors: 6, checkIns: 1 });
    expect(r.daily).toHaveLength(17);
    expect(r.daily.slice(0, 10)).toEqual([
      { date: '2024-03-04', messages: 6, activeMembers: 5 },
      { date: '2024-03-05', messages: 2, activeMembers: 1 },
      { date: '2024-03-06', messages: 1, activeMembers: 1 },
      { date: '2024-03-07', messages: 1, activeMembers: 1 },
      { date: '2024-03-08', messages: 1, activeMembers: 1 },
      { date: '2024-03-09', messages: 0, activeMembers: 0 },
      { date: '2024-03-10', messages: 3, activeMembers: 3 },
      { date: '2024-03-11', messages: 1, activeMembers: 1 },
      { date: '2024-03-12', messages: 1, activeMembers: 1 },
      { date: '2024-03-13', messages: 0, activeMembers: 1 }, // F's check-in is activity
    ]);
    expect(r.daily[16]).toEqual({ date: '2024-03-20', messages: 1, activeMembers: 1 });
    // Window 03-07..03-20: A has message days 07, 10, 11 (3 < 4); D only reacted.
    expect(r.tiers).toEqual({ asOf: '2024-03-20', active: 0, observer: 5, lurker: 1 });
    expect(r.retention).toEqual([
      // Day 0 = 03-04 for A, B, C, E (join), S; D has no join or activity. Week 1 = 03-11..03-17: only A.
      { cohort: '2024-W10', size: 5, week1: 0.2, week2: null, week3: null, week4: null, d1: 0.2, d7: 0.2, d30: null },
      // F: day 0 = 03-12; checked in on day 1; nothing on day 7 (03-19).
      { cohort: '2024-W11', size: 1, week1: null, week2: null, week3: null, week4: null, d1: 1, d7: 0, d30: null },
    ]);
    // b1 (2400 s), b2 (120 s), c1 (unanswered in 24 h), e1 (600 s: S names E; the group has no links).
    expect(r.responseTime).toMatchObject({
      questions: 4,
      answered: 3,
      medianSeconds: 600,
      p90Seconds: 2400,
      withinSla: 0.25,
    });
    expect(r.responseTime.distribution.map((b) => b.count)).toEqual([0, 1, 1, 1, 0, 0]); // ≤60, ≤300, ≤900, ≤3600, ≤4h, ≤24h;
    expect(r.concentration.top20Share).toBeCloseTo(10 / 17, 12); // top 2 of 6 authors: A 7 + S 3
    expect(r.groups.map(({ name, phase, silent, m7, peak }) => ({ name, phase, silent, m7, peak }))).toEqual([
      { name: 'morning', phase: 'silent', silent: true, m7: 0, peak: 9 }, // peak: 03-04..03-10 = 2+2+1+1+3
      { name: 'evening', phase: 'silent', silent: true, m7: 0, peak: 3 }, // S is staff: E, C on 03-04, E on 03-08
    ]);
  });

  it('cuts every metric at --to', async () => {
    const r = await report({ to: '2024-03-10' });
    expect(r.range).toEqual({ from: '2024-03-04', to: '2024-03-10' });
    expect(r.totals).toEqual({ messages: 14, members: 4, authors: 5, checkIns: 0 });
    expect(r.tiers).toEqual({ asOf: '2024-03-10', active: 1, observer: 3, lurker: 0 }); // A: 5 message days
    expect(r.retention).toEqual([
      { cohort: '2024-W10', size: 5, week1: null, week2: null, week3: null, week4: null, d1: 0.2, d7: null, d30: null },
    ]);
    expect(r.concentration.top20Share).toBeCloseTo(6 / 14, 12);
    expect(r.groups.map((g) => [g.name, g.phase, g.m7, g.peak])).toEqual([
      ['morning', 'honeymoon', 9, 9],
      ['evening', 'honeymoon', 3, 3],
    ]);
  });

  it('follows the lifecycle through cooling and fading', async () => {
    const mid = await report({ from: '2024-03-09', to: '2024-03-15' });
    expect(mid.groups.map((g) => [g.name, g.phase, g.m7, g.peak])).toEqual([
      ['morning', 'cooling', 5, 9], // 03-09..03-15: 3 + 1 + 1
      ['evening', 'silent', 0, 3],
    ]);
    expect(mid.responseTime).toMatchObject({ questions: 2, answered: 1, medianSeconds: 120, withinSla: 0.5 });
    const late = await report({ to: '2024-03-18' });
    expect(late.groups[0]).toMatchObject({ phase: 'fading', m7: 1, peak: 9 });
  });

  it('is unchanged by importing the same events again', async () => {
    const before = await report();
    const again = await ingestIntoCommunity(
      eventLogOf(store),
      { community: 'camp', format: 'test', fileName: 'scenario' },
      () => asStream(scenario),
    );
    expect(again).toMatchObject({ inserted: 0, duplicates: scenario.length });
    expect(await report()).toEqual(before);
  });

  it('rejects bad ranges and unknown communities', async () => {
    await expect(report({ from: '2024-03-10', to: '2024-03-01' })).rejects.toThrow(/after/);
    await expect(report({ from: '2024-13-01' })).rejects.toThrow(/YYYY-MM-DD|calendar/);
    await expect(buildReport(store.db, 'nope')).rejects.toThrow(/not found/);
  });
});
