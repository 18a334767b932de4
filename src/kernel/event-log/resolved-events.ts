import type BetterSqlite3 from 'better-sqlite3';
import type { Transaction } from 'kysely';
import type { DatabaseHandle } from '../db/database.js';
import type { Defer } from '../db/group-commit.js';
import type { Database } from '../db/schema.js';
import type { EventKind, Platform } from './event.types.js';
import { EVENT_COLUMNS } from './event-writer.js';
import { RollupAccumulator } from './rollups.js';

/**
 * The event log's fast path, for a feature that writes an event whose member and group it already
 * knows and whose day it has judged (a check-in: from a personal link, or a member's message
 * already appended). It skips what `EventLog.append` does for raw platform events — resolving
 * identities, stamping days and question flags, running subscribers — and keeps what every event
 * needs: one row shape, idempotency on (community, platform, source id), and the day rollups.
 * The appender does what follows its events itself (the camps answer with streaks and rewards;
 * member figures ride on the schedule).
 */
export interface ResolvedEvent {
  communityId: number;
  groupId: number;
  memberId: number;
  platform: Platform;
  /** Unique within (community, platform); the event is stored once however often it is appended. */
  sourceId: string;
  kind: EventKind;
  occurredAt: number;
  /** The community-local day it counts for. */
  day: number;
  text: string | null;
}

/** Columns a resolved event leaves at their defaults: it replies to nothing and is no question. */
const DEFAULTED = new Set<string>(['reply_to_source_id', 'thread_source_id', 'is_question']);

/** The columns a resolved event sets, in the order `resolvedEventValues` gives them. */
export const RESOLVED_EVENT_COLUMNS = EVENT_COLUMNS.filter((column) => !DEFAULTED.has(column));

/** A resolved event's values, in `RESOLVED_EVENT_COLUMNS` order; replies, threads and question flags stay at their defaults. */
export function resolvedEventValues(event: ResolvedEvent): unknown[] {
  return [
    event.communityId,
    event.groupId,
    event.memberId,
    event.platform,
    event.sourceId,
    event.kind,
    event.occurredAt,
    event.day,
    event.text,
  ];
}

/**
 * The statement that logs resolved events from a query giving `RESOLVED_EVENT_COLUMNS` in order,
 * for a feature that stores its own rows and their events in one PostgreSQL statement (a CTE): an
 * event already stored is skipped, and `returning` tells which were new.
 *
 * @example
 * `logged as (${insertResolvedEventsFrom("select … from stored s", 'source_id')})`
 */
export function insertResolvedEventsFrom(select: string, returning: string): string {
  return `insert into events (${RESOLVED_EVENT_COLUMNS.join(', ')})
  ${select}
  on conflict (community_id, platform, source_id) do nothing
  returning ${returning}`;
}

/**
 * On SQLite, an appender of resolved events through a statement prepared once: make it once per
 * connection. It runs in the connection's open transaction and answers true when the event was new.
 */
export function sqliteResolvedEventAppender(sqlite: BetterSqlite3.Database): (event: ResolvedEvent) => boolean {
  const insert = sqlite.prepare(
    `insert into events (${RESOLVED_EVENT_COLUMNS.join(', ')}) values (${RESOLVED_EVENT_COLUMNS.map(() => '?').join(', ')}) on conflict do nothing`,
  );
  return (event) => insert.run(resolvedEventValues(event)).changes === 1;
}

/**
 * Adds an appended resolved event to the day rollups, inside the caller's transaction, so reports
 * count it the moment it is acknowledged; the accumulator is ingest's own, so the counting stays
 * one code. The counts are written by `defer`, once per transaction (a group commit holds many
 * events); a transaction that rolls back discards them. Call it after the event's last await, so
 * an item failing in its savepoint never leaves counts behind.
 */
export function countResolvedEvent(
  handle: DatabaseHandle,
  trx: Transaction<Database>,
  event: Pick<ResolvedEvent, 'communityId' | 'groupId' | 'memberId' | 'kind' | 'day'>,
  defer: Defer,
): void {
  const rollups = rollupsFor(handle, trx, event.communityId);
  rollups.add(event.groupId, event.memberId, event.kind, event.day, false, true);
  defer(
    `rollups:${event.communityId}`,
    (t) => rollups.flush(t),
    () => rollups.discard(),
  );
}

/**
 * One accumulator per community and transaction, flushed by the transaction's defer. On SQLite
 * transactions run one at a time on the one connection and each flush empties the accumulator, so
 * one per community is kept for good and its prepared statements are made once, not per batch.
 * PostgreSQL runs several batches side by side, so each transaction gets its own.
 */
const accumulators = new WeakMap<object, Map<number, RollupAccumulator>>();

function rollupsFor(handle: DatabaseHandle, trx: Transaction<Database>, communityId: number): RollupAccumulator {
  const owner = handle.sqlite ?? trx;
  let perCommunity = accumulators.get(owner);
  if (!perCommunity) {
    perCommunity = new Map();
    accumulators.set(owner, perCommunity);
  }
  let rollups = perCommunity.get(communityId);
  if (!rollups) {
    rollups = new RollupAccumulator(communityId, handle);
    perCommunity.set(communityId, rollups);
  }
  return rollups;
}
