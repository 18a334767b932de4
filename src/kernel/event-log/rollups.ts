import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { EVENT_KINDS } from './event.types.js';
import type { EventBatch } from './event-batch.js';
import { monthOfDay } from './months.js';
import { postgresRollupStore, type CountRow, type RollupDelta, type RollupStore } from './rollup-store.js';
import { sqliteRollupStore } from './rollup-store-sqlite.js';

export interface Counts {
  messages: number;
  checkins: number;
}

/**
 * Numeric keys for (id, day) pairs: ids below 2^33 and days within ±2^19 of 1970 (about 1400
 * years) fit a double exactly, and a Map with number keys is several times faster than one with
 * `${a}\0${b}` strings split back with `Number`. Sorting the keys orders rows by (id, day), the
 * primary keys' order, so the stored b-trees are written front to back.
 */
const SPAN = 2 ** 20;
const OFFSET = 2 ** 19;
const pack = (id: number, day: number) => id * SPAN + day + OFFSET;
const dayOf = (key: number) => key - Math.floor(key / SPAN) * SPAN - OFFSET;

/** Adds to the counts under `key`; returns whether the key is new. */
function addTo(map: Map<number, Counts>, key: number, messages: number, checkins: number): boolean {
  const counts = map.get(key);
  if (counts) {
    counts.messages += messages;
    counts.checkins += checkins;
    return false;
  }
  map.set(key, { messages, checkins });
  return true;
}

const MESSAGE = EVENT_KINDS.indexOf('message');
const CHECKIN = EVENT_KINDS.indexOf('checkin');
const JOIN = EVENT_KINDS.indexOf('join');

/** A batch's new events of one author on one day in one group (see `addBatch`). */
interface AuthorDay {
  messages: number;
  checkins: number;
  joins: number;
}

function nested<V>(map: Map<number, Map<number, V>>, key: number): Map<number, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}

function keepMin(map: Map<number, number>, key: number, day: number) {
  const known = map.get(key);
  if (known === undefined || day < known) map.set(key, day);
}

/** Rows of a packed-key map, in key order: `[...prefix, id, day, messages, checkins]`. */
function rowsOf(map: Map<number, Counts>, prefix?: number): CountRow[] {
  const keys = Float64Array.from(map.keys()).sort();
  const rows: CountRow[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const c = map.get(keys[i])!;
    const id = Math.floor(keys[i] / SPAN);
    const day = keys[i] - id * SPAN - OFFSET;
    rows[i] = prefix === undefined ? [id, day, c.messages, c.checkins] : [prefix, id, day, c.messages, c.checkins];
  }
  return rows;
}

function add(map: Map<number, Counts>, key: number, counts: Counts) {
  const known = map.get(key);
  if (known) {
    known.messages += counts.messages;
    known.checkins += counts.checkins;
  } else map.set(key, { messages: counts.messages, checkins: counts.checkins });
}

/**
 * Day rollups kept up to date at ingest, so reports read thousands of rows instead of millions of
 * events. Each activity event counts once, per (group, member, day); the member-day, member-month,
 * group-day and community-day deltas are sums of those, formed at `flush`, which adds them to the
 * stored rows and counts a member as newly active on a day exactly when their member-day row is
 * created.
 */
export class RollupAccumulator {
  private groupMemberDays = new Map<number, Map<number, Counts>>();
  private memberFirstDay = new Map<number, number>();
  private groupFirstDay = new Map<number, number>();
  private membershipFirstDay = new Map<number, Map<number, number>>();
  private replyLinkedGroups = new Set<number>();
  private firstDay = Infinity;
  private lastDay = -Infinity;
  private monthOf = new Map<number, number>();
  private readonly store: RollupStore;
  /** Keys held: (group, member, day) counts waiting for `flush`. */
  size = 0;

  /** `store` replaces the database's own (tests record what a flush writes). */
  constructor(
    private readonly communityId: number,
    handle: DatabaseHandle,
    store?: RollupStore,
  ) {
    this.store = store ?? (handle.sqlite ? sqliteRollupStore(handle.sqlite) : postgresRollupStore());
  }

  /** Records one newly stored event. `memberIsCounted` is false for bots. */
  add(groupId: number, memberId: number | null, kind: string, day: number, linked: boolean, memberIsCounted: boolean) {
    keepMin(this.groupFirstDay, groupId, day);
    if (day < this.firstDay) this.firstDay = day;
    if (day > this.lastDay) this.lastDay = day;
    if (linked) this.replyLinkedGroups.add(groupId);
    if (memberId === null || !memberIsCounted) return;
    keepMin(nested(this.membershipFirstDay, groupId), memberId, day);
    const message = kind === 'message';
    const isActivity = message || kind === 'checkin';
    if (isActivity || kind === 'join') keepMin(this.memberFirstDay, memberId, day);
    if (!isActivity) return;
    if (addTo(nested(this.groupMemberDays, groupId), pack(memberId, day), message ? 1 : 0, message ? 0 : 1))
      this.size++;
  }

  /**
   * `add` for the events of a batch that were newly stored (`fresh[i]` set), summed per group,
   * author and day first: the maps above then see each such key once per batch (a few hundred
   * for 4096 messages) instead of once per event, which is most of the cost of counting.
   */
  addBatch(
    batch: EventBatch,
    fresh: Uint8Array,
    groupIds: readonly number[],
    members: ReadonlyArray<{ id: number; isBot: boolean }>,
  ): void {
    const perGroup = new Map<number, Map<number, AuthorDay>>(); // batch group number → pack(author, day) → counts
    let lastGroup = -1;
    let keys: Map<number, AuthorDay> | undefined;
    let membershipsListed = false;
    for (let i = 0; i < batch.length; i++) {
      if (!fresh[i]) continue;
      const group = batch.group[i];
      if (group !== lastGroup) {
        keys = perGroup.get(group);
        if (!keys) perGroup.set(group, (keys = new Map()));
        lastGroup = group;
        membershipsListed = this.membershipFirstDay.has(groupIds[group]);
      }
      // Groups enter the memberships in the order `add` would list them (their rows' storage order).
      if (!membershipsListed && !members[batch.author[i]].isBot) {
        nested(this.membershipFirstDay, groupIds[group]);
        membershipsListed = true;
      }
      const key = pack(batch.author[i], batch.day[i]);
      let counts = keys!.get(key);
      if (!counts) keys!.set(key, (counts = { messages: 0, checkins: 0, joins: 0 }));
      const kind = batch.kind[i];
      if (kind === MESSAGE) counts.messages++;
      else if (kind === CHECKIN) counts.checkins++;
      else if (kind === JOIN) counts.joins++;
      if (batch.replyTo[i] !== null || batch.thread[i] !== null) this.replyLinkedGroups.add(groupIds[group]);
    }
    for (const [group, byAuthorDay] of perGroup) {
      const groupId = groupIds[group];
      for (const [key, c] of byAuthorDay) {
        const day = dayOf(key);
        keepMin(this.groupFirstDay, groupId, day);
        if (day < this.firstDay) this.firstDay = day;
        if (day > this.lastDay) this.lastDay = day;
        const member = members[Math.floor(key / SPAN)];
        if (member.isBot) continue;
        // Keys come in the order of their first event, so members enter in the order `add` sees them.
        keepMin(nested(this.membershipFirstDay, groupId), member.id, day);
        if (c.messages + c.checkins + c.joins > 0) keepMin(this.memberFirstDay, member.id, day);
        if (
          c.messages + c.checkins > 0 &&
          addTo(nested(this.groupMemberDays, groupId), pack(member.id, day), c.messages, c.checkins)
        )
          this.size++;
      }
    }
  }

  /**
   * Writes the day counts gathered so far (member-day, member-month, group-member-day, group-day
   * and community-day rows) and forgets them, keeping first days, memberships and reply links
   * for `flush`: cheap enough to call whenever the caller would otherwise wait, and what bounds
   * the memory of a long import (the rest grows with members, not events).
   */
  async flushCounts(trx: Transaction<Database>): Promise<void> {
    await this.store.write(trx, this.communityId, {
      ...this.takeCounts(),
      memberships: [],
      memberFirstDays: new Map(),
      groupFirstDays: new Map(),
      replyLinkedGroups: [],
      span: null,
    });
  }

  /** Writes everything gathered so far, in one write: the counts, first days, memberships and reply links. */
  async flush(trx: Transaction<Database>): Promise<void> {
    const delta: RollupDelta = {
      ...this.takeCounts(),
      memberships: [...this.membershipFirstDay].flatMap(([g, members]) =>
        [...members].map(([member, day]) => [g, member, day] as [number, number, number]),
      ),
      memberFirstDays: this.memberFirstDay,
      groupFirstDays: this.groupFirstDay,
      replyLinkedGroups: [...this.replyLinkedGroups],
      span: this.firstDay <= this.lastDay ? { first: this.firstDay, last: this.lastDay } : null,
    };
    this.reset();
    await this.store.write(trx, this.communityId, delta);
  }

  /**
   * The day counts gathered so far as rows (member-day, member-month, group-member-day, group-day
   * and community-day), which the accumulator then forgets.
   */
  private takeCounts(): Pick<
    RollupDelta,
    'memberDays' | 'communityDays' | 'memberMonths' | 'groupMemberDays' | 'groupDays'
  > {
    const groups = [...this.groupMemberDays.keys()].sort((a, b) => a - b);
    const memberDays = groups.length === 1 ? this.groupMemberDays.get(groups[0])! : new Map<number, Counts>();
    const groupDays: CountRow[] = [];
    for (const group of groups) {
      const perDay = new Map<number, Counts>();
      for (const [key, counts] of this.groupMemberDays.get(group)!) {
        if (groups.length > 1) add(memberDays, key, counts);
        add(perDay, dayOf(key), counts);
      }
      for (const [day, c] of [...perDay].sort(([a], [b]) => a - b))
        groupDays.push([group, day, c.messages, c.checkins]);
    }
    const memberMonths = new Map<number, Counts>();
    const communityDays = new Map<number, Counts>();
    for (const [key, counts] of memberDays) {
      const day = dayOf(key);
      add(memberMonths, pack(Math.floor(key / SPAN), this.month(day)), counts);
      add(communityDays, day, counts);
    }
    const rows = {
      memberDays: rowsOf(memberDays),
      communityDays: [...communityDays].sort(([a], [b]) => a - b).map(([day, c]) => [day, c.messages, c.checkins]),
      memberMonths: rowsOf(memberMonths),
      groupMemberDays: groups.flatMap((g) => rowsOf(this.groupMemberDays.get(g)!, g)),
      groupDays,
    };
    this.groupMemberDays = new Map();
    this.size = 0;
    return rows;
  }

  private month(day: number): number {
    let month = this.monthOf.get(day);
    if (month === undefined) {
      month = monthOfDay(day);
      this.monthOf.set(day, month);
    }
    return month;
  }

  /** Forgets everything gathered: the transaction it was gathered for rolled back. */
  discard() {
    this.reset();
  }

  /** Starts over with new maps and sets: a delta being written may still hold the old ones. */
  private reset() {
    this.groupMemberDays = new Map();
    this.memberFirstDay = new Map();
    this.groupFirstDay = new Map();
    this.membershipFirstDay = new Map();
    this.replyLinkedGroups = new Set();
    this.firstDay = Infinity;
    this.lastDay = -Infinity;
    this.size = 0;
  }
}
