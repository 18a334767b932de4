import type SQLite from 'better-sqlite3';
import type { Transaction } from 'kysely';
import { EVENT_KINDS, type Platform } from './event.types.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Database, NewEvent } from '../db/schema.js';
import type { EventBatch } from './event-batch.js';

/** A batch's events with their stored group and member: `groupIds[batch.group[i]]`, `memberIds[batch.author[i]]`. */
export interface ResolvedBatch {
  batch: EventBatch;
  groupIds: number[];
  platforms: Platform[];
  memberIds: number[];
}

/**
 * Inserts events, skipping those already stored (same community, platform and source id), and
 * reports which rows were new: only new rows may touch the rollups, or a re-import would count
 * twice. SQLite takes prepared statements of 128 rows (no query building on the hot path);
 * PostgreSQL takes multi-row inserts of 1000.
 */
export type EventWriter = (trx: Transaction<Database>, events: ResolvedBatch) => Promise<Uint8Array>;

/** Every column an appended event sets, in the order the writers bind them. */
export const EVENT_COLUMNS = [
  'community_id',
  'group_id',
  'member_id',
  'platform',
  'source_id',
  'kind',
  'occurred_at',
  'day',
  'reply_to_source_id',
  'thread_source_id',
  'text',
  'is_question',
] as const;

const PG_ROWS_PER_INSERT = 1000;
/** Rows per SQLite insert: one statement for many rows saves most of the per-call overhead. */
const ROWS_PER_STATEMENT = 128;

/**
 * The writer's statements, prepared once per connection: a live append writes one event, and
 * preparing the 128-row insert cost more than the append's own insert.
 */
const prepared = new WeakMap<
  SQLite.Database,
  { one: SQLite.Statement; many: SQLite.Statement; newest: SQLite.Statement }
>();
function sqliteStatements(sqlite: SQLite.Database) {
  let statements = prepared.get(sqlite);
  if (!statements) {
    const values = (rows: number) =>
      Array.from({ length: rows }, () => `(${EVENT_COLUMNS.map(() => '?').join(', ')})`).join(', ');
    const insert = (rows: number) =>
      sqlite.prepare(`insert into events (${EVENT_COLUMNS.join(', ')}) values ${values(rows)} on conflict do nothing`);
    statements = {
      one: insert(1),
      many: insert(ROWS_PER_STATEMENT),
      newest: sqlite.prepare('select source_id from events order by id desc limit ?').pluck(),
    };
    prepared.set(sqlite, statements);
  }
  return statements;
}

export function createEventWriter(handle: DatabaseHandle, communityId: number): EventWriter {
  const sqlite = handle.sqlite;
  if (sqlite) {
    const { one, many, newest } = sqliteStatements(sqlite);
    const args = new Array(ROWS_PER_STATEMENT * EVENT_COLUMNS.length);
    return async (_trx, { batch, groupIds, platforms, memberIds }) => {
      const fresh = new Uint8Array(batch.length);
      const bind = (i: number, to: unknown[], at: number) => {
        const group = batch.group[i];
        to[at] = communityId;
        to[at + 1] = groupIds[group];
        to[at + 2] = memberIds[batch.author[i]];
        to[at + 3] = platforms[group];
        to[at + 4] = batch.sourceId[i];
        to[at + 5] = EVENT_KINDS[batch.kind[i]];
        to[at + 6] = batch.occurredAt[i];
        to[at + 7] = batch.day[i];
        to[at + 8] = batch.replyTo[i];
        to[at + 9] = batch.thread[i];
        to[at + 10] = batch.text[i];
        to[at + 11] = batch.isQuestion[i];
      };
      let i = 0;
      for (; i + ROWS_PER_STATEMENT <= batch.length; i += ROWS_PER_STATEMENT) {
        for (let r = 0; r < ROWS_PER_STATEMENT; r++) bind(i + r, args, r * EVENT_COLUMNS.length);
        const changes = many.run(args).changes;
        if (changes === ROWS_PER_STATEMENT) fresh.fill(1, i, i + ROWS_PER_STATEMENT);
        else if (changes > 0) {
          // Some rows were stored before: the ones this statement added are the newest rows (ids
          // only grow, and nothing else writes in this transaction). A source id twice among
          // them was added once, as its first row.
          const added = new Set(newest.all(changes) as string[]);
          for (let r = i; r < i + ROWS_PER_STATEMENT; r++) fresh[r] = added.delete(batch.sourceId[r]) ? 1 : 0;
        }
      }
      const single = new Array(EVENT_COLUMNS.length);
      for (; i < batch.length; i++) {
        bind(i, single, 0);
        fresh[i] = one.run(single).changes;
      }
      return fresh;
    };
  }
  return async (trx, { batch, groupIds, platforms, memberIds }) => {
    const fresh = new Uint8Array(batch.length);
    for (let start = 0; start < batch.length; start += PG_ROWS_PER_INSERT) {
      const rows: NewEvent[] = [];
      for (let i = start; i < Math.min(batch.length, start + PG_ROWS_PER_INSERT); i++) {
        const group = batch.group[i];
        rows.push({
          community_id: communityId,
          group_id: groupIds[group],
          member_id: memberIds[batch.author[i]],
          platform: platforms[group],
          source_id: batch.sourceId[i],
          kind: EVENT_KINDS[batch.kind[i]],
          occurred_at: batch.occurredAt[i],
          day: batch.day[i],
          reply_to_source_id: batch.replyTo[i],
          thread_source_id: batch.thread[i],
          text: batch.text[i],
          is_question: batch.isQuestion[i],
        });
      }
      const inserted = await trx
        .insertInto('events')
        .values(rows)
        .onConflict((oc) => oc.columns(['community_id', 'platform', 'source_id']).doNothing())
        .returning('source_id')
        .execute();
      const stored = new Set(inserted.map((r) => r.source_id));
      // A source id twice in one batch is inserted once: only its first row is new.
      for (let i = start; i < start + rows.length; i++) fresh[i] = stored.delete(batch.sourceId[i]) ? 1 : 0;
    }
    return fresh;
  };
}
