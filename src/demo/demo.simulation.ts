import { dayToIso, wallClockToUtc } from '../kernel/time/local-day.js';
import type { ImportedEvent, Platform } from '../kernel/event-log/event.types.js';

/**
 * The demo community's 30 days, simulated: pure and deterministic from a seed and the last day, so
 * every screen has meaningful data and tests can recompute it. Shapes the playbook describes:
 * - 80/20: speakers' shares follow a Zipf law, so the top fifth write most messages;
 * - a quarter of members never write (lurkers), a quarter only check in (observers);
 * - check-ins mostly 05:00–08:00, talk in the morning and the evening;
 * - joins on day 0 and a few later, some leaves after the first week;
 * - questions answered by the group's teacher or assistant as replies, and members replying to each other;
 * - group 3 fades: its members' activity halves every day over the last 10 days;
 * - a few members slow down in the last week, a few pick up (so the care list has reasons).
 */

/** Not an importer's platform: the events are made here, and their source ids are stable per seed. */
export const DEMO_PLATFORM: Platform = 'demo';
export const DEMO_DAYS = 30;

export interface DemoSpec {
  seed: number;
  /** The last simulated day (local epoch day); events after `now` on it are left out. */
  endDay: number;
  timezone: string;
  now: number;
  members?: number;
}

export interface DemoStaff {
  externalId: string;
  role: 'owner' | 'teacher' | 'assistant';
  /** Group index (0..2); null for the community-wide owner. */
  group: number | null;
}

export interface DemoCommunity {
  groups: Array<{ externalId: string; name: string }>;
  staff: DemoStaff[];
  /** Manual tags operators set, by member external id. */
  tags: Array<{ tag: string; externalIds: string[] }>;
  events: ImportedEvent[];
}

/** mulberry32: a tiny seeded PRNG, plenty for a simulation. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const GROUP_NAMES = ['早起打卡营 · 晨曦1群', '早起打卡营 · 朝阳2群', '早起打卡营 · 破晓3群'];
const FADING_GROUP = 2;
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高'.split('');
const GIVEN = '晨曦阳光雨欣怡子涵梓轩浩然思远若彤一诺嘉懿明杰佳琪静雯天佑雅婷'.split('');
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '成都', '武汉', '西安', '南京', '长沙'];
const TALK = [
  '早上好！今天5点半就起来了',
  '坚持第{d}天，加油',
  '今天跑了3公里，舒服',
  '读完了《原子习惯》第二章',
  '早起之后效率真的高',
  '昨晚睡太晚，今天差点没起来',
  '分享一张日出照片',
  '给大家打气！',
  '今天的计划：运动、阅读、写作',
  '感觉状态越来越好了',
];
const REPLIES = ['说得好！', '同感', '一起加油💪', '厉害了', '收到，谢谢'];
const QUESTIONS = [
  '请问补卡怎么操作？',
  '今天的打卡任务是什么？',
  '有没有人知道周末直播几点开始？',
  '怎么修改打卡时间？',
  '请问第21天有结营仪式吗？',
];
const ANSWERS = [
  '补卡在小程序里点“补卡”，每周可以补一次',
  '今天的任务是早起后写下三件感恩的事',
  '周末直播晚上8点开始，记得预约',
  '在个人设置里可以改提醒时间',
  '有的！第21天晚上有线上结营仪式',
];
const STAFF_MORNING = '早安！今天也要元气满满，记得打卡哦～';

interface SimMember {
  externalId: string;
  name: string;
  group: number;
  kind: 'speaker' | 'observer' | 'lurker';
  weight: number;
  checkInRate: number;
  joinDay: number;
  leaveDay: number | null;
  trend: 'steady' | 'dropping' | 'rising';
}

/**
 * Simulates the demo: groups, staff, tags and events in time order within each day.
 *
 * @example
 * const demo = simulateDemo({ seed: 21, endDay: 20_000, timezone: 'Asia/Shanghai', now: Date.now() });
 */
export function simulateDemo(spec: DemoSpec): DemoCommunity {
  const random = mulberry32(spec.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const groups = GROUP_NAMES.map((name, i) => ({ externalId: `demo-group-${i + 1}`, name }));
  const members = makeMembers(spec.members ?? 400, random, pick);
  const staff: DemoStaff[] = [{ externalId: 'demo-staff-owner', role: 'owner', group: null }];
  const staffNames = new Map([['demo-staff-owner', '营长 · 晨星']]);
  groups.forEach((_, g) => {
    staff.push(
      { externalId: `demo-staff-teacher-${g + 1}`, role: 'teacher', group: g },
      { externalId: `demo-staff-assistant-${g + 1}`, role: 'assistant', group: g },
    );
    staffNames.set(`demo-staff-teacher-${g + 1}`, `领教 · ${pick(SURNAMES)}老师`);
    staffNames.set(`demo-staff-assistant-${g + 1}`, `助教 · 小${pick(GIVEN)}`);
  });

  const firstDay = spec.endDay - DEMO_DAYS + 1;
  const events: ImportedEvent[] = [];
  let seq = 0;
  const at = (day: number, hour: number, minute: number) => {
    const [y, m, d] = dayToIso(day).split('-').map(Number);
    return wallClockToUtc(spec.timezone, y, m, d, Math.floor(hour), Math.floor(minute), Math.floor(random() * 60));
  };
  const emit = (
    g: number,
    who: { externalId: string; name: string },
    kind: ImportedEvent['kind'],
    occurredAt: number,
    extra: Partial<ImportedEvent> = {},
  ) => {
    const event: ImportedEvent = {
      platform: DEMO_PLATFORM,
      sourceId: `demo-${++seq}`,
      group: groups[g],
      author: { externalId: who.externalId, displayName: who.name },
      kind,
      occurredAt,
      text: null,
      ...extra,
    };
    if (occurredAt <= spec.now) events.push(event);
    return event;
  };
  const staffOf = (g: number) =>
    staff
      .filter((s) => s.group === g || (s.group === null && g === 0))
      .map((s) => ({ externalId: s.externalId, name: staffNames.get(s.externalId)! }));

  for (let i = 0; i < DEMO_DAYS; i++) {
    const day = firstDay + i;
    for (let g = 0; g < groups.length; g++) {
      const dayEvents: Array<{ at: number; make: () => void }> = [];
      const later = (time: number, make: (time: number) => void) =>
        dayEvents.push({ at: time, make: () => make(time) });
      const fade = g === FADING_GROUP && i >= DEMO_DAYS - 10 ? 0.5 ** (i - (DEMO_DAYS - 11)) : 1;
      const groupStaff = staffOf(g);
      const teacher = groupStaff.find((s) => s.externalId.includes('teacher'))!;
      const assistant = groupStaff.find((s) => s.externalId.includes('assistant'))!;
      if (i === 0) for (const s of groupStaff) later(at(day, 19, random() * 30), (t) => emit(g, s, 'join', t));
      later(at(day, 5, random() * 10), (t) => emit(g, teacher, 'message', t, { text: STAFF_MORNING }));
      const recent: ImportedEvent[] = [];
      for (const m of members) {
        if (m.group !== g) continue;
        if (i === m.joinDay) later(at(day, 20, random() * 60), (t) => emit(g, m, 'join', t));
        if (i < m.joinDay || (m.leaveDay !== null && i > m.leaveDay)) continue;
        if (m.leaveDay === i) {
          later(at(day, 22, random() * 60), (t) => emit(g, m, 'leave', t));
          continue;
        }
        const trend =
          m.trend === 'dropping'
            ? i >= DEMO_DAYS - 7
              ? 0.1
              : 1.3
            : m.trend === 'rising'
              ? i >= DEMO_DAYS - 7
                ? 3
                : 0.15
              : 1;
        if (m.kind !== 'lurker' && random() < m.checkInRate * fade * Math.min(trend, 1)) {
          const hour = random() < 0.9 ? 5 + random() * 3 : 8 + random() * 2;
          later(at(day, hour, random() * 60), (t) => emit(g, m, 'checkin', t));
        }
        const expected = m.weight * fade * trend;
        let count = Math.floor(expected) + (random() < expected % 1 ? 1 : 0);
        while (count-- > 0) {
          const hour = random() < 0.55 ? 6 + random() * 3 : random() < 0.7 ? 19 + random() * 3 : 9 + random() * 10;
          const roll = random();
          later(at(day, hour, random() * 60), (t) => {
            if (roll < 0.06) {
              const k = Math.floor(random() * QUESTIONS.length);
              const question = emit(g, m, 'message', t, { text: QUESTIONS[k] });
              const answerer = random() < 0.5 ? teacher : assistant;
              emit(g, answerer, 'message', t + Math.floor((2 + random() * 25) * 60_000), {
                text: ANSWERS[k],
                replyToSourceId: question.sourceId,
              });
            } else if (roll < 0.26 && recent.length > 0) {
              recent.push(
                emit(g, m, 'message', t, { text: pick(REPLIES), replyToSourceId: pick(recent.slice(-20)).sourceId }),
              );
            } else {
              recent.push(emit(g, m, 'message', t, { text: pick(TALK).replace('{d}', String(i + 1)) }));
            }
          });
        }
      }
      // Time order within the day, so replies point back in time; ties keep creation order.
      for (const e of dayEvents.sort((a, b) => a.at - b.at)) e.make();
    }
  }
  events.sort((a, b) => a.occurredAt - b.occurredAt);
  const speakers = members.filter((m) => m.kind === 'speaker').sort((a, b) => b.weight - a.weight);
  const tags = [
    { tag: '铁杆学员', externalIds: speakers.slice(0, 12).map((m) => m.externalId) },
    { tag: '宝妈', externalIds: members.filter((_, i) => i % 17 === 3).map((m) => m.externalId) },
    { tag: '需要鼓励', externalIds: members.filter((m) => m.trend === 'dropping').map((m) => m.externalId) },
  ];
  return { groups, staff, tags, events };
}

function makeMembers(count: number, random: () => number, pick: <T>(list: readonly T[]) => T): SimMember[] {
  const members: SimMember[] = [];
  const taken = new Set<string>();
  let speakerRank = 0;
  for (let i = 0; i < count; i++) {
    let name = `${pick(CITIES)}-${pick(SURNAMES)}${pick(GIVEN)}${random() < 0.5 ? pick(GIVEN) : ''}`;
    if (taken.has(name)) name = `${name}${i}`;
    taken.add(name);
    const roll = random();
    const kind = roll < 0.25 ? 'lurker' : roll < 0.5 ? 'observer' : 'speaker';
    // Zipf (s = 1.2) over speakers in creation order: the first few write most of the messages.
    const weight = kind === 'speaker' ? 20 / (++speakerRank) ** 1.2 + 0.05 : kind === 'observer' ? 0.03 : 0;
    const trendRoll = random();
    const trend =
      kind === 'speaker' && trendRoll < 0.08
        ? 'dropping'
        : kind === 'speaker' && trendRoll < 0.12
          ? 'rising'
          : 'steady';
    const joinDay = random() < 0.88 ? 0 : 1 + Math.floor(random() * 25);
    const leaveDay = random() < 0.03 ? joinDay + 7 + Math.floor(random() * 15) : null;
    members.push({
      externalId: `demo-member-${i + 1}`,
      name,
      group: i % 3,
      kind,
      weight,
      checkInRate: kind === 'lurker' ? 0 : kind === 'observer' ? 0.35 + random() * 0.4 : 0.5 + random() * 0.45,
      joinDay,
      leaveDay: leaveDay !== null && leaveDay < DEMO_DAYS ? leaveDay : null,
      trend,
    });
  }
  return members;
}
