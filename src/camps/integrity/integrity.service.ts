import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../../kernel/db/database.js';
import type { Database } from '../../kernel/db/schema.js';
import {
  addToShingleIndex,
  buildShingleIndex,
  DEFAULT_INTEGRITY_OPTIONS,
  findCopies,
  findCopiesInIndex,
  shinglesOf,
  type CheckinText,
  type ShingleIndex,
} from './integrity.rules.js';
import { checkinText, insertFlag, ownTextsBefore, textReads, type TextRow } from './integrity.repo.js';

/**
 * Copy detection (抄袭打卡) as check-ins arrive, inside each check-in's transaction.
 *
 * Cost: a check-in's text is compared only when it has substance of its own (`shinglesOf`: at
 * least 10 characters once punctuation and boilerplate such as `打卡 第3天` are gone), so a surge
 * of "打卡" posts never reads anything. A substantial one is compared with in-memory shingle
 * indexes of the camp, one per camp day, holding the texts of check-ins counting for today and the
 * `LOOKBACK_DAYS - 1` days before (copies come from the days just before). A new day opens an
 * empty index and the oldest is dropped, so the day's first check-in never waits for a rebuild;
 * only a cold cache (a restart, an evicted camp) loads the days from the database. New rows are
 * caught up by id, at most every `SYNC_EVERY_MS`, so a burst of long texts reads the new rows a
 * few times a second, not once per check-in. Memory is bounded by `MAX_TEXTS` across camps.
 *
 * The indexes are a cache and the database stays the truth: on PostgreSQL several processes write,
 * and concurrent transactions commit out of id order, so rows made in the last `SETTLE_MS` are
 * read again until they settle; and a match is checked against the stored original before
 * anything is flagged (an index entry could come from a check-in whose transaction rolled back).
 */

const LOOKBACK_DAYS = 3;
const SYNC_EVERY_MS = 250;
const SETTLE_MS = 2000;
/** Texts kept in memory across the camps of a database; least recently used camps go first. */
const MAX_TEXTS = 100_000;

interface CampIndex {
  /** One index per camp day, from the lookback's first day on. */
  days: Map<number, ShingleIndex>;
  /** Every check-in with an id up to this one is indexed (or too short to be). */
  settledId: number;
  /** Ids above `settledId` already indexed. */
  unsettled: Set<number>;
  syncedAt: number;
}

const caches = new WeakMap<object, Map<number, CampIndex>>();

function cacheOf(handle: DatabaseHandle): Map<number, CampIndex> {
  let cache = caches.get(handle.db);
  if (!cache) {
    cache = new Map();
    caches.set(handle.db, cache);
  }
  return cache;
}

const asText = (r: TextRow): CheckinText => ({
  checkinId: Number(r.id),
  memberId: Number(r.member_id),
  atMs: Number(r.at),
  text: r.text,
});
const sizeOf = (entry: CampIndex) => [...entry.days.values()].reduce((n, index) => n + index.texts.length, 0);

/** Adds rows not yet indexed and moves the settled mark past the rows old enough to be final. */
function absorb(entry: CampIndex, rows: readonly TextRow[], fromDay: number, now: number): void {
  let settled = entry.settledId;
  let pending = false;
  const unsettled = new Set<number>();
  for (const row of rows) {
    const id = Number(row.id);
    if (!entry.unsettled.has(id) && row.day >= fromDay) {
      let index = entry.days.get(row.day);
      if (!index) entry.days.set(row.day, (index = buildShingleIndex([], DEFAULT_INTEGRITY_OPTIONS)));
      addToShingleIndex(index, asText(row));
    }
    // The mark only moves over a prefix of final rows: a young row holds back every later one.
    if (!pending && Number(row.at) <= now - SETTLE_MS) settled = id;
    else {
      pending = true;
      unsettled.add(id);
    }
  }
  entry.settledId = settled;
  entry.unsettled = unsettled;
  entry.syncedAt = now;
}

/** Syncs of a camp's index under way, per database: at most one per camp at a time. */
const syncs = new WeakMap<object, Map<number, { trx: Transaction<Database>; done: Promise<CampIndex> }>>();

/**
 * The camp's index, synced. Check-ins running side by side (a PostgreSQL batch, or its lanes)
 * share a sync under way rather than start their own: two would read the same new rows and add
 * them twice. A shared sync that failed in another transaction (rolled back, say) is not this
 * one's failure, so this one then syncs on its own.
 */
async function campIndex(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  campId: number,
  today: number,
  now: number,
): Promise<CampIndex> {
  let perCamp = syncs.get(handle.db);
  if (!perCamp) syncs.set(handle.db, (perCamp = new Map()));
  const running = perCamp.get(campId);
  if (running) {
    try {
      return await running.done;
    } catch (error) {
      if (running.trx === trx) throw error;
    }
  }
  const done = syncCampIndex(handle, trx, campId, today, now);
  const sync = { trx, done };
  perCamp.set(campId, sync);
  try {
    return await done;
  } finally {
    if (perCamp.get(campId) === sync) perCamp.delete(campId);
  }
}

async function syncCampIndex(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  campId: number,
  today: number,
  now: number,
): Promise<CampIndex> {
  const cache = cacheOf(handle);
  const fromDay = today - LOOKBACK_DAYS + 1;
  const reads = textReads(handle);
  let entry = cache.get(campId);
  if (!entry) {
    entry = { days: new Map(), settledId: 0, unsettled: new Set(), syncedAt: now };
    absorb(entry, await reads.since(trx, campId, fromDay), fromDay, now);
  } else {
    for (const day of entry.days.keys()) if (day < fromDay) entry.days.delete(day);
    if (now - entry.syncedAt >= SYNC_EVERY_MS || now < entry.syncedAt)
      absorb(entry, await reads.after(trx, campId, entry.settledId, fromDay), fromDay, now);
  }
  cache.delete(campId);
  cache.set(campId, entry);
  let total = [...cache.values()].reduce((n, e) => n + sizeOf(e), 0);
  for (const [id, other] of cache) {
    if (total <= MAX_TEXTS || id === campId) break;
    total -= sizeOf(other);
    cache.delete(id);
  }
  return entry;
}

export interface IncomingText {
  communityId: number;
  campId: number;
  checkinId: number;
  memberId: number;
  at: number;
  text: string | null;
  /** The camp day the check-in counts for. */
  day: number;
}

/**
 * Flags the check-in when its text copies an earlier check-in of another member of the camp
 * (the best match; one flag per check-in) that the member had not written themselves before.
 * Returns the original's id, or null.
 */
export async function detectCopy(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  incoming: IncomingText,
  now: number,
): Promise<number | null> {
  if (incoming.text === null || shinglesOf(incoming.text).size === 0) return null;
  const entry = await campIndex(handle, trx, incoming.campId, incoming.day, now);
  const text: CheckinText = {
    checkinId: incoming.checkinId,
    memberId: incoming.memberId,
    atMs: incoming.at,
    text: incoming.text,
  };
  const [best] = [...entry.days.values()]
    .flatMap((index) => findCopiesInIndex(index, text))
    .sort((x, y) => y.score - x.score || y.jaccard - x.jaccard || x.checkinId - y.checkinId);
  if (!best) return null;
  const original = await checkinText(trx, incoming.campId, best.checkinId);
  const confirmed = original?.text ? findCopies(text, [asText(original as TextRow)])[0] : undefined;
  if (!confirmed) {
    // The index held a row the database does not (a rolled-back check-in): rebuild it next time.
    cacheOf(handle).delete(incoming.campId);
    return null;
  }
  // Repeating oneself is no copy, even when someone copied the words in between: if the member's
  // own text made before the "original" matches too, they wrote it first.
  const own = await ownTextsBefore(trx, incoming.campId, incoming.memberId, Number(original!.at));
  if (findCopies({ ...text, memberId: -1 }, own.map(asText)).length > 0) return null;
  await insertFlag(trx, {
    communityId: incoming.communityId,
    campId: incoming.campId,
    checkinId: incoming.checkinId,
    originalId: confirmed.checkinId,
    score: confirmed.score,
    jaccard: confirmed.jaccard,
    now,
  });
  return confirmed.checkinId;
}

/** Forgets every camp's index of `handle` (tests, or after bulk changes to check-in texts). */
export function forgetCopyIndexes(handle: DatabaseHandle): void {
  caches.delete(handle.db);
}
