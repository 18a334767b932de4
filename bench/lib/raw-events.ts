import SQLite from 'better-sqlite3';
import { openDatabase } from '../../src/kernel/db/database.js';
import { createQuestionDetector } from '../../src/kernel/event-log/question-flag.rules.js';
import { createDayResolver } from '../../src/kernel/time/local-day.js';
import { flattenTelegramText } from '../../src/platforms/importers/telegram/telegram.importer.js';
import { chatEntries, type ChatSpec } from './generate-telegram.js';
import { EVENT_COLUMNS } from '../../src/kernel/event-log/event-writer.js';

/**
 * The raw baseline: the rows Shequn's ingest stores for an export, produced straight from the
 * generator (no JSON), and a plain better-sqlite3 table to insert them into.
 */

/** Values in the column order of `RAW_COLUMNS`. */
export type RawRow = [
  number,
  number,
  number,
  string,
  string,
  string,
  number,
  number,
  string | null,
  null,
  string | null,
  number,
];

/** Shequn's own event columns: the raw baseline writes exactly the rows the event writer does. */
export const RAW_COLUMNS = EVENT_COLUMNS;

/** Shequn's events table (migration 001) with its unique constraint and nothing else. */
const EVENTS_TABLE = `create table events (
  id integer primary key autoincrement,
  community_id integer not null,
  group_id integer not null,
  member_id integer,
  platform text not null,
  source_id text not null,
  kind text not null,
  occurred_at integer not null,
  day integer not null,
  reply_to_source_id text,
  thread_source_id text,
  text text,
  is_question integer not null default 0,
  constraint events_source_unique unique (community_id, platform, source_id)
)`;

export const RAW_INDEXES = ['events_source_unique (community_id, platform, source_id)'];

/**
 * Shequn's secondary indexes on events, read from a freshly migrated in-memory database so the
 * "all indexes" variant follows the migrations as they change.
 */
export async function shequnEventIndexes(): Promise<string[]> {
  const handle = await openDatabase({ dataDir: ':memory:' });
  try {
    const rows = handle
      .sqlite!.prepare(
        "select sql from sqlite_master where type = 'index' and tbl_name = 'events' and sql is not null order by name",
      )
      .all() as Array<{ sql: string }>;
    return rows.map((r) => r.sql);
  } finally {
    await handle.close();
  }
}

/**
 * Batches of the rows ingest would store for `spec`'s export: same source ids, days, reply links,
 * flattened texts and question flags; members numbered in order of first appearance, as ingest does.
 */
export function* rawEventBatches(spec: ChatSpec, timezone: string, batchSize: number): Generator<RawRow[]> {
  const dayOf = createDayResolver(timezone);
  const isQuestion = createQuestionDetector();
  const memberIds = new Map<number, number>();
  const memberOf = (userId: number) => {
    let id = memberIds.get(userId);
    if (id === undefined) {
      id = memberIds.size + 1;
      memberIds.set(userId, id);
    }
    return id;
  };
  let batch: RawRow[] = [];
  for (const e of chatEntries(spec)) {
    const message = e.kind === 'message';
    const text = message ? flattenTelegramText(e.text) : null;
    batch.push([
      1,
      1,
      memberOf(e.userId),
      'telegram',
      e.kind === 'leave' ? `${spec.chatId}:${e.id}:0` : `${spec.chatId}:${e.id}`,
      e.kind,
      e.at,
      dayOf(e.at),
      e.replyTo === null ? null : `${spec.chatId}:${e.replyTo}`,
      null,
      text,
      message && isQuestion(text) ? 1 : 0,
    ]);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export interface RawTarget {
  sqlite: SQLite.Database;
  /** Inserts one batch in one transaction. */
  insertBatch(rows: RawRow[]): void;
  close(): void;
}

/**
 * A fresh database file with Shequn's PRAGMAs (WAL, synchronous=NORMAL, 64 MB cache) and the plain
 * events table, plus the given extra index statements.
 */
export function openRawTarget(file: string, extraIndexes: string[] = []): RawTarget {
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536');
  sqlite.exec(EVENTS_TABLE);
  for (const sql of extraIndexes) sqlite.exec(sql);
  const insert = sqlite.prepare(
    `insert into events (${RAW_COLUMNS.join(', ')}) values (${RAW_COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertBatch = sqlite.transaction((rows: RawRow[]) => {
    for (const row of rows) insert.run(row);
  });
  return { sqlite, insertBatch, close: () => sqlite.close() };
}
