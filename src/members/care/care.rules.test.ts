import { describe, expect, it } from 'vitest';
import { createDayResolver, isoToDay, wallClockToUtc } from '../../kernel/time/local-day.js';
import { assignCare, careFor, type CareCandidate, type CareFacts } from './care.rules.js';

const D = 1000;
/** `days` maps "days before D" to [messages, check-ins]. */
function facts(days: Record<number, [number, number]>, extra: Partial<CareFacts> = {}): CareFacts {
  return {
    memberId: 1,
    firstDay: D - 100,
    recent: Object.entries(days).map(([ago, [messages, checkins]]) => ({ day: D - Number(ago), messages, checkins })),
    repliesLast7: 0,
    messagesBefore: 0,
    lastActiveBefore: null,
    ...extra,
  };
}
const daily = (from: number, to: number, m: number, c = 0) =>
  Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [from + i, [m, c]])) as Record<
    number,
    [number, number]
  >;

describe('careFor', () => {
  it.each([
    [
      'dropping: 9 the week before, 2 this week',
      facts({ 10: [9, 0], 1: [2, 0] }),
      { kind: 'contact', code: 'dropping', params: { last7: 2, prev7: 9 }, priority: 7 },
    ],
    [
      'dropping wins over active: an activist slipping away',
      facts({ ...daily(7, 13, 3), 0: [1, 0], 1: [1, 0], 2: [1, 0], 3: [1, 0] }),
      { kind: 'contact', code: 'dropping', params: { last7: 4, prev7: 21 } },
    ],
    ['not dropping below the minimum before (4 → 0)', facts({ 10: [4, 0] }), { kind: 'help', code: 'observer' }],
    ['exactly half is not dropping (10 → 5)', facts({ 10: [10, 0], 0: [5, 0] }), { kind: 'help', code: 'observer' }],
    [
      'lapsed: lurker once active',
      facts({}, { messagesBefore: 40, lastActiveBefore: D - 30 }),
      {
        kind: 'contact',
        code: 'lapsed',
        params: { silentDays: 30, messagesBefore: 40, lastActive: '1972-08-28' },
        priority: 41,
      },
    ],
    [
      'lapsed after check-ins only',
      facts({}, { messagesBefore: 0, lastActiveBefore: D - 20 }),
      { kind: 'contact', code: 'lapsed', priority: 1 },
    ],
    [
      'quiet newcomer: joined 3 days ago, silent',
      facts({}, { firstDay: D - 3 }),
      { kind: 'help', code: 'quiet-newcomer', params: { joinedDaysAgo: 3 } },
    ],
    ['a silent newcomer of 7 days is no longer new', facts({}, { firstDay: D - 7 }), null],
    ['a lurker who never took part gets no item', facts({}), null],
    [
      'observer: check-ins only',
      facts({ 0: [0, 1], 1: [0, 1] }),
      { kind: 'help', code: 'observer', params: { messageDays: 0, checkIns: 2 }, priority: 2 },
    ],
    [
      'observer: messages on 3 days',
      facts({ 0: [1, 0], 3: [2, 0], 12: [1, 0] }),
      { kind: 'help', code: 'observer', params: { messageDays: 3, checkIns: 0 } },
    ],
    ['active and steady: no item', facts(daily(0, 13, 2)), null],
    [
      'active and rising',
      facts({ ...daily(0, 6, 2), 8: [1, 0], 9: [1, 0] }),
      { kind: 'encourage', code: 'rising', params: { last7: 14, prev7: 2 }, priority: 12 },
    ],
    [
      'active and helpful: many replies',
      facts(daily(0, 13, 2), { repliesLast7: 6 }),
      { kind: 'encourage', code: 'helpful', params: { replies: 6 }, priority: 26 },
    ],
    ['activity outside the window is ignored', facts({ 14: [50, 0], [-1]: [50, 0] }), null],
  ] as const)('%s', (_name, input, expected) => {
    const result = careFor(input, D);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject(expected);
  });

  it('gives an English reason', () => {
    expect(careFor(facts({ 10: [9, 0], 1: [2, 0] }), D)?.reason).toBe('Messages fell from 9 to 2 in the last 7 days');
  });

  it('counts weeks in local days, across midnight and a DST change', () => {
    // New York, 2024-03-10 springs forward. A message at 23:30 local on 03-03 is in the week
    // before 03-10..03-16, one at 00:30 on 03-10 (a 23-hour day) in the last week.
    const tz = 'America/New_York';
    const dayOf = createDayResolver(tz);
    const D2 = isoToDay('2024-03-16');
    const recent = [
      ...[3, 4, 5, 6, 7, 8, 9].map((d) => ({
        day: dayOf(wallClockToUtc(tz, 2024, 3, d, 23, 30)),
        messages: 2,
        checkins: 0,
      })),
      { day: dayOf(wallClockToUtc(tz, 2024, 3, 10, 0, 30)), messages: 3, checkins: 0 },
    ];
    const result = careFor(
      { memberId: 1, firstDay: D2 - 30, recent, repliesLast7: 0, messagesBefore: 0, lastActiveBefore: null },
      D2,
    );
    expect(result).toMatchObject({ code: 'dropping', params: { last7: 3, prev7: 14 } });
  });
});

describe('assignCare', () => {
  const item = (
    memberId: number,
    kind: CareCandidate['kind'],
    priority: number,
    groupIds: number[],
  ): CareCandidate => ({
    memberId,
    kind,
    priority,
    groupIds,
    code: 'observer',
    params: {},
    reason: '',
  });

  it('spreads items over a group’s staff, least loaded first, highest priority first', () => {
    const buckets = assignCare(
      [item(1, 'help', 1, [1]), item(2, 'help', 5, [1]), item(3, 'help', 3, [1])],
      new Map([[1, [20, 10]]]),
    );
    expect(buckets.map((b) => [b.staffMemberId, b.items.map((i) => i.memberId)])).toEqual([
      [10, [2, 1]],
      [20, [3]],
    ]);
  });

  it('puts items of groups without staff in the unassigned bucket, last', () => {
    const buckets = assignCare(
      [item(1, 'help', 1, [2]), item(2, 'contact', 1, [1])],
      new Map([
        [1, [10]],
        [2, []],
      ]),
    );
    expect(buckets.map((b) => [b.staffMemberId, b.items.map((i) => [i.memberId, i.groupId])])).toEqual([
      [10, [[2, 1]]],
      [null, [[1, 2]]],
    ]);
  });

  it('assigns through a group where the member has staff, and never to the member themself', () => {
    const buckets = assignCare(
      [item(10, 'encourage', 1, [1, 2])],
      new Map([
        [1, [10]],
        [2, [11]],
      ]),
    );
    expect(buckets).toEqual([{ staffMemberId: 11, items: [expect.objectContaining({ memberId: 10, groupId: 2 })] }]);
  });

  it('caps each staff member per kind, dropping the lowest priorities', () => {
    const items = Array.from({ length: 5 }, (_, i) => item(i + 1, 'contact', i, [1]));
    const buckets = assignCare([...items, item(9, 'help', 0, [1])], new Map([[1, [10]]]), 2);
    expect(buckets[0].items.map((i) => i.memberId)).toEqual([5, 4, 9]);
  });
});

describe('assignCare order', () => {
  it('lists contacts first, then help, then encouragement, each by priority', () => {
    const make = (memberId: number, kind: CareCandidate['kind'], priority: number): CareCandidate => ({
      memberId,
      kind,
      priority,
      groupIds: [1],
      code: 'observer',
      params: {},
      reason: '',
    });
    const [bucket] = assignCare(
      [make(1, 'encourage', 9), make(2, 'help', 5), make(3, 'contact', 1), make(4, 'contact', 2)],
      new Map([[1, [10]]]),
    );
    expect(bucket.items.map((i) => i.memberId)).toEqual([4, 3, 2, 1]);
  });
});

describe('care list urgency', () => {
  const make = (memberId: number, code: CareCandidate['code'], params: CareCandidate['params'], priority = 1) => ({
    memberId,
    kind: (code === 'dropping' || code === 'lapsed'
      ? 'contact'
      : code === 'rising'
        ? 'encourage'
        : 'help') as CareCandidate['kind'],
    code,
    params,
    priority,
    groupIds: [1],
    reason: '',
  });

  it('works falling activity first, then the longest silence, then newcomers nearest the end of their first week', () => {
    const [bucket] = assignCare(
      [
        make(1, 'observer', {}, 50),
        make(2, 'quiet-newcomer', { joinedDaysAgo: 2 }, 3),
        make(3, 'lapsed', { silentDays: 30 }, 90),
        make(4, 'quiet-newcomer', { joinedDaysAgo: 6 }, 7),
        make(5, 'lapsed', { silentDays: 60 }, 2),
        make(6, 'dropping', { prev7: 9, last7: 1 }, 8),
        make(7, 'rising', { last7: 9, prev7: 0 }, 9),
      ],
      new Map([[1, [10]]]),
    );
    expect(bucket.items.map((i) => i.memberId)).toEqual([6, 5, 3, 4, 2, 1, 7]);
  });
});
