import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { monthOfDay } from './months.js';
import { kyselyRollupStore, type CountRow, type RollupStore } from './rollup-store.js';
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
const unpack = (key: number): [number, number] => {
  const id = Math.floor(key / SPAN);
  return [id, key - id * SPAN - OFFSET];
};

function bump<K>(map: Map<K, Counts>, key: K, message: boolean) {
  let counts = map.get(key);
  if (!counts) {
    counts = { messages: 0, checkins: 0 };
    map.set(key, counts);
  }
  if (message) counts.messages++;
  else counts.checkins++;
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

/** Rows of a packed-key map, in key order. */
function rowsOf(map: Map<number, Counts>, prefix: number[] = []): CountRow[] {
  const keys = Float64Array.from(map.keys()).sort();
  const rows: CountRow[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const c = map.get(keys[i])!;
    rows[i] = [...prefix, ...unpack(keys[i]), c.messages, c.checkins];
  }
  return rows;
}

/**
 * Day rollups kept up to date at ingest, so reports read thousands of rows instead of millions of
 * events. Deltas accumulate in memory and are added to the stored rows by `flush`, which also
 * counts a member as newly active on a day exactly when their member-day row is created.
 */
export class RollupAccumulator {
  private memberDays = new Map<number, Counts>();
  private memberMonths = new Map<number, Counts>();
  private groupMemberDays = new Map<number, Map<number, Counts>>();
  private groupDays = new Map<number, Map<number, Counts>>();
  private communityDays = new Map<number, Counts>();
  private memberFirstDay = new Map<number, number>();
  private groupFirstDay = new Map<number, number>();
  private membershipFirstDay = new Map<number, Map<number, number>>();
  private replyLinkedGroups = new Set<number>();
  private firstDay = Infinity;
  private lastDay = -Infinity;
  private monthOf = new Map<number, number>();
  private readonly store: RollupStore;
  size = 0;

  constructor(private readonly communityId: number, handle: DatabaseHandle) {
    this.store = handle.sqlite ? sqliteRollupStore(handle.sqlite) : kyselyRollupStore();
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
    const memberDay = pack(memberId, day);
    bump(this.memberDays, memberDay, message);
    let month = this.monthOf.get(day);
    if (month === undefined) {
      month = monthOfDay(day);
      this.monthOf.set(day, month);
    }
    bump(this.memberMonths, pack(memberId, month), message);
    bump(nested(this.groupMemberDays, groupId), memberDay, message);
    bump(nested(this.groupDays, groupId), day, message);
    bump(this.communityDays, day, message);
    this.size++;
  }

  async flush(trx: Transaction<Database>): Promise<void> {
    const store = this.store;
    const communityId = this.communityId;
    const newlyActive = await store.memberDays(trx, communityId, rowsOf(this.memberDays));
    await store.communityDays(
      trx,
      communityId,
      [...this.communityDays].sort(([a], [b]) => a - b).map(([day, c]) => [day, c.messages, c.checkins, newlyActive.get(day) ?? 0]),
    );
    await store.memberMonths(trx, communityId, rowsOf(this.memberMonths));
    const groups = [...this.groupDays.keys()].sort((a, b) => a - b);
    await store.groupMemberDays(trx, groups.flatMap((g) => rowsOf(this.groupMemberDays.get(g)!, [g])));
    await store.groupDays(
      trx,
      groups.flatMap((g) => [...this.groupDays.get(g)!].sort(([a], [b]) => a - b).map(([day, c]): CountRow => [g, day, c.messages, c.checkins])),
    );
    await store.memberships(
      trx,
      communityId,
      [...this.membershipFirstDay].flatMap(([g, members]) => [...members].map(([member, day]) => [g, member, day] as [number, number, number])),
    );
    await store.lowerFirstDays(trx, 'members', this.memberFirstDay);
    await store.lowerFirstDays(trx, 'groups', this.groupFirstDay);
    if (this.replyLinkedGroups.size > 0) await store.markReplyLinked(trx, [...this.replyLinkedGroups]);
    if (this.firstDay <= this.lastDay) await store.widenCommunityDays(trx, communityId, this.firstDay, this.lastDay);
    this.reset();
  }

  private reset() {
    for (const map of [this.memberDays, this.memberMonths, this.groupMemberDays, this.groupDays, this.communityDays]) map.clear();
    for (const map of [this.memberFirstDay, this.groupFirstDay, this.membershipFirstDay]) map.clear();
    this.replyLinkedGroups.clear();
    this.firstDay = Infinity;
    this.lastDay = -Infinity;
    this.size = 0;
  }
}
