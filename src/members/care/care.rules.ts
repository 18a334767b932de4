import { TIER_WINDOW_DAYS, tierOf } from '../stats/tier.rules.js';
import { dayToIso } from '../../kernel/time/local-day.js';

/**
 * Today's care list (PLAYBOOK §2): activists are mobilised (`encourage`), observers get an
 * assistant (`help`), lurkers who once took part and members whose activity is dropping get
 * one-to-one care (`contact`). Pure rules over day numbers (local epoch days): no clock, no I/O.
 */
export type CareKind = 'encourage' | 'help' | 'contact';
export const CARE_KINDS: readonly CareKind[] = ['encourage', 'help', 'contact'];
const KIND_ORDER: readonly CareKind[] = ['contact', 'help', 'encourage'];

/** Stable reason codes; the console phrases them in zh-CN and en from `params`. */
export type CareReasonCode = 'dropping' | 'lapsed' | 'quiet-newcomer' | 'observer' | 'rising' | 'helpful';

/** A member needs contact when last week's messages fell below half of the week before's, from at least this many. */
export const DROP_MIN_PREVIOUS = 5;
/** Rising: at least this many messages in the last 7 days, and half again as many as the 7 before. */
export const RISING_MIN_MESSAGES = 5;
export const RISING_FACTOR = 1.5;
/** Helpful: replied to others at least this often in the last 7 days. */
export const HELPFUL_MIN_REPLIES = 5;
/** Newcomers who have not spoken are welcomed for this many days after their first day. */
export const NEWCOMER_DAYS = 7;
/** Items per staff member and kind, highest priority first. */
export const CARE_CAP = 10;

/** What the rules know about one member on day D. */
export interface CareFacts {
  memberId: number;
  /** Day 0: the member's first event in the community. */
  firstDay: number | null;
  /** Activity per day in the tier window D-13..D (days without activity may be left out). */
  recent: ReadonlyArray<{ day: number; messages: number; checkins: number }>;
  /** Messages in D-6..D that reply to another message. */
  repliesLast7: number;
  /** Messages and the last day with activity before the window (D-14 and earlier). */
  messagesBefore: number;
  lastActiveBefore: number | null;
}

export interface CareDecision {
  kind: CareKind;
  code: CareReasonCode;
  params: Record<string, number | string>;
  /** English reason, for logs-free API consumers and the CLI; the console uses code and params. */
  reason: string;
  /** Higher first, compared within a kind. */
  priority: number;
}

/**
 * Decides whether and why a member belongs on day `day`'s care list. Dropping activity comes
 * first (even an active member can be slipping away), then the member's tier (METRICS.md).
 *
 * @example
 * careFor({ memberId: 1, firstDay: 0, recent: [{ day: 20, messages: 9, checkins: 0 }, { day: 28, messages: 2, checkins: 0 }],
 *           repliesLast7: 0, messagesBefore: 0, lastActiveBefore: null }, 28)
 * // { kind: 'contact', code: 'dropping', params: { last7: 2, prev7: 9 }, … }
 */
export function careFor(facts: CareFacts, day: number): CareDecision | null {
  const windowStart = day - TIER_WINDOW_DAYS + 1;
  let last7 = 0;
  let prev7 = 0;
  let activity = 0;
  const messageDays = new Set<number>();
  let checkins = 0;
  for (const r of facts.recent) {
    if (r.day < windowStart || r.day > day) continue;
    if (r.day > day - 7) last7 += r.messages;
    else prev7 += r.messages;
    if (r.messages > 0) messageDays.add(r.day);
    activity += r.messages + r.checkins;
    checkins += r.checkins;
  }

  if (prev7 >= DROP_MIN_PREVIOUS && last7 * 2 < prev7) {
    return decision(
      'contact',
      'dropping',
      { last7, prev7 },
      `Messages fell from ${prev7} to ${last7} in the last 7 days`,
      prev7 - last7,
    );
  }
  const tier = tierOf({ messageDays: messageDays.size, activityEvents: activity });
  if (tier === 'lurker') {
    if (facts.lastActiveBefore !== null) {
      const silentDays = day - facts.lastActiveBefore;
      const params = { lastActive: dayToIso(facts.lastActiveBefore), silentDays, messagesBefore: facts.messagesBefore };
      return decision(
        'contact',
        'lapsed',
        params,
        `Silent for ${silentDays} days after ${facts.messagesBefore} messages`,
        facts.messagesBefore + 1,
      );
    }
    if (facts.firstDay !== null && facts.firstDay <= day && day - facts.firstDay < NEWCOMER_DAYS) {
      const joinedDaysAgo = day - facts.firstDay;
      return decision(
        'help',
        'quiet-newcomer',
        { joinedDaysAgo },
        `Joined ${joinedDaysAgo} days ago and has not spoken yet`,
        joinedDaysAgo + 1,
      );
    }
    return null;
  }
  if (tier === 'observer') {
    const params = { messageDays: messageDays.size, checkIns: checkins };
    return decision(
      'help',
      'observer',
      params,
      `Takes part but seldom speaks: messages on ${messageDays.size} of the last 14 days, ${checkins} check-ins`,
      activity,
    );
  }
  if (facts.repliesLast7 >= HELPFUL_MIN_REPLIES) {
    return decision(
      'encourage',
      'helpful',
      { replies: facts.repliesLast7 },
      `Replied to others ${facts.repliesLast7} times this week`,
      last7 + 2 * facts.repliesLast7,
    );
  }
  if (last7 >= RISING_MIN_MESSAGES && last7 >= RISING_FACTOR * prev7) {
    return decision(
      'encourage',
      'rising',
      { last7, prev7 },
      `Activity rising: ${last7} messages this week, ${prev7} the week before`,
      last7 - prev7,
    );
  }
  return null;
}

function decision(
  kind: CareKind,
  code: CareReasonCode,
  params: CareDecision['params'],
  reason: string,
  priority: number,
): CareDecision {
  return { kind, code, params, reason, priority };
}

export interface CareCandidate extends CareDecision {
  memberId: number;
  /** The groups the member is in on the day, in display order. */
  groupIds: readonly number[];
}

export interface CareAssignment extends CareCandidate {
  /** The group through which the item was assigned (the staff member's group). */
  groupId: number;
}

export interface CareBucket {
  /** Null: no staff in any of the members' groups. */
  staffMemberId: number | null;
  items: CareAssignment[];
}

/**
 * Hands each item to a staff member of one of the member's groups: the least loaded one with room
 * for that kind (ties to the lowest id), taking items in priority order so the cap drops the least
 * pressing. Items in groups without staff go to the unassigned bucket, capped likewise.
 *
 * @example
 * assignCare(items, new Map([[1, [10, 11]]])) // alternates between staff 10 and 11
 */
export function assignCare(
  candidates: readonly CareCandidate[],
  staffByGroup: ReadonlyMap<number, readonly number[]>,
  cap = CARE_CAP,
): CareBucket[] {
  const ordered = [...candidates].sort((a, b) => b.priority - a.priority || a.memberId - b.memberId);
  const buckets = new Map<number | null, CareAssignment[]>();
  const load = new Map<number | null, number>();
  const perKind = new Map<string, number>();
  const give = (staff: number | null, item: CareCandidate, groupId: number) => {
    const key = `${staff}:${item.kind}`;
    perKind.set(key, (perKind.get(key) ?? 0) + 1);
    load.set(staff, (load.get(staff) ?? 0) + 1);
    const list = buckets.get(staff) ?? [];
    list.push({ ...item, groupId });
    buckets.set(staff, list);
  };
  const hasRoom = (staff: number | null, kind: CareKind) => (perKind.get(`${staff}:${kind}`) ?? 0) < cap;

  for (const item of ordered) {
    const candidates = new Set<number>();
    for (const g of item.groupIds)
      for (const s of staffByGroup.get(g) ?? []) if (s !== item.memberId) candidates.add(s);
    if (candidates.size === 0) {
      if (hasRoom(null, item.kind)) give(null, item, item.groupIds[0]);
      continue;
    }
    let chosen: number | null = null;
    for (const s of [...candidates].sort((a, b) => a - b)) {
      if (!hasRoom(s, item.kind)) continue;
      if (chosen === null || (load.get(s) ?? 0) < (load.get(chosen) ?? 0)) chosen = s;
    }
    if (chosen === null) continue;
    const groupId = item.groupIds.find((g) => (staffByGroup.get(g) ?? []).includes(chosen!))!;
    give(chosen, item, groupId);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a - b))
    .map(([staffMemberId, items]) => ({ staffMemberId, items: items.sort(byUrgency) }));
}

/** Reasons in the order they are worked within a kind: what can still be caught comes first. */
const CODE_ORDER: readonly CareReasonCode[] = ['dropping', 'lapsed', 'quiet-newcomer', 'observer', 'helpful', 'rising'];

/** How pressing an item is within its reason: the longer silent, the closer to the end of the first week. */
function urgencyKey(item: CareDecision): number {
  if (item.code === 'lapsed') return Number(item.params.silentDays ?? 0);
  if (item.code === 'quiet-newcomer') return Number(item.params.joinedDaysAgo ?? 0);
  return item.priority;
}

/**
 * The care list's order for one staff member (docs/console.md, "Today's care list"): one-to-one
 * contacts, then help, then encouragement; within a kind, activity falling now before long
 * silence (`dropping` by how far it fell, `lapsed` longest silent first), newcomers who have not
 * spoken before observers (nearest the end of their first week first), and the rest by priority;
 * ties by member id.
 *
 * @example
 * items.sort(byUrgency)
 */
export function byUrgency(a: CareCandidate, b: CareCandidate): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    CODE_ORDER.indexOf(a.code) - CODE_ORDER.indexOf(b.code) ||
    urgencyKey(b) - urgencyKey(a) ||
    b.priority - a.priority ||
    a.memberId - b.memberId
  );
}
